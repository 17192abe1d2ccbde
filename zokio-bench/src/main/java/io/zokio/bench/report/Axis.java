package io.zokio.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>A chart's value axis: linear from zero, or logarithmic over whole decades. {@link #choose} picks per bench:
 * log when the measured values span {@link #LOG_SPAN} or more (a nop at 80 M/s beside one at 10 M/s reads on
 * linear, a scheduler bench spanning 0.8 M to 70 M does not), linear otherwise.
 */
public final class Axis {
    /** Highest over lowest value from which the axis is logarithmic. */
    public static final double LOG_SPAN = 20;

    private final boolean log;
    private final double lo;
    private final double hi;
    private final List<Double> ticks;

    private Axis(boolean log, double lo, double hi, List<Double> ticks) {
        this.log = log;
        this.lo = lo;
        this.hi = hi;
        this.ticks = List.copyOf(ticks);
    }

    /** The axis for values in {@code [min, max]} (NaN when nothing was measured: a unit linear axis). */
    public static Axis choose(double min, double max) {
        if (!(max > 0) || Double.isNaN(min)) {
            return linear(1);
        }
        if (min > 0 && max / min >= LOG_SPAN) {
            return log(min, max);
        }
        return linear(max);
    }

    /** A linear axis from 0 to a round number at or above {@code max}, with ticks at a round step. */
    static Axis linear(double max) {
        double step = niceStep(max / 5);
        double top = Math.ceil(max / step - 1e-9) * step;
        List<Double> t = new ArrayList<>();
        for (int i = 0; i * step <= top * (1 + 1e-9); i++) {
            t.add(i * step);
        }
        return new Axis(false, 0, top, t);
    }

    /** A log axis over the whole decades around {@code [min, max]}, ticks at powers of ten (and 2, 5 if narrow). */
    static Axis log(double min, double max) {
        int d0 = (int) Math.floor(Math.log10(min) + 1e-9);
        int d1 = (int) Math.ceil(Math.log10(max) - 1e-9);
        if (d1 <= d0) {
            d1 = d0 + 1;
        }
        List<Double> t = new ArrayList<>();
        for (int d = d0; d <= d1; d++) {
            double p = Math.pow(10, d);
            t.add(p);
            if (d1 - d0 <= 2 && d < d1) {
                t.add(2 * p);
                t.add(5 * p);
            }
        }
        return new Axis(true, Math.pow(10, d0), Math.pow(10, d1), t);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, the smallest at or above {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    public boolean isLog() {
        return log;
    }

    public double lo() {
        return lo;
    }

    public double hi() {
        return hi;
    }

    public List<Double> ticks() {
        return ticks;
    }

    /** Where {@code v} lies on the axis, 0 at {@link #lo()} and 1 at {@link #hi()}, clamped to [0, 1]. */
    public double fraction(double v) {
        double f;
        if (log) {
            f = v <= 0 ? 0 : (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        } else {
            f = (v - lo) / (hi - lo);
        }
        return Math.max(0, Math.min(1, f));
    }

    /** "log scale" or "linear scale", for the chart's titles. */
    public String describe() {
        return log ? "log scale" : "linear scale";
    }
}
