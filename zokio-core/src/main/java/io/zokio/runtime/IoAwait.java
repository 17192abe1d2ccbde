package io.zokio.runtime;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * <b>Threading:</b> created and awaited by one waiting thread (usually a virtual thread); {@link #run()},
 * {@link #cancelOnLoop()} and {@link #onComplete} run on the loop thread. The result is published by the
 * volatile write of {@link #done}, which the waiter reads.
 *
 * <p>Runs one loop operation on behalf of a thread that is not the loop's: the operation reaches the loop
 * through {@link EventLoop#execute} (no syscall when the loop is busy), or, for an AFFINE virtual thread
 * carried by the loop's own worker, through a direct {@link EventLoop#submit} (no task hand-over at all), the waiter parks with
 * {@link LockSupport#park} (a virtual thread unmounts: no carrier is pinned), and the completion callback
 * unparks it with the result.
 *
 * <p><b>Cancellation keeps buffers safe:</b> an interrupt of the waiter makes it hand a {@code CANCEL} for the
 * operation to the loop, then keep waiting for the operation's own completion (its real result, or
 * {@code -ECANCELED}); only then does {@link #await} return, with the interrupt status set again. The
 * buffers the operation names are therefore never released while the kernel may still write into them.
 */
final class IoAwait implements Callback, Runnable {
    private final Thread waiter;
    private final EventLoop loop;
    private final Completion op;
    /** Written on the loop thread before {@link #done}. */
    private int result;
    private RuntimeException submitFailure;
    private volatile boolean done;

    private IoAwait(Thread waiter, EventLoop loop, Completion op) {
        this.waiter = waiter;
        this.loop = loop;
        this.op = op;
    }

    /**
     * Runs {@code op} on {@code loop} and parks until it completes; returns its result ({@code >= 0}, or a
     * negated errno). Replaces the completion's callback.
     *
     * @throws RejectedExecutionException when the loop is closed
     * @throws IllegalStateException when the loop refused the operation (e.g. it is already in flight)
     */
    static int await(Worker target, Completion op, boolean affine) {
        if (op.isActive()) {
            throw new IllegalStateException("completion is already in flight: " + op);
        }
        EventLoop loop = target.loop;
        IoAwait w = new IoAwait(Thread.currentThread(), loop, op);
        op.callback(w);
        if (affine && AffineCarriers.carrierWorker() == target) {
            // AFFINE, carried by the loop's own worker: submit in place (EventLoop accepts a virtual thread
            // carried by its owner). The completion cannot be reaped before we park: the worker that would
            // reap it is busy running us until we unmount.
            w.run();
            target.directSubmits++;
        } else {
            loop.execute(w);
        }
        boolean interrupted = false;
        while (!w.done) {
            LockSupport.park(w);
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                try {
                    loop.execute(w::cancelOnLoop);
                } catch (RejectedExecutionException closed) {
                    // the loop is closing: its close() delivers -ECANCELED for every operation in flight
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (w.submitFailure != null) {
            throw w.submitFailure;
        }
        return w.result;
    }

    /** Loop thread: submits the operation. */
    @Override
    public void run() {
        try {
            loop.submit(op);
        } catch (RuntimeException e) {
            submitFailure = e;
            finish(0);
        }
    }

    /** Loop thread: cancels the operation if it is still in flight (it then completes with -ECANCELED). */
    private void cancelOnLoop() {
        if (op.isActive()) {
            loop.submit(new Completion().prepCancel(op).callback(NoopCallback.INSTANCE));
        }
    }

    @Override
    public Action onComplete(EventLoop l, Completion c, int res) {
        finish(res);
        return Action.DISARM;
    }

    private void finish(int res) {
        result = res;
        done = true; // volatile: publishes result; pairs with the read in await()'s loop
        LockSupport.unpark(waiter);
    }

    /** For completions whose result nobody needs (the cancel requests). */
    enum NoopCallback implements Callback {
        INSTANCE;

        @Override
        public Action onComplete(EventLoop loop, Completion completion, int result) {
            return Action.DISARM;
        }
    }
}
