package io.zokio.net;

import java.time.Duration;

/** <b>Threading:</b> stateless. Argument checks for timeouts at the API edge: one wording everywhere. */
final class Timeouts {
    /** No timeout. */
    static final long NONE = 0;

    private Timeouts() {
    }

    /**
     * A timeout in nanoseconds: {@code null} or zero means none ({@link #NONE}); negative is refused.
     *
     * @throws IllegalArgumentException when {@code d} is negative
     */
    static long toNanos(Duration d) {
        if (d == null) {
            return NONE;
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + d);
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2; // effectively none, without overflowing the loop's deadline arithmetic
        }
    }
}
