package io.zokio.loop;

import java.util.Arrays;

/**
 * A snapshot of one {@link EventLoop}'s counters since it was built ({@link EventLoop#metrics()}); immutable.
 *
 * @param turns loop turns (each runs tasks, timers and ready callbacks, then polls the backend once)
 * @param kernelEntries system calls into the kernel's queue: {@code io_uring_enter}, or selector selects
 * @param submissions operations handed to the backend ({@code submit} calls; SQEs on io_uring)
 * @param completions completions delivered (each counted before its callback runs)
 * @param tasks tasks run from {@link EventLoop#execute}
 * @param blocks idle periods that ended in a blocking wait (the rest ended while spinning)
 * @param spinHits idle periods in which work arrived while the loop was still spinning
 * @param spinBudgetNs the current idle spin budget ({@link IdleMode#ADAPTIVE} changes it)
 * @param adaptations changes of the spin budget made by {@link IdleMode#ADAPTIVE}
 * @param wakeCostNs the measured cost of waking the loop from a blocking wait ({@link IdleMode#ADAPTIVE} only,
 *     an average; 0 otherwise)
 * @param batchHistogram backend polls by completions delivered: bucket 0 counts polls that delivered none,
 *     bucket {@code b > 0} those that delivered {@code 2^(b-1)} to {@code 2^b - 1} (the last bucket: more)
 */
public record LoopMetrics(long turns, long kernelEntries, long submissions, long completions, long tasks,
        long blocks, long spinHits, long spinBudgetNs, long adaptations, long wakeCostNs, long[] batchHistogram) {

    /** Buckets of {@link #batchHistogram}: 0, 1, 2-3, 4-7, ..., 256-511, 512 and more. */
    public static final int BATCH_BUCKETS = 11;

    public LoopMetrics {
        batchHistogram = batchHistogram.clone();
    }

    @Override
    public long[] batchHistogram() {
        return batchHistogram.clone();
    }

    /** The bucket of a poll that delivered {@code n} completions. */
    static int bucketOf(int n) {
        return Math.min(BATCH_BUCKETS - 1, 32 - Integer.numberOfLeadingZeros(n));
    }

    /**
     * Mean completions per backend poll that delivered any, or 0 (completions include the few a loop delivers
     * without a poll, e.g. timers and cancels it resolves itself).
     */
    public double meanBatch() {
        long polls = 0;
        for (int b = 1; b < batchHistogram.length; b++) {
            polls += batchHistogram[b];
        }
        return polls == 0 ? 0 : (double) completions / polls;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoopMetrics m && turns == m.turns && kernelEntries == m.kernelEntries
                && submissions == m.submissions && completions == m.completions && tasks == m.tasks
                && blocks == m.blocks && spinHits == m.spinHits && spinBudgetNs == m.spinBudgetNs
                && adaptations == m.adaptations && wakeCostNs == m.wakeCostNs
                && Arrays.equals(batchHistogram, m.batchHistogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(turns) * 31 + Arrays.hashCode(batchHistogram);
    }

    @Override
    public String toString() {
        return "LoopMetrics[turns=" + turns + ", kernelEntries=" + kernelEntries + ", submissions=" + submissions
                + ", completions=" + completions + ", tasks=" + tasks + ", blocks=" + blocks + ", spinHits="
                + spinHits + ", spinBudgetNs=" + spinBudgetNs + ", adaptations=" + adaptations
                + ", wakeCostNs=" + wakeCostNs
                + ", batchHistogram=" + Arrays.toString(batchHistogram) + "]";
    }
}
