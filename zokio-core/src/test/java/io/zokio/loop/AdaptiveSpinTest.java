package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The adaptive spin budget: grows when blocks end soon, shrinks when they are long, caps and floors. */
class AdaptiveSpinTest {

    private static void window(AdaptiveSpin a, long idleNs, boolean blocked) {
        for (int i = 0; i < AdaptiveSpin.WINDOW; i++) {
            a.idleEnded(idleNs, blocked);
        }
    }

    @Test
    void growsOnShortBlocksShrinksOnLongOnesAndKeepsOnSpinHits() {
        OwnerCounters stats = new OwnerCounters(LoopStats.SIZE);
        AdaptiveSpin a = new AdaptiveSpin(stats, 20_000);
        window(a, 30_000, true); // blocks that ended soon after: spinning longer would have saved them
        assertEquals(40_000, a.budgetNs());
        window(a, 0, false); // work came while spinning: the budget was right
        assertEquals(40_000, a.budgetNs());
        window(a, 10_000_000, true); // long blocks: the spin was wasted
        assertEquals(20_000, a.budgetNs());
        for (int i = 0; i < 20; i++) {
            window(a, 10_000_000, true);
        }
        assertEquals(0, a.budgetNs(), "halves below the floor to zero");
        window(a, 1_000, true);
        assertEquals(AdaptiveSpin.MIN_NS, a.budgetNs(), "grows again from zero");
        for (int i = 0; i < 20; i++) {
            window(a, 1_000, true);
        }
        assertEquals(AdaptiveSpin.MAX_NS, a.budgetNs(), "capped");
        assertEquals(a.budgetNs(), stats.get(LoopStats.SPIN_BUDGET_NS));
        assertEquals(18, stats.get(LoopStats.ADAPTATIONS), "each change counted: 2 + 5 down to zero + 11 up to the cap");
    }

    @Test
    void theWakeCostIsMeasuredAndMovesTheShortGap() {
        OwnerCounters stats = new OwnerCounters(LoopStats.SIZE);
        AdaptiveSpin a = new AdaptiveSpin(stats, 20_000);
        assertEquals(2 * 20_000 + AdaptiveSpin.WAKE_COST_NS, a.shortGapNs());
        for (int i = 0; i < 200; i++) {
            a.wakeMeasured(10_000); // a cheap wakeup on this machine
        }
        assertEquals(10_000, a.wakeCostNs(), 100);
        assertEquals(a.wakeCostNs(), stats.get(LoopStats.WAKE_COST_NS));
        a.wakeMeasured(-5); // nonsense samples are ignored
        a.wakeMeasured(5_000_000_000L);
        assertEquals(10_000, a.wakeCostNs(), 100);
        // with cheap wakeups, a 40 us block is no longer "short": the spin is not grown for it
        window(a, 40_000 + 2 * 20_000, true);
        assertEquals(10_000, a.budgetNs());
    }
}
