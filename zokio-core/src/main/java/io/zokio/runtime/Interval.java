package io.zokio.runtime;

import java.time.Duration;

/**
 * <b>Threading:</b> one thread at a time (the owner); {@link #tick()} parks a virtual thread, blocks a
 * platform thread, and throws {@link IllegalStateException} on a worker (event-loop) thread.
 *
 * <p>Periodic ticks on the runtime's timer wheels (Tokio's {@code Interval}). The first {@link #tick()}
 * returns at once; tick {@code k} is scheduled {@code k} periods after the first. When a tick is taken late
 * by at least a whole period, {@link MissedTickBehavior} decides when the next one is scheduled. Times are
 * on the runtime's clock ({@link RuntimeBuilder#clock}).
 */
public final class Interval {
    /** What to do when ticks were missed (the caller was busy for at least a period). */
    public enum MissedTickBehavior {
        /** Keep the original schedule: the missed ticks fire back to back until it is caught up. */
        BURST,
        /** Restart the schedule: the next tick is one period after the late one was taken. */
        DELAY,
        /** Keep the phase: skip to the next tick of the original schedule that is still ahead. */
        SKIP
    }

    private final Shared shared;
    private final long periodNs;
    private final MissedTickBehavior behavior;
    private long nextNs;

    Interval(Shared shared, Duration period, MissedTickBehavior behavior) {
        this.periodNs = Timers.toNanos(period);
        if (periodNs <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        this.shared = shared;
        this.behavior = behavior;
        this.nextNs = shared.clock.nanoTime();
    }

    /**
     * Waits for the next tick and returns its scheduled time (runtime clock, nanoseconds); never earlier
     * than that time.
     */
    public long tick() throws InterruptedException {
        long scheduled = nextNs;
        Timers.sleepUntil(shared, scheduled);
        long now = shared.clock.nanoTime();
        long lateNs = now - scheduled;
        if (lateNs < periodNs) {
            nextNs = scheduled + periodNs;
        } else {
            nextNs = switch (behavior) {
                case BURST -> scheduled + periodNs;
                case DELAY -> now + periodNs;
                case SKIP -> scheduled + periodNs * (lateNs / periodNs + 1);
            };
        }
        return scheduled;
    }

    public long periodNs() {
        return periodNs;
    }

    public MissedTickBehavior missedTickBehavior() {
        return behavior;
    }
}
