package io.zokio.time;

import java.util.function.Consumer;

/**
 * <b>Not thread-safe: owner thread only</b> (the worker whose event loop drives it; its entries too).
 *
 * <p>A hierarchical timing wheel: O(1) schedule and cancel of caller-owned {@link TimerEntry} objects, expiry
 * in batches, and one nearest deadline for the event loop's single native timeout.
 *
 * <p><b>Time is a parameter.</b> The wheel never reads a clock: its start, every deadline and every
 * {@link #poll} take nanoseconds in one caller-chosen time base (normally {@code System.nanoTime()} read once
 * per loop turn). Time must not go backwards by more than the caller can tolerate: a poll with an earlier
 * time fires nothing new, it never rewinds the wheel.
 *
 * <p><b>Guarantees.</b> An entry fires at most once per {@link #schedule}, never before its deadline (a
 * {@link #poll} fires it only when {@code deadlineNs <= nowNs}), and at the first poll whose time reaches its
 * deadline, unless that poll hits its {@code limit} (then it fires in a following poll, before any entry
 * whose deadline tick is later) or its tick is crowded (more than {@value #SORT_LIMIT} entries: then it fires
 * at the first poll after its tick has ended, at most one tick late). {@link #cancel} returns true exactly
 * when it prevented the firing.
 *
 * <p><b>How.</b> A deadline is rounded down to a tick ({@code tickNs}, 1 ms by default). Six levels of 64
 * slots cover 64^6 ticks; an entry lives in the lowest level whose slot still separates its tick from the
 * wheel's current tick (Tokio's rule: the highest 6-bit digit in which they differ), farther deadlines on an
 * unsorted overflow list. When the wheel reaches a slot of level L > 0 it cascades the slot's entries down to
 * the levels below; a level-0 slot of a past tick is wholly due, and the slot of the current tick, when it
 * holds at most {@value #SORT_LIMIT} entries, is sorted by deadline once (allocation-free merge sort of its
 * list), after which each poll within that tick takes the entries whose exact deadline has passed from its
 * front, in O(1) per entry. An entry scheduled in the past goes straight to the due list. Due entries go to a
 * FIFO due list from which the handler is called; a past tick's slot is fired from its own head, each entry
 * unlinked as it fires (no pass over the slot first). The handler may cancel, schedule or re-arm any entry,
 * including the one it was given.
 */
public final class TimerWheel {
    /** {@link #nextDeadlineNs()} when nothing is scheduled. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** Default tick: 1 ms. */
    public static final long DEFAULT_TICK_NS = 1_000_000L;

    static final int SLOT_BITS = 6;
    static final int SLOTS = 1 << SLOT_BITS;
    static final int SLOT_MASK = SLOTS - 1;
    static final int LEVELS = 6;
    /** Ticks spanned by the whole wheel: 64^6 = 2^36. */
    static final long WHEEL_SPAN_TICKS = 1L << (SLOT_BITS * LEVELS);
    /**
     * Most entries a current tick's slot is sorted with for exact sub-tick expiry. A linked-list sort of a
     * crowded tick (a thousand timers per millisecond) chases cold pointers log n times per entry and would be
     * the wheel's main cost under load; above this a tick fires whole at its end instead.
     */
    static final int SORT_LIMIT = 64;
    /** {@link #advance}: nothing is due. */
    private static final int NOTHING_DUE = -2;
    /** {@link #advance}: a step was made that left nothing to fire from a slot. */
    private static final int NOT_FIRING = -1;

    private final long startNs;
    private final long tickNs;

    // The state below is package-private only so that the tests' invariant checker can read it.

    /**
     * Slot list heads, index {@code level * 64 + slot}. A level-L slot spans 64^L ticks; the level covers the
     * 64^(L+1)-tick window that holds the current tick. With the default 1 ms tick:
     * <pre>
     * level | slot width      | level range     | at 1 ms tick
     * ------+-----------------+-----------------+-------------
     *   0   | 1 tick          | 64 ticks        | 64 ms
     *   1   | 64 ticks        | 4096 ticks      | ~4.1 s
     *   2   | 4096 ticks      | 262144 ticks    | ~4.4 min
     *   3   | 2^18 ticks      | 2^24 ticks      | ~4.7 h
     *   4   | 2^24 ticks      | 2^30 ticks      | ~12.4 days
     *   5   | 2^30 ticks      | 2^36 ticks      | ~2.2 years
     * overflow list: deadlines outside the current 2^36-tick window
     * </pre>
     */
    final TimerEntry[] slots = new TimerEntry[LEVELS * SLOTS];
    /** Bit s of {@code occupied[L]} is set iff slot s of level L is non-empty. */
    final long[] occupied = new long[LEVELS];

    TimerEntry overflowHead;
    /** Lower bound of the ticks on the overflow list (cancel does not raise it). */
    long overflowMinTick = Long.MAX_VALUE;

    TimerEntry dueHead;
    TimerEntry dueTail;
    /** Lower bound of the deadlines on the due list; meaningful while it is non-empty. */
    long dueMinNs;

    /**
     * The current tick: every slot of an earlier tick has been processed. Every entry's tick is >= it, every
     * occupied slot of level L > 0 starts after it.
     */
    long elapsed;

    /**
     * Level-0 tick whose slot list is kept sorted by deadline (inserts into it walk to their place), or -1: the
     * current tick once a poll has looked inside it and found at most {@link #SORT_LIMIT} entries, so that
     * {@link #nextDeadlineNs()} is exact for it.
     */
    long sortedTick = -1;
    /** Entries in the sorted slot (an upper bound: a cancel does not lower it). */
    int sortedCount;
    /**
     * Level-0 tick found too crowded to sort ({@value #SORT_LIMIT}+ entries), or -1: its entries fire together
     * once the tick has passed (up to one tick late, never early), so that a dense tick costs O(1) per entry
     * instead of a sort. Sparse ticks keep exact sub-tick expiry.
     */
    long bulkTick = -1;

    int size;

    // Result of nextExpirationTick(), kept in fields so that finding it allocates nothing.
    private int expLevel;
    private int expSlot;

    /** A wheel with a 1 ms tick whose tick 0 starts at {@code startNs}. */
    public TimerWheel(long startNs) {
        this(startNs, DEFAULT_TICK_NS);
    }

    /** A wheel with the given tick (e.g. 1 ms, or finer) whose tick 0 starts at {@code startNs}. */
    public TimerWheel(long startNs, long tickNs) {
        if (tickNs <= 0) {
            throw new IllegalArgumentException("tickNs must be positive: " + tickNs);
        }
        this.startNs = startNs;
        this.tickNs = tickNs;
    }

    public long tickNs() {
        return tickNs;
    }

    /** Entries scheduled or due. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Arms an idle entry to fire at the first poll with {@code nowNs >= deadlineNs}. A deadline already past
     * fires at the next poll. O(1), allocation-free.
     *
     * @throws IllegalStateException when the entry is armed (use {@link #reschedule})
     */
    public void schedule(TimerEntry entry, long deadlineNs) {
        if (entry.location != TimerEntry.IDLE) {
            throw new IllegalStateException("timer already armed: " + entry);
        }
        entry.wheel = this;
        entry.deadlineNs = deadlineNs;
        entry.tick = Math.max(tickOf(deadlineNs), elapsed);
        place(entry);
        size++;
    }

    /** Cancels the entry if it is armed, then schedules it at {@code deadlineNs}. */
    public void reschedule(TimerEntry entry, long deadlineNs) {
        cancel(entry);
        schedule(entry, deadlineNs);
    }

    /**
     * Disarms the entry. O(1). Returns true iff the entry was armed on this wheel, so that it will now not
     * fire; false when it was idle (never scheduled, already fired, or already cancelled).
     *
     * @throws IllegalArgumentException when the entry is armed on another wheel
     */
    public boolean cancel(TimerEntry entry) {
        if (entry.location == TimerEntry.IDLE) {
            return false;
        }
        if (entry.wheel != this) {
            throw new IllegalArgumentException("timer armed on another wheel: " + entry);
        }
        unlink(entry);
        entry.location = TimerEntry.IDLE;
        entry.wheel = null;
        size--;
        return true;
    }

    /**
     * Fires, in deadline-tick order, up to {@code limit} entries whose deadline is {@code <= nowNs}: each is
     * made idle, then passed to {@code handler}. Returns the number fired. Entries left due by the limit fire
     * first in the next poll.
     */
    public int poll(long nowNs, Consumer<? super TimerEntry> handler, int limit) {
        long nowTick = Math.max(tickOf(nowNs), elapsed);
        int fired = 0;
        int firing = NOT_FIRING; // a level-0 slot of a past tick, fired from its head without a move to due
        while (fired < limit) {
            TimerEntry e = dueHead;
            if (e == null && firing != NOT_FIRING) {
                e = slots[firing];
                if (e == null) {
                    firing = NOT_FIRING; // drained (or emptied by the handler's cancels)
                    continue;
                }
            }
            if (e != null) {
                unlink(e);
                e.location = TimerEntry.IDLE;
                e.wheel = null;
                size--;
                fired++;
                handler.accept(e);
                continue;
            }
            int step = advance(nowNs, nowTick);
            if (step == NOTHING_DUE) {
                break;
            }
            firing = step; // NOT_FIRING after a cascade, a refile or a take from the current tick
        }
        return fired;
    }

    /**
     * The time at which the next poll has work: never later than the earliest deadline of an armed entry
     * (it may be the start of that entry's slot, or earlier than {@code nowNs} when entries are due), except
     * in a crowded current tick ({@link #bulkTick}), whose entries fire together at its end; or
     * {@link #NO_DEADLINE} when nothing is armed.
     */
    public long nextDeadlineNs() {
        long wheelNs;
        long start = nextExpirationTick();
        if (start < 0) {
            wheelNs = NO_DEADLINE;
        } else if (expLevel == 0 && start == sortedTick) {
            wheelNs = slots[expSlot].deadlineNs; // the sorted slot's head is its earliest deadline
        } else if (expLevel == 0 && start == bulkTick) {
            wheelNs = timeOfTick(start + 1); // a crowded tick fires whole at its end
        } else {
            wheelNs = timeOfTick(start);
        }
        // Entries left due by a limited poll are already late, but one scheduled since may be even earlier.
        return dueHead != null ? Math.min(dueMinNs, wheelNs) : wheelNs;
    }

    /**
     * Moves the earliest batch of work that is due at {@code nowTick} one step on: {@link #NOTHING_DUE} if there
     * is none; the index of a level-0 slot whose tick has wholly passed, for {@link #poll} to fire from its head
     * (every deadline in it is {@code < timeOfTick(start + 1) <= timeOfTick(nowTick) <= nowNs}; it stays the
     * earliest slot, at the current tick, until drained); {@link #NOT_FIRING} after any other step (a cascade,
     * a refile of the overflow list, due entries taken from the current tick).
     */
    private int advance(long nowNs, long nowTick) {
        long start = nextExpirationTick();
        if (start < 0 || start > nowTick) {
            // Nothing up to nowTick: every occupied slot starts later, so moving the current tick up keeps each
            // entry in a valid level (its digits above its level still equal the current tick's).
            elapsed = nowTick;
            return NOTHING_DUE;
        }
        int level = expLevel;
        if (level == LEVELS) {
            elapsed = start;
            refileOverflow();
            return NOT_FIRING;
        }
        int index = level * SLOTS + expSlot;
        if (level > 0) {
            elapsed = start;
            cascade(index);
            return NOT_FIRING;
        }
        if (start < nowTick) {
            elapsed = start;
            return index;
        }
        elapsed = nowTick;
        return takeDueFromCurrentTick(index, nowNs, nowTick) ? NOT_FIRING : NOTHING_DUE;
    }

    /**
     * Start tick of the earliest occupied slot (setting {@link #expLevel} and {@link #expSlot}); level
     * {@link #LEVELS} means the overflow list; -1 when nothing is scheduled outside the due list.
     */
    private long nextExpirationTick() {
        for (int level = 0; level < LEVELS; level++) {
            long occ = occupied[level];
            if (occ == 0) {
                continue;
            }
            int shift = level * SLOT_BITS;
            int current = (int) (elapsed >>> shift) & SLOT_MASK;
            // No slot before the current digit is occupied (see elapsed); the lowest set bit is the earliest.
            long ahead = occ & (-1L << current);
            assert ahead == occ : "level " + level + " has a slot behind the current tick";
            int slot = Long.numberOfTrailingZeros(ahead);
            long windowMask = (1L << (shift + SLOT_BITS)) - 1;
            expLevel = level;
            expSlot = slot;
            return (elapsed & ~windowMask) | ((long) slot << shift);
        }
        if (overflowHead != null) {
            expLevel = LEVELS;
            long next = (elapsed | (WHEEL_SPAN_TICKS - 1)) + 1;
            long atMin = overflowMinTick & ~(WHEEL_SPAN_TICKS - 1);
            return Math.max(next, atMin);
        }
        return -1;
    }

    private void place(TimerEntry e) {
        if (e.deadlineNs < timeOfTick(e.tick)) {
            // scheduled in the past (its tick clamped to the current one): the deadline is before the time of
            // the poll that reached the current tick, so it is due now and fires at the next poll
            appendDue(e);
            return;
        }
        int level = levelFor(elapsed, e.tick);
        if (level >= LEVELS) {
            e.location = TimerEntry.OVERFLOW;
            e.prev = null;
            e.next = overflowHead;
            if (overflowHead != null) {
                overflowHead.prev = e;
            }
            overflowHead = e;
            overflowMinTick = Math.min(overflowMinTick, e.tick);
            return;
        }
        int slot = (int) (e.tick >>> (level * SLOT_BITS)) & SLOT_MASK;
        int index = level * SLOTS + slot;
        occupied[level] |= 1L << slot;
        e.location = index;
        if (level == 0 && e.tick == sortedTick) {
            if (sortedCount < SORT_LIMIT) {
                insertSorted(index, e);
                sortedCount++;
                return;
            }
            // the current tick got crowded: the rest of it fires whole at its end
            sortedTick = -1;
            bulkTick = e.tick;
        }
        TimerEntry head = slots[index];
        e.prev = null;
        e.next = head;
        if (head != null) {
            head.prev = e;
        }
        slots[index] = e;
    }

    /** Links {@code e} into the sorted list of slot {@code index}, after entries with the same deadline. */
    private void insertSorted(int index, TimerEntry e) {
        TimerEntry prev = null;
        TimerEntry next = slots[index];
        while (next != null && next.deadlineNs <= e.deadlineNs) {
            prev = next;
            next = next.next;
        }
        e.prev = prev;
        e.next = next;
        if (next != null) {
            next.prev = e;
        }
        if (prev != null) {
            prev.next = e;
        } else {
            slots[index] = e;
        }
    }

    /** Level for {@code tick} seen from {@code elapsed}: the highest 6-bit digit in which they differ. */
    static int levelFor(long elapsed, long tick) {
        long masked = (elapsed ^ tick) | SLOT_MASK;
        if (masked >= WHEEL_SPAN_TICKS) {
            return LEVELS;
        }
        return (63 - Long.numberOfLeadingZeros(masked)) / SLOT_BITS;
    }

    private void unlink(TimerEntry e) {
        TimerEntry p = e.prev;
        TimerEntry n = e.next;
        int location = e.location;
        if (n != null) {
            n.prev = p;
        } else if (location == TimerEntry.DUE) {
            dueTail = p;
        }
        if (p != null) {
            p.next = n;
        } else if (location >= 0) {
            slots[location] = n;
            if (n == null) {
                occupied[location >>> SLOT_BITS] &= ~(1L << (location & SLOT_MASK));
            }
        } else if (location == TimerEntry.OVERFLOW) {
            overflowHead = n;
        } else {
            dueHead = n;
        }
        e.prev = null;
        e.next = null;
    }

    private void appendDue(TimerEntry e) {
        e.location = TimerEntry.DUE;
        e.next = null;
        e.prev = dueTail;
        if (dueTail != null) {
            dueTail.next = e;
            dueMinNs = Math.min(dueMinNs, e.deadlineNs);
        } else {
            dueHead = e;
            dueMinNs = e.deadlineNs;
        }
        dueTail = e;
    }

    private TimerEntry detachSlot(int index) {
        TimerEntry head = slots[index];
        slots[index] = null;
        occupied[index >>> SLOT_BITS] &= ~(1L << (index & SLOT_MASK));
        return head;
    }

    /** Re-places every entry of a level > 0 slot that starts at {@link #elapsed}; each lands lower. */
    private void cascade(int index) {
        for (TimerEntry e = detachSlot(index); e != null; ) {
            TimerEntry next = e.next;
            place(e);
            e = next;
        }
    }

    /**
     * Moves the entries of the current tick's slot whose deadline has passed to the due list, sorting the slot
     * first if this is the first look into this tick; O(1) per entry moved after that.
     */
    private boolean takeDueFromCurrentTick(int index, long nowNs, long nowTick) {
        if (nowTick == bulkTick) {
            return false; // crowded: the whole slot moves to due once the tick has passed
        }
        if (sortedTick != nowTick) {
            int n = TimerEntryLists.countUpTo(slots[index], SORT_LIMIT + 1);
            if (n > SORT_LIMIT) {
                bulkTick = nowTick;
                return false;
            }
            slots[index] = TimerEntryLists.sortByDeadline(slots[index]);
            sortedTick = nowTick;
            sortedCount = n;
        }
        boolean moved = false;
        for (TimerEntry e = slots[index]; e != null && e.deadlineNs <= nowNs; e = slots[index]) {
            unlink(e);
            appendDue(e);
            sortedCount--;
            moved = true;
        }
        return moved;
    }

    /** Called with {@link #elapsed} at the start of a new window: moves the entries that now fit into it. */
    private void refileOverflow() {
        long min = Long.MAX_VALUE;
        for (TimerEntry e = overflowHead; e != null; ) {
            TimerEntry next = e.next;
            if (levelFor(elapsed, e.tick) < LEVELS) {
                unlink(e);
                place(e);
            } else {
                min = Math.min(min, e.tick);
            }
            e = next;
        }
        overflowMinTick = min;
    }

    /** Tick holding {@code timeNs}: floor((timeNs - start) / tick), 0 before the start, saturating. */
    long tickOf(long timeNs) {
        if (timeNs <= startNs) {
            return 0;
        }
        long rel = timeNs - startNs;
        if (rel < 0) {
            rel = Long.MAX_VALUE; // the subtraction overflowed: timeNs is far in the future
        }
        return rel / tickNs;
    }

    /** Start time of {@code tick}, saturating at {@link #NO_DEADLINE}. */
    long timeOfTick(long tick) {
        if (tick > Long.MAX_VALUE / tickNs) {
            return NO_DEADLINE;
        }
        long t = startNs + tick * tickNs;
        if (startNs > 0 && t < 0) {
            return NO_DEADLINE;
        }
        return t;
    }

    long elapsedTick() {
        return elapsed;
    }
}
