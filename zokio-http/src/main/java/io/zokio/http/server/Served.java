package io.zokio.http.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> {@link #closeIfIdle}, {@link #closeIfExpired} and {@link #forceClose} may be called from any
 * thread (the drain and the deadline sweeper call them); {@link #state} is shared between the connection's own
 * thread and those callers.
 *
 * <p>What {@link ServerCore} needs of a connection, however it is served (its own virtual thread, or its event
 * loop): the connection's state ({@link #BUSY} while a request is in hand, {@link #IDLE} while it waits for the
 * next one, {@link #CLOSED} once closing), the deadline of what it waits for, and closing it when idle, past that
 * deadline, or whatever it does. Closing only closes the socket; the connection sees its pending read or write
 * fail and ends itself.
 */
abstract class Served {
    static final int BUSY = 0;
    static final int IDLE = 1;
    static final int CLOSED = 2;

    final AtomicInteger state = new AtomicInteger(BUSY);
    final IoDeadline deadline = new IoDeadline();

    /** Closes the connection's socket (any thread); the connection's own code ends when its I/O fails. */
    abstract void closeSocket();

    /** Closes the socket when the connection waits for a next request; returns whether it did. */
    final boolean closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            closeSocket();
            return true;
        }
        return false;
    }

    /** Closes the socket when the pending read or write is past its deadline at {@code now}. */
    final void closeIfExpired(long now) {
        if (deadline.expire(now)) {
            closeSocket();
        }
    }

    /** Closes the socket whatever the connection is doing. */
    final void forceClose() {
        state.set(CLOSED);
        closeSocket();
    }
}
