package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** LoopMetrics is a value: equality over every counter and the histogram's contents, defensive copies. */
class LoopMetricsValueTest {

    private static long[] hist(long... first) {
        long[] h = new long[LoopMetrics.BATCH_BUCKETS];
        System.arraycopy(first, 0, h, 0, first.length);
        return h;
    }

    private static LoopMetrics base() {
        return new LoopMetrics(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, hist(0, 2, 1));
    }

    /** The same as base() except component {@code i} (0..10) changed. */
    private static LoopMetrics differingIn(int i) {
        long[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        long[] h = hist(0, 2, 1);
        if (i < 10) {
            v[i] += 100;
        } else {
            h[3] = 1;
        }
        return new LoopMetrics(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], h);
    }

    @Test
    void equalWhenEveryComponentAndTheHistogramContentsMatch() {
        LoopMetrics a = base();
        LoopMetrics b = base();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a);
        assertNotEquals(a, null);
        assertNotEquals(a, "LoopMetrics");
    }

    @Test
    void eachComponentTakesPartInEquality() {
        LoopMetrics a = base();
        for (int i = 0; i <= 10; i++) {
            LoopMetrics d = differingIn(i);
            assertNotEquals(a, d, "component " + i);
            assertNotEquals(d, a, "component " + i);
        }
    }

    @Test
    void histogramIsCopiedInAndOut() {
        long[] h = hist(4, 1);
        LoopMetrics m = new LoopMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, h);
        h[0] = 99;
        assertEquals(4, m.batchHistogram()[0]);
        m.batchHistogram()[1] = 77;
        assertArrayEquals(hist(4, 1), m.batchHistogram());
    }

    @Test
    void meanBatchCountsOnlyPollsThatDeliveredSomething() {
        assertEquals(0.0, new LoopMetrics(0, 0, 0, 9, 0, 0, 0, 0, 0, 0, hist(5)).meanBatch());
        // 12 completions over 1 + 2 + 1 polls that delivered any; bucket 0 (empty polls) is not counted
        assertEquals(3.0, new LoopMetrics(0, 0, 0, 12, 0, 0, 0, 0, 0, 0, hist(7, 1, 2, 1)).meanBatch());
    }

    @Test
    void bucketsArePowersOfTwoWithAnOpenLastBucket() {
        assertEquals(0, LoopMetrics.bucketOf(0));
        assertEquals(1, LoopMetrics.bucketOf(1));
        assertEquals(2, LoopMetrics.bucketOf(3));
        assertEquals(3, LoopMetrics.bucketOf(4));
        assertEquals(9, LoopMetrics.bucketOf(511));
        assertEquals(10, LoopMetrics.bucketOf(512));
        assertEquals(10, LoopMetrics.bucketOf(Integer.MAX_VALUE));
    }

    @Test
    void toStringNamesEveryCounter() {
        String s = base().toString();
        for (String part : new String[] {"turns=1", "kernelEntries=2", "submissions=3", "completions=4", "tasks=5",
                "blocks=6", "spinHits=7", "spinBudgetNs=8", "adaptations=9", "wakeCostNs=10",
                "batchHistogram=[0, 2, 1, 0"}) {
            assertTrue(s.contains(part), part + " in " + s);
        }
    }
}
