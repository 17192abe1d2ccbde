package io.zokio.bench;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>How long a run lasts. {@link #FULL} is the default (tens of minutes for the suite), {@link #QUICK} is sized for
 * the whole suite in about four minutes on a quiet 2-core machine (five {@link Rounds} of at least about 200 ms of
 * work per impl), {@link #TINY} only proves each bench runs (tests).
 */
public enum Scale {
    FULL(1.0),
    QUICK(0.2),
    TINY(0.01);

    private final double factor;

    Scale(double factor) {
        this.factor = factor;
    }

    /** {@code full} scaled down for this run, at least {@code min}. */
    public long count(long full, long min) {
        return Math.max(min, Math.round(full * factor));
    }

    /** A duration in milliseconds scaled down for this run, at least {@code minMs}. */
    public long millis(long fullMs, long minMs) {
        return Math.max(minMs, Math.round(fullMs * factor));
    }
}
