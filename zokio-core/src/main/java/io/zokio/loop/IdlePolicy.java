package io.zokio.loop;

/**
 * <b>Threading:</b> loop-thread only, except {@link #wakeRequested()} (any thread that wakes the loop).
 *
 * <p>What an {@link EventLoop} does in a turn that found no work: poll again at once (spin), yield the thread,
 * or block in the backend until the nearest timer deadline, as its {@link IdleMode} says. An idle period starts
 * with the first turn without work and ends with the first turn with work; each period that ends is counted,
 * and with {@link IdleMode#ADAPTIVE} it tunes the spin budget ({@link AdaptiveSpin}), which also learns what a
 * wakeup from another thread costs. Budgets are in loop time and capped in turns (see {@link IdleMode}).
 */
final class IdlePolicy {
    private final IdleMode mode;
    private final Clock clock;
    private final OwnerCounters stats;
    /** Non-null for {@link IdleMode#ADAPTIVE}. */
    private final AdaptiveSpin adaptive;

    // the current idle period (loop thread)
    /** Turns without work so far; 0: the loop is not idle. */
    private long idleTurns;
    private long idleSinceNs;
    /** Whether the period went into a blocking wait. */
    private boolean blocked;

    /** When another thread last asked the blocked loop to wake (ADAPTIVE only; 0: none pending). */
    private volatile long wakeRequestedNs;

    IdlePolicy(IdleMode mode, Clock clock, OwnerCounters stats) {
        this.mode = mode;
        this.clock = clock;
        this.stats = stats;
        this.adaptive = mode == IdleMode.ADAPTIVE ? new AdaptiveSpin(stats, mode.spinNs()) : null;
        stats.set(LoopStats.SPIN_BUDGET_NS, mode.spinNs());
    }

    IdleMode mode() {
        return mode;
    }

    /** A run starts: no idle period carries over from an earlier one. */
    void reset() {
        idleTurns = 0;
    }

    /**
     * A turn at {@code nowNs} found no work while work is pending: spins, yields, or says how long to block.
     *
     * @return 0 to poll without waiting, else the wait for the backend's poll ({@code -1}: until woken)
     */
    long idleTurn(long nowNs, TimerHeap timers) {
        if (idleTurns == 0) {
            idleSinceNs = nowNs;
            blocked = false;
        }
        long idleNs = nowNs - idleSinceNs;
        long spinNs = adaptive != null ? adaptive.budgetNs() : mode.spinNs();
        idleTurns++;
        if (idleNs < spinNs && idleTurns <= mode.maxSpinTurns()) {
            return 0; // spin: poll without waiting (io_uring: a CQ check, no syscall)
        }
        if (idleNs < spinNs + mode.yieldNs() && idleTurns <= mode.maxIdleTurns()) {
            Thread.yield();
            return 0;
        }
        return timers.isEmpty() ? -1 : Math.max(0, timers.nextDeadlineNs() - nowNs);
    }

    /** The loop is about to block in the backend. */
    void blocking() {
        blocked = true;
    }

    /** After a blocking wait: if another thread woke the loop, how long that took (a clock read on the slow path). */
    void unblocked() {
        if (adaptive == null) {
            return;
        }
        long requested = wakeRequestedNs;
        if (requested != 0) {
            wakeRequestedNs = 0;
            adaptive.wakeMeasured(clock.nanoTime() - requested);
        }
    }

    /** A turn found work: ends the idle period, if one was running. */
    void workFound() {
        if (idleTurns > 0) {
            idleEnded();
            idleTurns = 0;
        }
    }

    /**
     * An idle period ended: counts it and lets an adaptive spin budget learn from it. The length of a period that
     * blocked needs a second clock read in its turn (the turn's time was read before the wait); blocking is the
     * slow path anyway.
     */
    private void idleEnded() {
        if (!blocked) {
            stats.inc(LoopStats.SPIN_HITS);
        }
        if (adaptive != null) {
            adaptive.idleEnded(blocked ? clock.nanoTime() - idleSinceNs : 0, blocked);
        }
    }

    /** Another thread is about to wake the blocked loop (ADAPTIVE measures how long the wakeup takes). */
    void wakeRequested() {
        if (adaptive != null) {
            wakeRequestedNs = clock.nanoTime(); // volatile; read by the loop once it runs again
        }
    }
}
