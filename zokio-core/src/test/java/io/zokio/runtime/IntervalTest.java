package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.zokio.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Interval under a manual clock: schedule, missed-tick behaviours, and a tick that waits. */
class IntervalTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest
    @EnumSource(Interval.MissedTickBehavior.class)
    @Timeout(20)
    void missedTicksFollowTheBehaviour(Interval.MissedTickBehavior behavior) throws Exception {
        TestClock clock = new TestClock(0);
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend()).clock(clock)
                .build()) {
            Interval iv = rt.interval(Duration.ofMillis(10), behavior);
            assertEquals(0, iv.tick()); // the first tick is immediate
            clock.advance(35 * MS); // ticks at 10, 20 and 30 are now late
            assertEquals(10 * MS, iv.tick());
            switch (behavior) {
                case BURST -> {
                    assertEquals(20 * MS, iv.tick());
                    assertEquals(30 * MS, iv.tick());
                    assertNextTickWaitsUntil(rt, clock, iv, 40 * MS);
                }
                case DELAY -> assertNextTickWaitsUntil(rt, clock, iv, 45 * MS);
                case SKIP -> assertNextTickWaitsUntil(rt, clock, iv, 40 * MS);
            }
        }
    }

    /** The next tick parks until the clock reaches {@code dueNs}, and not before. */
    private static void assertNextTickWaitsUntil(Runtime rt, TestClock clock, Interval iv, long dueNs)
            throws Exception {
        Task<Long> t = rt.spawn(iv::tick);
        while (rt.onLoop(0, l -> rt.worker(0).timersArmed()) == 0) {
            Thread.onSpinWait(); // until the tick's timer reached the worker (a round trip per check)
        }
        clock.advance(dueNs - clock.nanoTime() - 1);
        TimerTestClockTest.sync(rt);
        assertFalse(t.isDone(), "ticked early");
        assertEquals(1, (int) rt.onLoop(0, l -> rt.worker(0).timersArmed()));
        clock.advance(1);
        assertEquals(dueNs, t.join());
    }
}
