package io.zokio.time;

/**
 * <b>Not thread-safe:</b> used only on the owner thread of the wheel it is scheduled on.
 *
 * <p>One timer of a {@link TimerWheel}: an intrusive node that the caller allocates once and re-arms as often
 * as it likes, so that scheduling allocates nothing. Subclass it to carry what the expiry handler needs (a
 * task to wake, a completion to fail).
 *
 * <p>States: <i>idle</i> (never scheduled, fired, or cancelled; may be scheduled again), <i>scheduled</i> (in a
 * wheel slot or the overflow list), <i>due</i> (moved to the wheel's due list by a poll that reached its
 * deadline; fired by the same or the next poll unless cancelled first). Firing sets the state back to idle
 * before the handler runs, so the handler may re-arm the entry.
 */
public class TimerEntry {
    /** {@link #location} of an idle entry. */
    static final int IDLE = -1;
    /** {@link #location} of an entry on the wheel's overflow list (deadline beyond the top level). */
    static final int OVERFLOW = -2;
    /** {@link #location} of an entry on the wheel's due list. */
    static final int DUE = -3;

    // All fields below are owned by the wheel's thread and written only by TimerWheel.

    /** The wheel this entry is on while not idle; catches an entry handed to the wrong wheel. */
    TimerWheel wheel;
    /** Absolute deadline, in the wheel's time base (nanoseconds). */
    long deadlineNs;
    /** Deadline in wheel ticks since the wheel's start, clamped to the wheel's elapsed tick when inserted. */
    long tick;
    /** A slot index {@code level * 64 + slot} (>= 0), or {@link #IDLE}, {@link #OVERFLOW}, {@link #DUE}. */
    int location = IDLE;
    /** Links of the doubly linked list of the slot (or overflow or due list); null at either end. */
    TimerEntry prev;
    TimerEntry next;

    /** Creates an idle entry. */
    public TimerEntry() {
    }

    /** The deadline given to the last {@link TimerWheel#schedule}; meaningful while scheduled or due. */
    public final long deadlineNs() {
        return deadlineNs;
    }

    /** True while scheduled or due: the entry will fire unless it is cancelled. */
    public final boolean isArmed() {
        return location != IDLE;
    }

    @Override
    public String toString() {
        String where = switch (location) {
            case IDLE -> "idle";
            case OVERFLOW -> "overflow";
            case DUE -> "due";
            default -> "level " + (location >>> 6) + " slot " + (location & 63);
        };
        return getClass().getSimpleName() + "[deadlineNs=" + deadlineNs + ", " + where + "]";
    }
}
