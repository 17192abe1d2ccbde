package io.zokio.runtime;

import io.zokio.loop.EventLoop;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> any thread; the state is the runtime's {@link Shared}.
 *
 * <p>Work that runs on the workers' own threads: lightweight tasks ({@code Runtime.executeOnLoop}), the
 * continuations of AFFINE virtual threads, timer callbacks ({@code Runtime.schedule}) and calls on one loop
 * ({@code Runtime.onLoop}). See "Scheduling a
 * lightweight task" in the package documentation.
 */
final class LoopTasks {
    private final Shared shared;
    private final boolean affine;
    /** Round-robin over the workers for timers scheduled from outside the runtime. */
    private final AtomicInteger timerSpread = new AtomicInteger();

    LoopTasks(Shared shared, boolean affine) {
        this.shared = shared;
        this.affine = affine;
    }

    /** {@code Runtime.executeOnLoop}: the LIFO slot on a worker, else the inject queue. */
    void execute(Runnable task, boolean closing) {
        Objects.requireNonNull(task, "task");
        if (closing) {
            throw new RejectedExecutionException("runtime is shut down");
        }
        Worker w = Worker.current();
        if (w == null && affine) {
            w = AffineCarriers.carrierWorker(); // a virtual thread carried by a worker runs on its thread
        }
        if (w != null && w.shared == shared) {
            w.stats.inc(WorkerStats.SPAWNED);
            if (!w.scheduleIfSelf(task)) { // a task re-submitting itself yields: to the back of the queue
                w.scheduleLocal(task);
            }
        } else {
            shared.spawnedOutside.increment();
            if (!shared.inject.push(task)) {
                throw new RejectedExecutionException("runtime is shut down");
            }
            shared.notifyParked();
        }
    }

    /**
     * The scheduler of AFFINE virtual threads: a continuation is a lightweight task. From a worker (or a
     * virtual thread it carries) it takes that worker's LIFO slot, except a virtual thread's own continuation
     * re-submitted while it runs (a yield), which goes to the back of the local queue; from elsewhere it goes to
     * the inject queue as overflow, which is accepted even while shutting down, because live tasks must run to
     * their end.
     */
    void scheduleContinuation(Runnable continuation) {
        Worker w = AffineCarriers.carrierWorker();
        if (w != null && w.shared == shared && !shared.isShutdown()) {
            if (!w.scheduleIfSelf(continuation)) {
                w.scheduleLocal(continuation);
            }
        } else {
            shared.inject.pushOverflow(continuation);
            shared.notifyParked();
        }
    }

    /** The worker of this runtime running the caller: a worker thread, or an AFFINE task's carrier; else null. */
    Worker callerWorker() {
        Worker w = Worker.current();
        if (w == null) {
            w = AffineCarriers.carrierWorker();
        }
        return w != null && w.shared == shared ? w : null;
    }

    /** {@code Runtime.onLoop}: runs {@code call} on {@code loop}'s thread and waits for its value. */
    <T> T onLoop(EventLoop loop, Runtime.LoopCall<T> call) throws InterruptedException {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(call.call(loop));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
    }

    /** {@code Runtime.schedule}: on the caller's worker's wheel, or spread over the workers from outside. */
    Scheduled schedule(Duration delay, Runnable action) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(action, "action");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        if (shared.isShutdown()) {
            throw new RejectedExecutionException("runtime is shut down");
        }
        Worker w = AffineCarriers.carrierWorker();
        if (w == null || w.shared != shared) {
            // from outside: spread over the workers, so that one thread's burst of timers is fired (and its wheel
            // cascaded) by all of them rather than one
            w = shared.workers[Math.floorMod(timerSpread.getAndIncrement(), shared.workers.length)];
        }
        CallbackTimer t = new CallbackTimer(action);
        w.submitTimer(t, Timers.toNanos(delay));
        return t;
    }
}
