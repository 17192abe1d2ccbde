package io.zokio.bench.fs;

import java.util.Arrays;
import java.util.List;

/**
 * <b>Threading:</b> {@link #record} from one pinger; {@link #latenessIn} after every pinger has been joined.
 *
 * <p>The pings of one sleeper: when each sleep started and how far it overshot. {@link #latenessIn} keeps the pings
 * that were asleep at some time inside a measured window: those that started in it, the one still asleep when it
 * closed, and the one already asleep when it opened (its overshoot is how long the load kept it waiting; a sleeper
 * the load starves for the whole window still counts once); no other ping of the warm-up.
 */
final class PingLog {
    private long[] starts = new long[4096];
    private long[] overshoots = new long[4096];
    private int size;

    /** One ping: its sleep started at {@code startNanos} ({@link System#nanoTime}), woke {@code overshootNanos} late. */
    void record(long startNanos, long overshootNanos) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            overshoots = Arrays.copyOf(overshoots, size * 2);
        }
        starts[size] = startNanos;
        overshoots[size] = overshootNanos;
        size++;
    }

    /**
     * The overshoots, sorted, of the pings of {@code logs} asleep at some time in [{@code from}, {@code to}), each
     * ping asleep from its start for {@code sleepNanos} plus its overshoot.
     */
    static long[] latenessIn(List<PingLog> logs, long sleepNanos, long from, long to) {
        long[] out = new long[logs.stream().mapToInt(l -> l.size).sum()];
        int n = 0;
        for (PingLog l : logs) {
            for (int i = 0; i < l.size; i++) {
                long woke = l.starts[i] + sleepNanos + l.overshoots[i];
                if (l.starts[i] - to < 0 && woke - from > 0) {
                    out[n++] = l.overshoots[i];
                }
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    /** The nearest-rank {@code q}-quantile (0 < q <= 1) of {@code sorted}, which is not empty. */
    static long quantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
