package io.zokio.time;

import static io.zokio.time.TimerWheel.LEVELS;
import static io.zokio.time.TimerWheel.SLOTS;
import static io.zokio.time.TimerWheel.SLOT_BITS;
import static io.zokio.time.TimerWheel.SLOT_MASK;
import static io.zokio.time.TimerWheel.levelFor;

/** The structural invariants of a {@link TimerWheel} (see the package documentation), checked by tests. */
final class TimerWheelInvariants {
    private TimerWheelInvariants() {
    }

    /** Checks the structural invariants of {@code w}; throws AssertionError on a violation. */
    static void check(TimerWheel w) {
        int count = 0;
        for (int level = 0; level < LEVELS; level++) {
            int shift = level * SLOT_BITS;
            int current = (int) (w.elapsed >>> shift) & SLOT_MASK;
            for (int slot = 0; slot < SLOTS; slot++) {
                int index = level * SLOTS + slot;
                boolean bit = (w.occupied[level] & (1L << slot)) != 0;
                require(bit == (w.slots[index] != null), "occupied bit of level " + level + " slot " + slot);
                if (bit) {
                    require(slot >= current && (level == 0 || slot > current),
                            "level " + level + " slot " + slot + " is behind the current digit " + current);
                }
                TimerEntry prev = null;
                for (TimerEntry e = w.slots[index]; e != null; e = e.next) {
                    require(e.location == index && e.prev == prev && e.wheel == w, "links of " + e);
                    require(e.tick >= w.elapsed && levelFor(w.elapsed, e.tick) == level, "level of " + e);
                    require(((int) (e.tick >>> shift) & SLOT_MASK) == slot, "slot of " + e);
                    if (level == 0 && e.tick == w.sortedTick) {
                        require(prev == null || prev.deadlineNs <= e.deadlineNs, "sorted slot order at " + e);
                    } else {
                        require(e.deadlineNs >= w.timeOfTick(e.tick), "deadline below slot start: " + e);
                    }
                    prev = e;
                    count++;
                }
            }
        }
        TimerEntry prev = null;
        for (TimerEntry e = w.overflowHead; e != null; e = e.next) {
            require(e.location == TimerEntry.OVERFLOW && e.prev == prev && e.wheel == w, "overflow " + e);
            require(levelFor(w.elapsed, e.tick) >= LEVELS && e.tick >= w.overflowMinTick, "overflow tick " + e);
            prev = e;
            count++;
        }
        prev = null;
        for (TimerEntry e = w.dueHead; e != null; e = e.next) {
            require(e.location == TimerEntry.DUE && e.prev == prev && e.wheel == w, "due " + e);
            require(e.deadlineNs >= w.dueMinNs, "due bound " + e);
            prev = e;
            count++;
        }
        require(w.dueTail == prev, "due tail");
        require(count == w.size, "size " + w.size + " but " + count + " entries");
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
