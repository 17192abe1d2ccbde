package io.zokio.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * <b>Threading:</b> {@link #pollBlocking} and {@link #takeStop} on the loop thread only; {@link #wake},
 * {@link #requestStop} and {@link #isSleeping} from any thread.
 *
 * <p>An {@link EventLoop}'s wakeup gate: before blocking in the backend the loop publishes {@code sleeping = 1}
 * and re-checks its task queue and stop flag; a thread that queued a task (or asked the loop to stop) then
 * calls {@link Backend#wakeup()} only if it wins the {@code 1 -> 0} exchange. Both sides use volatile
 * (sequentially consistent) accesses, so either the loop sees the task or the producer sees the sleeper; a
 * loop that is busy is never woken by a syscall.
 */
final class WakeupGate {
    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(WakeupGate.class, "sleeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Backend backend;
    private final MpscTaskQueue tasks;
    private final IdlePolicy idle;

    @SuppressWarnings("unused") // through SLEEPING
    private volatile int sleeping;
    private volatile boolean stopRequested;

    WakeupGate(Backend backend, MpscTaskQueue tasks, IdlePolicy idle) {
        this.backend = backend;
        this.tasks = tasks;
        this.idle = idle;
    }

    /** Polls the backend waiting up to {@code waitNs} ({@code -1}: until woken), unless work came meanwhile. */
    int pollBlocking(long waitNs) {
        SLEEPING.setVolatile(this, 1);
        try {
            if (!tasks.isEmpty() || stopRequested) {
                return backend.poll(0);
            }
            return backend.poll(waitNs);
        } finally {
            SLEEPING.setVolatile(this, 0);
        }
    }

    /** Wakes the loop if it is blocked in the backend; a no-op (no syscall) when it is busy. */
    void wake() {
        // volatile read then CAS: pairs with the volatile store of 1 in pollBlocking()
        if ((int) SLEEPING.getVolatile(this) == 1 && SLEEPING.compareAndSet(this, 1, 0)) {
            idle.wakeRequested();
            backend.wakeup();
        }
    }

    /** Asks a running loop to return after its current turn. */
    void requestStop() {
        stopRequested = true;
        wake();
    }

    /** Takes a pending stop request: true if there was one. */
    boolean takeStop() {
        if (stopRequested) {
            stopRequested = false;
            return true;
        }
        return false;
    }

    /** True while the loop thread is blocked in the backend (a snapshot). */
    boolean isSleeping() {
        return (int) SLEEPING.getVolatile(this) == 1;
    }
}
