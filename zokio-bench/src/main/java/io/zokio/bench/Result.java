package io.zokio.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>One benchmark result, or the reason an implementation could not run.
 *
 * <p>Line format (one line, space-separated {@code key=value} pairs, values without spaces except the reason,
 * which is always last): {@code name=<bench> impl=<impl> ops=<N> secs=<S> ops_per_sec=<X> [key=value...]} or
 * {@code name=<bench> impl=<impl> [key=value...] skipped=<reason>}. {@link #parse} reads either back. A result
 * of {@link Rounds} ({@link #ofRounds}) has the operations and seconds of all its rounds, {@code ops_per_sec} the
 * median of the per-round rates, and first among its pairs {@code min=}, {@code max=} (the lowest and highest
 * per-round rate) and {@code rounds=}.
 *
 * @param bench the benchmark name, e.g. {@code pingpong}
 * @param impl the implementation, e.g. {@code zokio-uring} or {@code netty-epoll}
 * @param ops operations measured (0 when skipped)
 * @param secs measured seconds (0 when skipped)
 * @param rate the {@code ops_per_sec} figure: the median of the rounds' rates, or {@code ops / secs} for a single
 *     window (0 when skipped)
 * @param extras further pairs in print order (e.g. {@code connections}, {@code p99_us})
 * @param skipped why the implementation did not run, or null
 */
public record Result(String bench, String impl, long ops, double secs, double rate, Map<String, String> extras,
        String skipped) {

    public Result {
        Objects.requireNonNull(bench, "bench");
        Objects.requireNonNull(impl, "impl");
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public static Result measured(String bench, String impl, long ops, double secs, Map<String, String> extras) {
        if (ops < 0 || !(secs > 0)) {
            throw new IllegalArgumentException("ops must be >= 0 and secs > 0: ops=" + ops + " secs=" + secs);
        }
        return new Result(bench, impl, ops, secs, ops / secs, extras, null);
    }

    /** The result of an impl's rounds: {@code min=}, {@code max=} and {@code rounds=} come first among the pairs. */
    public static Result ofRounds(String bench, String impl, Spread s, Map<String, String> extras) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("min", rateText(s.min()));
        m.put("max", rateText(s.max()));
        m.put("rounds", Integer.toString(s.rounds()));
        extras.forEach(m::putIfAbsent);
        return new Result(bench, impl, s.ops(), s.secs(), s.median(), m, null);
    }

    /** A rate as printed: whole numbers, with two decimals below 100 (startup's builds per second). */
    public static String rateText(double rate) {
        return String.format(Locale.ROOT, rate < 100 ? "%.2f" : "%.0f", rate);
    }

    public static Result skipped(String bench, String impl, Map<String, String> extras, String reason) {
        String r = reason == null || reason.isBlank() ? "unknown" : reason.replaceAll("\\s+", " ").strip();
        return new Result(bench, impl, 0, 0, 0, extras, r);
    }

    /** Extra pairs in the given order: {@code pairs("idle", "balanced", "backend", "nio")}. */
    public static Map<String, String> pairs(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("pairs need an even number of strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    public boolean isSkipped() {
        return skipped != null;
    }

    /** The {@code ops_per_sec} figure: the median round's rate for a result of rounds. */
    public double opsPerSec() {
        return isSkipped() ? 0 : rate;
    }

    /** A grouping key within a bench, e.g. {@code connections=16} for echo; empty when the bench has one group. */
    public String group() {
        String c = extras.get("connections");
        String g = c == null ? "" : "connections=" + c;
        // tls: one group per mode as well
        String m = extras.get("mode");
        if (m != null) {
            g = "mode=" + m + (g.isEmpty() ? "" : " " + g);
        }
        // http: one group per file size as well
        String f = extras.get("file_bytes");
        g = f == null ? g : "file_bytes=" + f + (g.isEmpty() ? "" : " " + g);
        // alloc: one group per leak-detection level
        String l = extras.get("leak_detection");
        g = l == null ? g : "leak_detection=" + l + (g.isEmpty() ? "" : " " + g);
        // pg and redis: one group per workload
        String w = extras.get("workload");
        return w == null ? g : "workload=" + w + (g.isEmpty() ? "" : " " + g);
    }

    public String line() {
        StringBuilder sb = new StringBuilder(128);
        sb.append("name=").append(bench).append(" impl=").append(impl);
        if (!isSkipped()) {
            sb.append(" ops=").append(ops)
                    // short windows (the scheduler benches' smoke runs) keep their significant digits
                    .append(" secs=").append(String.format(Locale.ROOT, secs < 0.1 ? "%.6f" : "%.3f", secs))
                    .append(" ops_per_sec=").append(rateText(opsPerSec()));
        }
        extras.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        if (isSkipped()) {
            sb.append(" skipped=").append(skipped);
        }
        return sb.toString();
    }

    /** Parses a line printed by {@link #line()}; throws {@link IllegalArgumentException} when it is not one. */
    public static Result parse(String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        String rest = line.strip();
        int skip = rest.indexOf(" skipped=");
        String reason = null;
        if (skip >= 0) {
            reason = rest.substring(skip + " skipped=".length());
            rest = rest.substring(0, skip);
        }
        for (String token : rest.split(" +")) {
            int eq = token.indexOf('=');
            if (eq <= 0 || eq == token.length() - 1) {
                throw new IllegalArgumentException("not a key=value pair: '" + token + "' in: " + line);
            }
            kv.put(token.substring(0, eq), token.substring(eq + 1));
        }
        String bench = require(kv, "name", line);
        String impl = require(kv, "impl", line);
        if (reason != null) {
            if (reason.isBlank()) {
                throw new IllegalArgumentException("empty skip reason: " + line);
            }
            return new Result(bench, impl, 0, 0, 0, kv, reason);
        }
        long ops = Long.parseLong(require(kv, "ops", line));
        double secs = Double.parseDouble(require(kv, "secs", line));
        double rate = Double.parseDouble(require(kv, "ops_per_sec", line));
        if (rate < 0 || !(secs > 0)) {
            throw new IllegalArgumentException("bad numbers: " + line);
        }
        return new Result(bench, impl, ops, secs, rate, kv, null);
    }

    private static String require(Map<String, String> kv, String key, String line) {
        String v = kv.remove(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "= in: " + line);
        }
        return v;
    }
}
