package io.zokio.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The wheel's tick: its argument check, its length, and tick start times that saturate instead of wrapping. */
class TimerWheelTickTest {
    @Test
    void aTickMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, -1));
        assertEquals(TimerWheel.DEFAULT_TICK_NS, new TimerWheel(0).tickNs());
        assertEquals(250_000, new TimerWheel(0, 250_000).tickNs());
    }

    @Test
    void tickStartTimesSaturateAtNoDeadline() {
        TimerWheel w = new TimerWheel(1_000_000, 1_000_000);
        assertEquals(0, w.elapsedTick(), "nothing polled yet");
        assertEquals(6_000_000, w.timeOfTick(5));
        assertEquals(TimerWheel.NO_DEADLINE, w.timeOfTick(Long.MAX_VALUE), "tick x length overflows");
        long lastBeforeOverflow = Long.MAX_VALUE / 1_000_000;
        assertEquals(TimerWheel.NO_DEADLINE, w.timeOfTick(lastBeforeOverflow),
                "start + tick x length overflows past the product's own range");
        assertEquals(-5_000_000 + 3 * 1_000_000L, new TimerWheel(-5_000_000, 1_000_000).timeOfTick(3),
                "a negative start (nanoTime may be negative) is not taken for an overflow");
    }

    @Test
    void pollingAdvancesTheElapsedTick() {
        TimerWheel w = new TimerWheel(0, 1_000);
        w.poll(10_500, e -> { }, 16);
        assertEquals(10, w.elapsedTick());
    }
}
