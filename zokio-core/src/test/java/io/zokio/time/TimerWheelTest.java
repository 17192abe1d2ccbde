package io.zokio.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deterministic unit tests of {@link TimerWheel}: levels, cascading at each boundary, overflow, batches. */
class TimerWheelTest {
    private final List<TimerEntry> fired = new ArrayList<>();

    private static long pow64(int level) {
        return 1L << (6 * level);
    }

    @Test
    void levelForPicksHighestDifferingDigit() {
        for (long t = 0; t < 64; t++) {
            assertEquals(0, TimerWheel.levelFor(0, t));
        }
        for (int level = 1; level < TimerWheel.LEVELS; level++) {
            assertEquals(level, TimerWheel.levelFor(0, pow64(level)));
            assertEquals(level, TimerWheel.levelFor(0, pow64(level + 1) - 1));
            assertEquals(level - 1, TimerWheel.levelFor(0, pow64(level) - 1));
            // Seen from just before a boundary, the next tick differs in the boundary's digit.
            assertEquals(level, TimerWheel.levelFor(pow64(level) - 1, pow64(level)));
        }
        assertEquals(TimerWheel.LEVELS, TimerWheel.levelFor(0, TimerWheel.WHEEL_SPAN_TICKS));
        assertEquals(TimerWheel.LEVELS - 1, TimerWheel.levelFor(0, TimerWheel.WHEEL_SPAN_TICKS - 1));
    }

    /** An entry exactly on a level boundary stays on its level until the boundary, then fires there. */
    @Test
    void firesExactlyAtEachLevelBoundary() {
        for (int level = 0; level <= TimerWheel.LEVELS; level++) {
            TimerWheel wheel = new TimerWheel(0, 1);
            TimerEntry e = new TimerEntry();
            long deadline = pow64(level);
            wheel.schedule(e, deadline);
            if (level < TimerWheel.LEVELS) {
                assertEquals(level * 64 + 1, e.location, "level " + level);
            } else {
                assertEquals(TimerEntry.OVERFLOW, e.location);
            }
            assertTrue(wheel.nextDeadlineNs() <= deadline);
            assertEquals(0, wheel.poll(deadline - 1, fired::add, Integer.MAX_VALUE));
            TimerWheelInvariants.check(wheel);
            assertTrue(wheel.nextDeadlineNs() > deadline - 1 && wheel.nextDeadlineNs() <= deadline);
            assertEquals(1, wheel.poll(deadline, fired::add, Integer.MAX_VALUE));
            assertSame(e, fired.removeLast());
            assertFalse(e.isArmed());
            assertEquals(TimerWheel.NO_DEADLINE, wheel.nextDeadlineNs());
            TimerWheelInvariants.check(wheel);
        }
    }

    /** Deadline {@code 64^L + 2*64^(L-1) + 1}: cascades L -> L-1 -> 0, one step per boundary crossed. */
    @Test
    void cascadesDownOneLevelPerBoundary() {
        for (int level = 1; level < TimerWheel.LEVELS; level++) {
            TimerWheel wheel = new TimerWheel(1000, 1);
            TimerEntry e = new TimerEntry();
            long deadlineTick = pow64(level) + 2 * pow64(level - 1) + 1;
            wheel.schedule(e, 1000 + deadlineTick);
            assertEquals(level * 64 + 1, e.location);
            assertEquals(1000 + pow64(level), wheel.nextDeadlineNs());

            // Crossing 64^L cascades the slot: the entry now differs from the current tick in digit L-1.
            assertEquals(0, wheel.poll(1000 + pow64(level), fired::add, Integer.MAX_VALUE));
            TimerWheelInvariants.check(wheel);
            if (level == 1) {
                assertEquals(3, e.location);
            } else {
                assertEquals((level - 1) * 64 + 2, e.location, "after the level-" + level + " boundary");
                assertEquals(1000 + pow64(level) + 2 * pow64(level - 1), wheel.nextDeadlineNs());
                // Crossing 64^L + 2*64^(L-1) cascades it down to level 0, slot 1.
                assertEquals(0, wheel.poll(wheel.nextDeadlineNs(), fired::add, 1));
                TimerWheelInvariants.check(wheel);
                assertEquals(1, e.location);
            }
            assertEquals(1000 + deadlineTick, wheel.nextDeadlineNs());
            assertEquals(0, wheel.poll(1000 + deadlineTick - 1, fired::add, Integer.MAX_VALUE));
            assertTrue(e.isArmed());
            assertEquals(1, wheel.poll(1000 + deadlineTick, fired::add, Integer.MAX_VALUE));
            assertSame(e, fired.removeLast());
            TimerWheelInvariants.check(wheel);
        }
    }

    @Test
    void overflowEntriesAreRefiledWhenTheirWindowStarts() {
        TimerWheel wheel = new TimerWheel(0, 1);
        long span = TimerWheel.WHEEL_SPAN_TICKS;
        TimerEntry far = new TimerEntry();
        TimerEntry farther = new TimerEntry();
        wheel.schedule(far, span + 5);
        wheel.schedule(farther, 3 * span + 7);
        assertEquals(TimerEntry.OVERFLOW, far.location);
        assertEquals(span, wheel.nextDeadlineNs());
        assertEquals(0, wheel.poll(span, fired::add, Integer.MAX_VALUE));
        TimerWheelInvariants.check(wheel);
        assertEquals(5, far.location);
        assertEquals(TimerEntry.OVERFLOW, farther.location);
        assertEquals(1, wheel.poll(span + 5, fired::add, Integer.MAX_VALUE));
        assertSame(far, fired.removeLast());
        assertEquals(3 * span, wheel.nextDeadlineNs());
        assertEquals(1, wheel.poll(Long.MAX_VALUE, fired::add, Integer.MAX_VALUE));
        assertSame(farther, fired.removeLast());
        TimerWheelInvariants.check(wheel);
    }

    @Test
    void subTickDeadlinesFireExactlyAndNextDeadlineIsExactAfterAScan() {
        TimerWheel wheel = new TimerWheel(0); // 1 ms tick
        TimerEntry a = new TimerEntry();
        TimerEntry b = new TimerEntry();
        wheel.schedule(a, 5_300_000);
        wheel.schedule(b, 5_700_000);
        assertEquals(5_000_000, wheel.nextDeadlineNs()); // slot boundary, not later than the deadline
        assertEquals(0, wheel.poll(5_000_000, fired::add, Integer.MAX_VALUE));
        assertEquals(5_300_000, wheel.nextDeadlineNs()); // the poll sorted the current tick: now exact
        assertEquals(0, wheel.poll(5_299_999, fired::add, Integer.MAX_VALUE));
        assertEquals(1, wheel.poll(5_300_000, fired::add, Integer.MAX_VALUE));
        assertSame(a, fired.removeLast());
        assertEquals(5_700_000, wheel.nextDeadlineNs());
        assertEquals(1, wheel.poll(6_000_000, fired::add, Integer.MAX_VALUE));
        assertSame(b, fired.removeLast());
    }

    @Test
    void aCrowdedTickFiresWholeAtItsEndNeverEarly() {
        TimerWheel wheel = new TimerWheel(0); // 1 ms tick
        int n = TimerWheel.SORT_LIMIT + 1;
        List<TimerEntry> es = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TimerEntry e = new TimerEntry();
            es.add(e);
            wheel.schedule(e, 5_000_000 + 1_000L * (n - i)); // deadlines 5.001..5.065 ms, in reverse
        }
        assertEquals(0, wheel.poll(5_000_000, fired::add, Integer.MAX_VALUE));
        assertEquals(5_000_000 + 1_000_000, wheel.nextDeadlineNs()); // crowded: the tick's end
        assertEquals(0, wheel.poll(5_999_999, fired::add, Integer.MAX_VALUE)); // all past due, none fired
        TimerEntry late = new TimerEntry();
        wheel.schedule(late, 5_999_999); // joins the crowded tick
        TimerWheelInvariants.check(wheel);
        assertEquals(n + 1, wheel.poll(6_000_000, fired::add, Integer.MAX_VALUE));
        assertEquals(n + 1, fired.size());
        for (TimerEntry e : fired) {
            assertTrue(e.deadlineNs <= 6_000_000);
        }
        TimerWheelInvariants.check(wheel);
    }

    @Test
    void aSortedTickThatGetsCrowdedFallsBackToFiringAtItsEnd() {
        TimerWheel wheel = new TimerWheel(0);
        TimerEntry first = new TimerEntry();
        wheel.schedule(first, 5_100_000);
        assertEquals(0, wheel.poll(5_000_000, fired::add, Integer.MAX_VALUE)); // sorts the current tick
        assertEquals(5_100_000, wheel.nextDeadlineNs());
        for (int i = 0; i < TimerWheel.SORT_LIMIT + 5; i++) {
            wheel.schedule(new TimerEntry(), 5_200_000 + i);
        }
        TimerWheelInvariants.check(wheel);
        assertEquals(6_000_000, wheel.nextDeadlineNs());
        assertEquals(0, wheel.poll(5_900_000, fired::add, Integer.MAX_VALUE));
        assertEquals(TimerWheel.SORT_LIMIT + 6, wheel.poll(6_000_000, fired::add, Integer.MAX_VALUE));
    }

    @Test
    void anEntryScheduledInThePastGoesStraightToDue() {
        TimerWheel wheel = new TimerWheel(0);
        assertEquals(0, wheel.poll(7_500_000, fired::add, Integer.MAX_VALUE));
        TimerEntry past = new TimerEntry();
        wheel.schedule(past, 2_000_000);
        assertEquals(TimerEntry.DUE, past.location);
        assertTrue(wheel.nextDeadlineNs() <= 2_000_000);
        assertEquals(1, wheel.poll(7_500_000, fired::add, Integer.MAX_VALUE));
        assertSame(past, fired.removeLast());
    }

    @Test
    void pollHonoursItsLimitAndKeepsTheRestDue() {
        TimerWheel wheel = new TimerWheel(0);
        TimerEntry[] entries = new TimerEntry[10];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = new TimerEntry();
            wheel.schedule(entries[i], 1_000_000L * (i + 1));
        }
        assertEquals(4, wheel.poll(50_000_000, fired::add, 4));
        assertTrue(wheel.nextDeadlineNs() <= 50_000_000);
        assertEquals(4, wheel.poll(50_000_000, fired::add, 4));
        assertEquals(2, wheel.poll(50_000_000, fired::add, 4));
        for (int i = 0; i < entries.length; i++) {
            assertSame(entries[i], fired.get(i), "deadline order");
        }
        assertEquals(0, wheel.size());
    }

    @Test
    void pastDeadlineFiresAtNextPollAndEntriesCanBeReArmed() {
        TimerWheel wheel = new TimerWheel(0);
        assertEquals(0, wheel.poll(100_000_000, fired::add, 10));
        TimerEntry e = new TimerEntry();
        wheel.schedule(e, 3);
        assertTrue(wheel.nextDeadlineNs() <= 3);
        assertThrows(IllegalStateException.class, () -> wheel.schedule(e, 5));
        assertEquals(1, wheel.poll(100_000_000, fired::add, 10));
        assertFalse(wheel.cancel(e));
        wheel.schedule(e, 200_000_000);
        assertTrue(wheel.cancel(e));
        assertFalse(wheel.cancel(e));
        wheel.reschedule(e, 150_000_000);
        wheel.reschedule(e, 160_000_000);
        assertEquals(0, wheel.poll(159_999_999, fired::add, 10));
        assertEquals(1, wheel.poll(160_000_000, fired::add, 10));
    }

    @Test
    void handlerMayReArmTheEntryItWasGiven() {
        TimerWheel wheel = new TimerWheel(0);
        TimerEntry e = new TimerEntry();
        int[] count = {0};
        wheel.schedule(e, 1_000_000);
        // Re-arming at the same deadline would loop; the limit bounds the batch.
        assertEquals(5, wheel.poll(1_000_000, x -> {
            count[0]++;
            wheel.schedule(x, x.deadlineNs());
        }, 5));
        assertEquals(5, count[0]);
        assertTrue(e.isArmed());
        TimerWheelInvariants.check(wheel);
    }

    @Test
    void cancelOnAnotherWheelIsRejected() {
        TimerWheel one = new TimerWheel(0);
        TimerWheel two = new TimerWheel(0);
        TimerEntry e = new TimerEntry();
        one.schedule(e, 10);
        assertThrows(IllegalArgumentException.class, () -> two.cancel(e));
        assertTrue(one.cancel(e));
    }

    @Test
    void sortByDeadlineSortsStablyWithoutLosingLinks() {
        java.util.Random rnd = new java.util.Random(7);
        for (int n = 0; n < 300; n++) {
            TimerEntry head = null;
            TimerEntry[] made = new TimerEntry[n];
            for (int i = n - 1; i >= 0; i--) {
                TimerEntry e = new TimerEntry();
                e.deadlineNs = rnd.nextInt(Math.max(1, n / 3));
                e.tick = i; // original position, to check stability
                made[i] = e;
                e.next = head;
                if (head != null) {
                    head.prev = e;
                }
                head = e;
            }
            TimerEntry sorted = TimerEntryLists.sortByDeadline(head);
            int count = 0;
            TimerEntry prev = null;
            for (TimerEntry e = sorted; e != null; e = e.next) {
                assertSame(prev, e.prev);
                if (prev != null) {
                    assertTrue(prev.deadlineNs < e.deadlineNs
                            || (prev.deadlineNs == e.deadlineNs && prev.tick < e.tick), "stable order");
                }
                prev = e;
                count++;
            }
            assertEquals(n, count);
        }
    }
}
