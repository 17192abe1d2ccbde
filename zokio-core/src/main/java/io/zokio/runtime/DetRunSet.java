package io.zokio.runtime;

import io.zokio.runtime.sched.InjectQueue;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * <b>Threading:</b> the single worker's thread of a deterministic runtime only.
 *
 * <p>The run queue of a deterministic runtime ({@link RuntimeBuilder#deterministic}): an unordered set of
 * runnable tasks (lightweight tasks and virtual-thread continuations) from which the next one is drawn with a
 * seeded generator. Every interleaving the scheduler allows can come up, and one seed always draws the same
 * one, because the set's contents and the draws depend only on the seed and on the tasks themselves (one
 * worker; time is virtual). Tasks from outside (the inject queue) join the set when the worker looks for work.
 */
final class DetRunSet {
    private final SplittableRandom random;
    private Runnable[] items = new Runnable[64];
    private int size;

    DetRunSet(long seed) {
        this.random = new SplittableRandom(seed);
    }

    void add(Runnable r) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = r;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Moves what came from outside into the set, then draws the next task, or returns null. */
    Runnable next(InjectQueue<Runnable> inject) {
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
}
