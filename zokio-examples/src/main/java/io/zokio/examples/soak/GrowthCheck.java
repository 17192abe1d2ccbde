package io.zokio.examples.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * <b>Threading:</b> the soak's main thread.
 *
 * <p>Decides whether a resource grew steadily over a run. The first quarter of the samples (at least one) is
 * warm-up and ignored; over the rest, growth is steady when the last sample exceeds the first by more than an
 * allowance <em>and</em> the lowest value of the final third is above the highest of the first third (a
 * sustained rise, not one spike or a sawtooth from the garbage collector). Needs six samples after the warm-up
 * to judge; fewer give no verdict.
 */
final class GrowthCheck {
    private GrowthCheck() {
    }

    /** A finding, or null when {@code metric} did not grow steadily. */
    static String check(List<ProcessSample> samples, String metric, ToLongFunction<ProcessSample> value,
            long absoluteAllowance, double relativeAllowance) {
        int skip = Math.max(1, samples.size() / 4);
        List<Long> v = new ArrayList<>();
        for (int i = skip; i < samples.size(); i++) {
            long x = value.applyAsLong(samples.get(i));
            if (x < 0) {
                return null; // not measured here
            }
            v.add(x);
        }
        if (v.size() < 6) {
            return null;
        }
        long first = v.get(0);
        long last = v.get(v.size() - 1);
        long allowance = Math.max(absoluteAllowance, (long) (first * relativeAllowance));
        int third = v.size() / 3;
        long firstThirdMax = v.subList(0, third).stream().mapToLong(Long::longValue).max().orElseThrow();
        long lastThirdMin = v.subList(v.size() - third, v.size()).stream().mapToLong(Long::longValue).min()
                .orElseThrow();
        if (last - first > allowance && lastThirdMin > firstThirdMax) {
            return metric + " grew steadily from " + first + " to " + last + " (allowance " + allowance + ")";
        }
        return null;
    }
}
