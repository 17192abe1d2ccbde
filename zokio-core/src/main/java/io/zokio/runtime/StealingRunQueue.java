package io.zokio.runtime;

import io.zokio.runtime.sched.LocalQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * <b>Threading:</b> the owning worker's thread; other workers only through {@link #stealer()}.
 *
 * <p>The work-stealing run queue of a normal runtime (Tokio's {@code multi_thread} worker): a LIFO slot for the
 * task made last, a {@link LocalQueue} other workers steal half of, and batches from the runtime's inject queue.
 * Order: every {@value Worker#FAIRNESS_INTERVAL} ticks the inject queue first; then the LIFO slot (at most
 * {@value Worker#MAX_LIFO_POLLS} times in a row, after which its task goes to the back of the local queue);
 * then the local queue; then a batch from the inject queue; then, if the idle throttle lets this worker
 * search, a steal from another worker starting at a random one, and a batch from the inject queue last.
 */
final class StealingRunQueue extends RunQueue {
    private final Shared shared;
    private final LocalQueue.Owner<Runnable> local = LocalQueue.create();
    private final LocalQueue.Stealer<Runnable> stealer = local.stealer();
    private Runnable lifo;

    StealingRunQueue(Shared shared) {
        this.shared = shared;
    }

    @Override
    Runnable next(int tick) {
        if (tick % Worker.FAIRNESS_INTERVAL == 0) {
            Runnable t = shared.inject.pop();
            if (t != null) {
                return t;
            }
        }
        Runnable t = lifo;
        if (t != null) {
            lifo = null;
            return t;
        }
        t = local.pop();
        if (t != null || shared.inject.isEmpty()) {
            return t;
        }
        return shared.inject.popBatchInto(local, injectBatch());
    }

    private int injectBatch() {
        return Math.min(shared.inject.len() / shared.workers.length + 1, LocalQueue.CAPACITY / 2);
    }

    @Override
    Runnable steal(Worker self) {
        if (!shared.idle.transitionWorkerToSearching(self.isSearching)) {
            return null;
        }
        self.isSearching = true;
        Worker[] ws = shared.workers;
        int n = ws.length;
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            Worker victim = ws[(start + i) % n];
            if (victim != self) {
                int before = local.len();
                Runnable t = victim.stealer.stealInto(local);
                if (t != null) {
                    self.stats.inc(WorkerStats.STEALS);
                    self.stats.add(WorkerStats.STOLEN, 1 + local.len() - before);
                    return t;
                }
            }
        }
        return shared.inject.popBatchInto(local, injectBatch());
    }

    @Override
    Runnable afterRun(int polls) {
        Runnable next = lifo;
        if (next == null) {
            return null;
        }
        lifo = null;
        if (polls >= Worker.MAX_LIFO_POLLS) {
            local.push(next, shared.inject); // fairness: the slot must not starve the queue
            return null;
        }
        return next;
    }

    /** The new task takes the LIFO slot; the task it displaces goes to the local queue. */
    @Override
    void scheduleLocal(Runnable t) {
        Runnable prev = lifo;
        lifo = t;
        if (prev != null) {
            local.push(prev, shared.inject);
            // the queue has work another worker could take; one acquire read when everyone is busy
            shared.notifyParkedLocal();
        }
    }

    /**
     * The task goes to the back of the local queue, not the LIFO slot, so that {@code Thread.yield()} lets the
     * other runnable tasks go first (Tokio defers a yielded task's wake for the same reason).
     */
    @Override
    boolean scheduleIfSelf(Runnable t, Object running) {
        if (running != t) {
            return false;
        }
        local.push(t, shared.inject);
        if (lifo != null || local.len() > 1) {
            shared.notifyParkedLocal(); // as in scheduleLocal: more than one runnable task here, one could be stolen
        }
        return true;
    }

    @Override
    boolean hasTasks() {
        return lifo != null || !local.isEmpty();
    }

    /** Only the last searcher looks again (the lost-wakeup argument of {@code Idle}). */
    @Override
    boolean recheckBeforePark(boolean lastSearcher) {
        return lastSearcher;
    }

    @Override
    Runnable nextAtShutdown() {
        Runnable t = lifo;
        if (t != null) {
            lifo = null;
            return t;
        }
        t = local.pop();
        return t != null ? t : shared.inject.pop();
    }

    @Override
    LocalQueue.Stealer<Runnable> stealer() {
        return stealer;
    }
}
