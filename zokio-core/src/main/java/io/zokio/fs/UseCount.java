package io.zokio.fs;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * <b>Threading:</b> any thread. Counts the operations that are using a descriptor and closes the gate once:
 * after {@link #close()} won, no {@link #enter()} succeeds, and {@code close()} returns only when every
 * operation that entered has {@link #exit()}ed. This is what stops a descriptor number from being closed (and
 * reused by the kernel for another file) while an operation on it is still being submitted or is in flight.
 *
 * <p>State word: bit 62 = closed, low bits = operations inside. All accesses are volatile (sequentially
 * consistent), which the closer's handshake below relies on.
 */
final class UseCount {
    private static final long CLOSED = 1L << 62;

    private final AtomicLong state = new AtomicLong();
    /** The thread waiting in close(); written after it set CLOSED, read by the exit that drains the count. */
    private volatile Thread closer;

    /** Registers one operation; false when the gate is closed. */
    boolean enter() {
        long s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
        } while (!state.compareAndSet(s, s + 1));
        return true;
    }

    /** Ends one operation; the last one after a close wakes the closer. */
    void exit() {
        if (state.decrementAndGet() == CLOSED) {
            // pairs with close(): it writes closer and then re-reads state before parking, so either it sees
            // the count drained or this thread sees it and unparks it
            Thread t = closer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /**
     * Closes the gate and waits (parking: a virtual thread unmounts) until no operation is inside.
     *
     * @return true for the one call that closed it; later calls return false at once
     */
    boolean close() {
        long s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
        } while (!state.compareAndSet(s, s | CLOSED));
        closer = Thread.currentThread();
        boolean interrupted = false;
        while (state.get() != CLOSED) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted(); // keep waiting: the operations inside own the descriptor
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
