package io.zokio.http.client;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The end of one exchange's time budget: every wait of the exchange (lease, handshake, each read and write)
 * gets what is left of it as its own timeout, so the waits together never exceed it.
 */
final class Deadline {
    private static final Deadline NONE = new Deadline(null, Long.MAX_VALUE);

    private final Duration budget;
    private final long endNs;

    private Deadline(Duration budget, long endNs) {
        this.budget = budget;
        this.endNs = endNs;
    }

    /** A deadline {@code budget} from now; null: none. */
    static Deadline after(Duration budget) {
        return budget == null ? NONE : new Deadline(budget, System.nanoTime() + budget.toNanos());
    }

    /** A deadline ending {@code wait} from now, or at this one if that is sooner. */
    Deadline within(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        return budget == null || end - endNs < 0 ? new Deadline(wait, end) : this;
    }

    /** Whether there is a deadline at all. */
    boolean bounded() {
        return budget != null;
    }

    /**
     * What is left, as a timeout for the next wait; null when unbounded.
     *
     * @throws RequestTimeoutException when nothing is left
     */
    Duration remaining() throws RequestTimeoutException {
        if (budget == null) {
            return null;
        }
        long left = endNs - System.nanoTime();
        if (left <= 0) {
            throw expired(null);
        }
        return Duration.ofNanos(left);
    }

    /** What is left, or {@code fallback} when unbounded. */
    Duration remainingOr(Duration fallback) throws RequestTimeoutException {
        return budget == null ? fallback : remaining();
    }

    /** The exception for a passed deadline; {@code cause} is the wait that ran out, if any. */
    RequestTimeoutException expired(SocketTimeoutException cause) {
        RequestTimeoutException e = new RequestTimeoutException("request timed out after " + budget);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** {@code e} as this deadline's timeout when the deadline is bounded and {@code e} is a plain socket timeout. */
    SocketTimeoutException translate(SocketTimeoutException e) {
        return budget == null || e instanceof RequestTimeoutException ? e : expired(e);
    }
}
