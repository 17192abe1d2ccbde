package io.zokio.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>What one impl did in one round: its operations, the seconds they took, and further figures of the round
 * (latency, CPU per operation) whose medians over the rounds the result line prints.
 *
 * @param ops operations measured in the round
 * @param secs seconds they took
 * @param figures further figures of the round, by name, in insertion order
 */
public record Sample(long ops, double secs, Map<String, Double> figures) {

    public Sample {
        if (ops < 0 || !(secs > 0)) {
            throw new IllegalArgumentException("ops must be >= 0 and secs > 0: ops=" + ops + " secs=" + secs);
        }
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public static Sample of(long ops, double secs) {
        return new Sample(ops, secs, Map.of());
    }

    /** This sample with one more figure. */
    public Sample with(String figure, double value) {
        Map<String, Double> m = new LinkedHashMap<>(figures);
        m.put(figure, value);
        return new Sample(ops, secs, m);
    }

    public double rate() {
        return ops / secs;
    }
}
