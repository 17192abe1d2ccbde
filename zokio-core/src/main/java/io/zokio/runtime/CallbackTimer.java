package io.zokio.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;

/**
 * <b>Threading:</b> {@link #fire()} and {@link #abandon()} on the owning worker's thread; {@link #cancel()} and
 * the queries from any thread.
 *
 * <p>A {@link Runtime#schedule} timer: the action runs on the worker's thread inside its timer batch, like an
 * {@code execute} task (it must not block). {@code state} moves once, from PENDING to FIRED (worker),
 * CANCELLED (any thread) or ABANDONED (shutdown), by compare-and-set, so one of them wins. A cancel that wins
 * also asks the worker to take the entry off its wheel; if the entry was not armed yet, it is armed later and
 * its firing finds CANCELLED and does nothing.
 */
final class CallbackTimer extends RuntimeTimer implements Scheduled {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");
    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;
    private static final int ABANDONED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallbackTimer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable action;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    CallbackTimer(Runnable action) {
        this.action = action;
    }

    @Override
    void fire() {
        if (STATE.compareAndSet(this, PENDING, FIRED)) {
            try {
                action.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "scheduled action threw", t);
            }
        }
    }

    @Override
    void abandon() {
        STATE.compareAndSet(this, PENDING, ABANDONED);
    }

    @Override
    public boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return false;
        }
        Worker w = worker; // written by schedule() before it returned this handle
        if (w == null) {
            return true; // handle published without a happens-before edge: the firing will find CANCELLED
        }
        try {
            w.loop.execute(() -> w.cancelTimer(this)); // frees the wheel slot now rather than at the deadline
        } catch (RejectedExecutionException closed) {
            // the worker abandons every timer when it shuts down
        }
        return true;
    }

    @Override
    public boolean isFired() {
        return state == FIRED;
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }
}
