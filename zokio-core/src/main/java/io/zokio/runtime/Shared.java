package io.zokio.runtime;

import io.zokio.loop.Clock;
import io.zokio.runtime.sched.Idle;
import io.zokio.runtime.sched.InjectQueue;
import java.lang.invoke.VarHandle;

/**
 * <b>Threading:</b> any thread. The state all workers of one runtime share (Tokio's {@code Shared}): the
 * workers (their stealers and loops), the inject queue, the idle bookkeeping and the shutdown flag. Nothing
 * here is guarded by a lock of its own; the lock-held state lives in {@link Idle} and {@link InjectQueue}.
 */
final class Shared {
    final Worker[] workers;
    final InjectQueue<Runnable> inject = new InjectQueue<>();
    final Idle idle;
    final Runtime runtime;
    /** The clock of every worker's loop; timer requesters read it to compute absolute deadlines. */
    final Clock clock;
    /** Set once by {@link Runtime#close()} after the tasks are done; workers then drain and exit. */
    private volatile boolean shutdown;
    /** Tasks spawned from threads that are not this runtime's workers (metrics). */
    final java.util.concurrent.atomic.LongAdder spawnedOutside = new java.util.concurrent.atomic.LongAdder();
    /** Workers picked to wake (metrics and tests); written only on the rare path that wakes someone. */
    private final java.util.concurrent.atomic.AtomicLong wakeups = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Counted down once by each worker after it bound its loop (or failed to start): the runtime's constructor
     * waits on it, so that every worker is running, and counted in the metrics, when {@code build()} returns.
     */
    final java.util.concurrent.CountDownLatch started;

    Shared(int numWorkers, Runtime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
        this.workers = new Worker[numWorkers];
        this.idle = new Idle(numWorkers);
        this.started = new java.util.concurrent.CountDownLatch(numWorkers);
    }

    /** Waits, uninterruptibly, until every worker has counted down {@link #started}. */
    void awaitStarted() {
        boolean interrupted = false;
        while (true) {
            try {
                started.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isShutdown() {
        return shutdown;
    }

    /** Tells every worker to stop: each sees the flag after its current task or when its loop wakes. */
    void shutdown() {
        shutdown = true; // volatile write; pairs with the volatile read at the top of Worker.run's loop
        for (Worker w : workers) {
            w.unpark();
        }
    }

    /**
     * {@link #notifyParked()} for a worker that pushed onto its own local queue: the unfenced pre-check of
     * {@link Idle#mayNeedWakeup()} first (why that is safe is explained there), then the full protocol.
     */
    void notifyParkedLocal() {
        if (idle.mayNeedWakeup()) {
            notifyParked();
        }
    }

    /** Wakes one parked worker if nobody is searching; no atomic write and no syscall when all are busy. */
    void notifyParked() {
        int w = idle.workerToNotify();
        if (w >= 0) {
            wakeups.incrementAndGet();
            workers[w].wakeups.incrementAndGet();
            workers[w].unpark();
        }
    }

    /**
     * Called by the last searcher after it parked: if work appeared meanwhile, wake someone for it. The full
     * fence orders the searcher's decrement of the idle state before these reads; pairs with the fence in
     * {@link Idle#notifyShouldWakeup()} that follows a producer's push.
     */
    void notifyIfWorkPending() {
        VarHandle.fullFence();
        for (Worker w : workers) {
            if (!w.stealer.isEmpty()) {
                notifyParked();
                return;
            }
        }
        if (!inject.isEmpty()) {
            notifyParked();
        }
    }

    long wakeups() {
        return wakeups.get();
    }

    /**
     * The worker a thread hands its I/O and timers to when it names none: the worker carrying it (an AFFINE task,
     * or a worker's own thread), else one picked by thread id (stable per thread).
     */
    Worker homeWorker() {
        // an AFFINE task's home is the worker carrying it: its I/O and timers are submitted in place, no hop
        Worker w = AffineCarriers.carrierWorker();
        if (w != null && w.shared == this) {
            return w;
        }
        return workers[(int) (Thread.currentThread().threadId() % workers.length)];
    }
}
