package io.zokio.runtime;

import io.zokio.runtime.sched.InjectQueue;
import io.zokio.runtime.sched.LocalQueue;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * <b>Threading:</b> the single worker's thread of a deterministic runtime only.
 *
 * <p>The run queue of a deterministic runtime: an unordered set of runnable tasks (lightweight tasks and
 * virtual-thread continuations) from which the next one is drawn with a seeded generator. Every interleaving
 * the scheduler allows can come up, and one seed always draws the same one, because the set's contents and the
 * draws depend only on the seed and on the tasks themselves (one worker; time is virtual). Tasks from outside
 * (the inject queue) join the set when the worker looks for work. There is nothing to steal and no LIFO slot.
 *
 * <p>Made only through {@link #create}, so that a normal runtime never loads this class.
 */
final class DetRunSet extends RunQueue {
    private final InjectQueue<Runnable> inject;
    /** Empty: other workers (there are none) and metrics see no stealable work. */
    private final LocalQueue.Stealer<Runnable> stealer = LocalQueue.<Runnable>create().stealer();
    private final SplittableRandom random;
    private Runnable[] items = new Runnable[64];
    private int size;

    private DetRunSet(InjectQueue<Runnable> inject, long seed) {
        this.inject = inject;
        this.random = new SplittableRandom(seed);
    }

    /** The seeded run set of the one worker of a runtime whose inject queue is {@code inject}. */
    static RunQueue create(InjectQueue<Runnable> inject, long seed) {
        return new DetRunSet(inject, seed);
    }

    private void add(Runnable r) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = r;
    }

    /** Moves what came from outside into the set, then draws the next task, or returns null. */
    @Override
    Runnable next(int tick) {
        for (Runnable r; (r = inject.pop()) != null; ) {
            add(r);
        }
        if (size == 0) {
            return null;
        }
        int i = random.nextInt(size);
        Runnable t = items[i];
        items[i] = items[--size];
        items[size] = null;
        return t;
    }

    /** One worker: nothing to steal, and {@link #next} already took the inject queue. */
    @Override
    Runnable steal(Worker self) {
        return null;
    }

    @Override
    Runnable afterRun(int polls) {
        return null;
    }

    @Override
    void scheduleLocal(Runnable t) {
        add(t);
    }

    /** A re-submitted task joins the set like any other: the draw decides when it runs again. */
    @Override
    boolean scheduleIfSelf(Runnable t, Object running) {
        return false;
    }

    @Override
    boolean hasTasks() {
        return size != 0;
    }

    /**
     * Always: the one worker never searches (nothing to steal), so it is always the last to look; without this,
     * work injected just before it parked would wait forever.
     */
    @Override
    boolean recheckBeforePark(boolean lastSearcher) {
        return true;
    }

    @Override
    Runnable nextAtShutdown() {
        return next(0);
    }

    @Override
    LocalQueue.Stealer<Runnable> stealer() {
        return stealer;
    }
}
