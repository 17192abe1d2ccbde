package io.zokio.bench.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>Threading:</b> immutable.
 *
 * <p>What one {@code wrk --latency} run printed, parsed: completed requests (with pipelining, each response
 * counts), the run's duration, the 50th and 99th latency percentiles, responses outside 2xx/3xx and socket
 * errors (connect, read, write and timeout added up), and wrk's own CPU seconds when the run was wrapped in a
 * shell that printed {@code times}.
 *
 * @param requests responses wrk completed
 * @param secs the run's duration as wrk measured it
 * @param p50Ms median latency in milliseconds, NaN when wrk printed none (see {@link #parse})
 * @param p99Ms 99th percentile latency in milliseconds, NaN when wrk printed none
 * @param non2xx responses whose status was not 2xx or 3xx
 * @param socketErrors connect, read, write and timeout errors
 * @param clientCpuSecs wrk's user plus system CPU seconds, or 0 when not printed
 */
public record WrkResult(long requests, double secs, double p50Ms, double p99Ms, long non2xx, long socketErrors,
        double clientCpuSecs) {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h),");
    private static final Pattern PERCENTILE =
            Pattern.compile("(?m)^\\s*(50|99)(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    /** The children line of the shell's {@code times} builtin: user and system time of wrk. */
    private static final Pattern CHILD_TIMES = Pattern.compile("(?m)^(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*\\z");

    /** Requests per second over the run. */
    public double rate() {
        return requests / secs;
    }

    /** Whether wrk saw any error response or socket error. */
    public boolean hasErrors() {
        return non2xx > 0 || socketErrors > 0;
    }

    /**
     * Parses wrk's output. A percentile wrk prints as zero is taken as missing (NaN): with pipelining its latency
     * distribution can show {@code 0.00us} for the upper percentiles while its maximum is far above zero.
     *
     * @throws IllegalArgumentException when the output has no {@code N requests in T} line or no percentiles
     */
    public static WrkResult parse(String out) {
        Matcher m = REQUESTS.matcher(out);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'requests in' line in wrk's output");
        }
        long requests = Long.parseLong(m.group(1));
        double secs = toMs(Double.parseDouble(m.group(2)), m.group(3)) / 1e3;
        double p50 = -1;
        double p99 = -1;
        boolean percentiles = false;
        Matcher pm = PERCENTILE.matcher(out);
        while (pm.find()) {
            double ms = toMs(Double.parseDouble(pm.group(2)), pm.group(3));
            ms = ms > 0 ? ms : Double.NaN;
            percentiles = true;
            if (pm.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        if (!percentiles) {
            throw new IllegalArgumentException("no latency distribution in wrk's output (run with --latency)");
        }
        Matcher nm = NON_2XX.matcher(out);
        long non2xx = nm.find() ? Long.parseLong(nm.group(1)) : 0;
        long socketErrors = 0;
        Matcher sm = SOCKET_ERRORS.matcher(out);
        if (sm.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(sm.group(g));
            }
        }
        double clientCpu = 0;
        Matcher ct = CHILD_TIMES.matcher(out.strip());
        if (ct.find()) {
            clientCpu = Integer.parseInt(ct.group(1)) * 60 + Double.parseDouble(ct.group(2))
                    + Integer.parseInt(ct.group(3)) * 60 + Double.parseDouble(ct.group(4));
        }
        return new WrkResult(requests, secs, p50, p99, non2xx, socketErrors, clientCpu);
    }

    private static double toMs(double v, String unit) {
        return switch (unit) {
            case "us" -> v / 1e3;
            case "ms" -> v;
            case "s" -> v * 1e3;
            case "m" -> v * 60e3;
            case "h" -> v * 3600e3;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}
