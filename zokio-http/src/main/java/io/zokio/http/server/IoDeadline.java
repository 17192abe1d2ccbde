package io.zokio.http.server;

/**
 * <b>Threading:</b> armed and disarmed by the connection's virtual thread; read and expired by the server's
 * deadline sweeper.
 *
 * <p>The deadline of the one blocking read or write a connection is in ({@link System#nanoTime()} based; 0: none).
 * Reads and writes themselves carry no timer (a timed socket operation costs a timer and a cancellation in the
 * event loop each time); instead {@link ServerCore}'s sweeper closes the socket of a connection whose deadline
 * has passed, which fails the pending operation.
 */
final class IoDeadline {
    private volatile long at;
    private volatile boolean expired;

    /** Sets the deadline to {@code nanoTime} (never 0). */
    void arm(long nanoTime) {
        at = nanoTime == 0 ? 1 : nanoTime;
    }

    /** Sets the deadline {@code nanos} from now. */
    void armIn(long nanos) {
        arm(System.nanoTime() + nanos);
    }

    void disarm() {
        at = 0;
    }

    /** Sweeper: whether the armed deadline has passed at {@code now}; marks it expired if so. */
    boolean expire(long now) {
        long a = at;
        if (a != 0 && now - a >= 0) {
            expired = true;
            return true;
        }
        return false;
    }

    /** Whether the sweeper closed the connection for a passed deadline. */
    boolean expired() {
        return expired;
    }
}
