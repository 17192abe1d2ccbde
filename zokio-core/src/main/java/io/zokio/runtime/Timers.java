package io.zokio.runtime;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * <b>Threading:</b> {@link #sleep} and {@link #timeout} are called by the waiting thread (not a worker); the
 * timers they create fire on the owning worker's thread.
 *
 * <p>{@code sleep} and {@code timeout} over the per-worker timer wheels. A waiting thread hands its timer to
 * its home worker ({@link Shared#homeWorker()}) through the worker loop's {@code execute}; the worker arms it at
 * that turn's loop time plus the delay, so a timer never fires early.
 */
final class Timers {
    private Timers() {
    }

    static long toNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    static void sleep(Shared shared, Duration d) throws InterruptedException {
        Runtime.checkNotOnLoopThread("sleep()");
        long ns = toNanos(d);
        if (ns <= 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        Worker w = shared.homeWorker();
        SleepTimer s = new SleepTimer(Thread.currentThread());
        w.submitTimer(s, ns);
        await(w, s);
    }

    /** Parks until the runtime clock reaches {@code deadlineNs}; returns at once if it has. */
    static void sleepUntil(Shared shared, long deadlineNs) throws InterruptedException {
        Runtime.checkNotOnLoopThread("sleep()");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (shared.clock.nanoTime() - deadlineNs >= 0) {
            return;
        }
        Worker w = shared.homeWorker();
        SleepTimer s = new SleepTimer(Thread.currentThread());
        w.submitTimerAt(s, deadlineNs);
        await(w, s);
    }

    private static void await(Worker w, SleepTimer s) throws InterruptedException {
        while (s.state == SleepTimer.PENDING) {
            LockSupport.park(s);
            if (Thread.interrupted()) {
                try {
                    w.loop.execute(() -> w.cancelTimer(s));
                } catch (RejectedExecutionException closed) {
                    // the worker abandons every timer when it shuts down
                }
                throw new InterruptedException();
            }
        }
        if (s.state == SleepTimer.ABANDONED) {
            throw new CancellationException("the runtime shut down during sleep");
        }
    }

    static <T> T timeout(Runtime rt, Shared shared, Duration d, Callable<T> body)
            throws InterruptedException, TimeoutException {
        Runtime.checkNotOnLoopThread("timeout()");
        Task<T> task = rt.spawn(body);
        Worker w = shared.homeWorker();
        TimeoutTimer timer = new TimeoutTimer(task);
        w.submitTimer(timer, toNanos(d));
        try {
            return task.join();
        } catch (CancellationException e) {
            if (timer.fired) {
                TimeoutException te = new TimeoutException("timed out after " + d);
                te.initCause(e);
                throw te;
            }
            throw e;
        } catch (InterruptedException e) {
            task.cancel();
            throw e;
        } finally {
            if (!timer.fired) {
                try {
                    w.loop.execute(() -> w.cancelTimer(timer));
                } catch (RejectedExecutionException closed) {
                    // abandoned at shutdown anyway
                }
            }
        }
    }

    /** Unparks a sleeping thread. */
    static final class SleepTimer extends RuntimeTimer {
        static final int PENDING = 0;
        static final int FIRED = 1;
        static final int ABANDONED = 2;
        private final Thread waiter;
        volatile int state;

        SleepTimer(Thread waiter) {
            this.waiter = waiter;
        }

        @Override
        void fire() {
            state = FIRED; // volatile: pairs with the read in sleep()
            LockSupport.unpark(waiter);
        }

        @Override
        void abandon() {
            state = ABANDONED;
            LockSupport.unpark(waiter);
        }
    }

    /** Cancels a task when the deadline passes. */
    static final class TimeoutTimer extends RuntimeTimer {
        private final Task<?> task;
        volatile boolean fired;

        TimeoutTimer(Task<?> task) {
            this.task = task;
        }

        @Override
        void fire() {
            fired = true; // before cancel(): the joiner that sees the cancellation then sees the flag
            task.cancel();
        }

        @Override
        void abandon() {
        }
    }
}
