package io.zokio.loop;

/**
 * <b>Threading:</b> the owning loop thread only.
 *
 * <p>The spin budget of {@link IdleMode#ADAPTIVE}: how long an idle loop polls without waiting before it
 * blocks. Spinning pays when work comes back soon after the loop ran dry (it saves a blocking wait and the
 * cross-core wakeup, tens of microseconds on small VMs); it wastes a core when the loop then blocks anyway.
 * Each idle period is scored when it ends: work that came while spinning scores nothing (the budget was
 * enough), a block that ended within {@link #shortGapNs} of its start would have been saved by a longer spin
 * (+1), a longer block means the spin was wasted (-1). Every {@value #WINDOW} idle periods the budget doubles
 * when the score says spinning longer pays ({@code > WINDOW / 4}), halves when it says spinning is wasted
 * ({@code < -WINDOW / 4}), between 0 and {@link #MAX_NS}. A short gap is one shorter than twice the spin plus
 * the wakeup cost: the loop measures it (from another thread's wakeup request to the loop running again, an
 * exponential average, {@link #wakeCostNs()}), starting from {@link #WAKE_COST_NS}, the order seen on small
 * VMs (tens of microseconds).
 */
final class AdaptiveSpin {
    static final int WINDOW = 64;
    static final long MAX_NS = 1_000_000;
    static final long MIN_NS = 1_000;
    /** The order of a cross-core wakeup on this class of machine (tens of microseconds). */
    static final long WAKE_COST_NS = 50_000;
    /** Weight of a new wakeup sample in the average: 1/8. */
    private static final int WAKE_SHIFT = 3;

    private final OwnerCounters stats;
    private long budgetNs;
    private int periods;
    private int score;
    private long wakeCostNs = WAKE_COST_NS;

    AdaptiveSpin(OwnerCounters stats, long initialNs) {
        this.stats = stats;
        this.budgetNs = initialNs;
        stats.set(LoopStats.SPIN_BUDGET_NS, initialNs);
        stats.set(LoopStats.WAKE_COST_NS, wakeCostNs);
    }

    long budgetNs() {
        return budgetNs;
    }

    /** The gap below which a block would have been saved by spinning longer. */
    long shortGapNs() {
        return 2 * budgetNs + wakeCostNs;
    }

    /** The measured cost of waking this loop from a blocking wait (an average). */
    long wakeCostNs() {
        return wakeCostNs;
    }

    /** One wakeup took {@code ns} from another thread's request to this loop running again. */
    void wakeMeasured(long ns) {
        if (ns >= 0 && ns < 100_000_000L) { // a sample from a clock jump or a stalled thread teaches nothing
            wakeCostNs += (ns - wakeCostNs) >> WAKE_SHIFT;
            stats.set(LoopStats.WAKE_COST_NS, wakeCostNs);
        }
    }

    /** One idle period ended after {@code idleNs}; {@code blocked} if it went into a blocking wait. */
    void idleEnded(long idleNs, boolean blocked) {
        if (blocked) {
            score += idleNs <= shortGapNs() ? 1 : -1;
        }
        if (++periods < WINDOW) {
            return;
        }
        long next = budgetNs;
        if (score > WINDOW / 4) {
            next = Math.min(MAX_NS, Math.max(MIN_NS, budgetNs * 2));
        } else if (score < -WINDOW / 4) {
            next = budgetNs / 2 < MIN_NS ? 0 : budgetNs / 2;
        }
        if (next != budgetNs) {
            budgetNs = next;
            stats.set(LoopStats.SPIN_BUDGET_NS, next);
            stats.inc(LoopStats.ADAPTATIONS);
        }
        periods = 0;
        score = 0;
    }
}
