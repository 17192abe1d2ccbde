package io.zokio.loop;

/**
 * <b>Threading:</b> constants only; see {@link OwnerCounters} for who writes and reads the counters.
 *
 * <p>The indices of an {@link EventLoop}'s counters in its {@link OwnerCounters}.
 */
final class LoopStats {
    static final int TURNS = 0;
    static final int COMPLETIONS = 1;
    static final int TASKS = 2;
    static final int BLOCKS = 3;
    static final int SPIN_HITS = 4;
    static final int ADAPTATIONS = 5;
    static final int SPIN_BUDGET_NS = 6;
    static final int WAKE_COST_NS = 7;
    /** First of {@link LoopMetrics#BATCH_BUCKETS} buckets of completions delivered per backend poll. */
    static final int BATCH = 8;
    static final int SIZE = BATCH + LoopMetrics.BATCH_BUCKETS;

    private LoopStats() {
    }

    /** The counters as {@link LoopMetrics}, with the backend's own {@code counters}. Any thread. */
    static LoopMetrics snapshot(OwnerCounters stats, BackendFeatures.Counters counters) {
        long[] hist = new long[LoopMetrics.BATCH_BUCKETS];
        for (int b = 0; b < hist.length; b++) {
            hist[b] = stats.get(BATCH + b);
        }
        return new LoopMetrics(stats.get(TURNS), counters.kernelEntries(), counters.submissions(),
                stats.get(COMPLETIONS), stats.get(TASKS), stats.get(BLOCKS), stats.get(SPIN_HITS),
                stats.get(SPIN_BUDGET_NS), stats.get(ADAPTATIONS), stats.get(WAKE_COST_NS), hist);
    }

    /** Counts one backend poll that delivered {@code n} completions (each also counted by the loop). */
    static void batch(OwnerCounters stats, int n) {
        stats.inc(BATCH + LoopMetrics.bucketOf(n));
    }
}
