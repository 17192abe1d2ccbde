package io.zokio.runtime;

import io.zokio.metrics.WorkerMetrics;
import io.zokio.runtime.internal.ShutdownWatch;
import java.time.Duration;
import java.util.List;

/**
 * <b>Threading:</b> run once, by the thread that called {@link Runtime#close()} (never a worker).
 *
 * <p>The runtime's shutdown, steps 1-4 and 8 of the protocol in the package documentation; workers run
 * steps 5-7 themselves on their way out.
 */
final class Shutdown {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");
    /** How long cancelled tasks get to finish (their I/O cancellations must be reaped). */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final Runtime runtime;
    private final Shared shared;
    private final LiveTasks live;
    private final BlockingPool blockingPool;
    private final Thread[] threads;

    Shutdown(Runtime runtime, Shared shared, LiveTasks live, BlockingPool blockingPool, Thread[] threads) {
        this.runtime = runtime;
        this.shared = shared;
        this.live = live;
        this.blockingPool = blockingPool;
        this.threads = threads;
    }

    /**
     * Runs the protocol: {@code refuseNewWork} is step 1 (the runtime refuses new work and tells its
     * {@link ShutdownWatch}: listeners close, idle accepted streams close).
     */
    void run(Duration grace, Runnable refuseNewWork) {
        boolean interrupted = false;
        refuseNewWork.run(); // step 1
        try {
            awaitTasks(System.nanoTime() + Timers.toNanos(grace)); // step 2
        } catch (InterruptedException e) {
            interrupted = true; // an interrupt ends the grace period: the tasks left are cancelled now
        }
        // a task leaves the live list just after its outcome is published: count those not done only
        List<Task<?>> left = live.snapshot().stream().filter(t -> !t.isDone()).toList();
        if (!left.isEmpty()) { // step 3
            if (!grace.isZero()) {
                LOG.log(System.Logger.Level.WARNING, "zokio runtime: {0} tasks still running {1}, cancelling them"
                        + " ({2})", left.size(), interrupted ? "when the closing thread was interrupted"
                        : "after the shutdown grace period of " + grace.toMillis() + " ms", waitingOn());
            }
            for (Task<?> t : left) {
                t.cancel();
            }
        }
        long cancelDeadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        interrupted |= uninterruptibly(() -> awaitTasks(cancelDeadline));
        long stuck = live.snapshot().stream().filter(t -> !t.isDone()).count();
        if (stuck > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0} tasks ignored cancellation; closing the loops anyway",
                    stuck);
        }
        long poolDeadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        interrupted |= uninterruptibly(() -> blockingPool.shutdown(poolDeadline)); // step 4
        shared.shutdown(); // step 5 starts on every worker
        interrupted |= joinAll(threads);
        Runnable r; // step 8: overflow pushed by a worker after the others had drained the inject queue
        while ((r = shared.inject.pop()) != null) {
            try {
                r.run();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, "task threw", e);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What the remaining tasks wait on, as far as the counters tell without walking their stacks: loop
     * operations in flight (submitted and not completed, timers and cancels included), sleepers and timers on
     * the workers' wheels, and busy blocking-pool threads.
     */
    private String waitingOn() {
        long inFlight = 0;
        long timers = 0;
        for (WorkerMetrics w : runtime.metrics().workers()) {
            inFlight += Math.max(0, w.loop().submissions() - w.loop().completions());
            timers += w.timersActive();
        }
        return "waiting on: " + inFlight + " loop operations in flight, " + timers + " timers armed, "
                + blockingPool.threads() + " blocking-pool threads";
    }

    /** A wait with a deadline of its own. */
    @FunctionalInterface
    private interface Wait {
        void run() throws InterruptedException;
    }

    /** Runs {@code wait} to its end through interrupts; true if the thread was interrupted meanwhile. */
    private static boolean uninterruptibly(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    private void awaitTasks(long deadlineNs) throws InterruptedException {
        for (Task<?> t : live.snapshot()) {
            if (!t.awaitDone(deadlineNs)) {
                return;
            }
        }
    }

    /** Joins the worker threads; true if interrupted meanwhile (the join is finished regardless). */
    static boolean joinAll(Thread[] threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }
}
