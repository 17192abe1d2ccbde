package io.zokio.bench;

import java.util.Arrays;
import java.util.List;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>The rounds of one impl summed up: total operations and seconds, and the median, lowest and highest of the
 * per-round rates (operations per second of each round).
 *
 * @param ops operations over all rounds
 * @param secs seconds over all rounds
 * @param median median of the per-round rates (the mean of the middle two for an even count)
 * @param min lowest per-round rate
 * @param max highest per-round rate
 * @param rounds rounds measured
 */
public record Spread(long ops, double secs, double median, double min, double max, int rounds) {

    /** The spread of {@code samples}, which must not be empty. */
    public static Spread of(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        long ops = 0;
        double secs = 0;
        double[] rates = new double[samples.size()];
        for (int i = 0; i < rates.length; i++) {
            Sample s = samples.get(i);
            ops += s.ops();
            secs += s.secs();
            rates[i] = s.rate();
        }
        Arrays.sort(rates);
        return new Spread(ops, secs, median(rates), rates[0], rates[rates.length - 1], rates.length);
    }

    /** Median of {@code values} (sorted in place); NaN when empty. */
    public static double median(double[] values) {
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
