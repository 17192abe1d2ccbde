package io.zokio.testkit;

import io.zokio.loop.Clock;

/**
 * A {@link Clock} that moves only when told to: for loops driven by hand ({@code RunMode.NO_WAIT}) and the virtual
 * time of the simulated backend and the deterministic runtime. Any thread may advance it; a loop reads it once
 * per turn.
 */
public final class ManualClock implements Clock {
    private volatile long nowNs;

    public ManualClock(long startNs) {
        this.nowNs = startNs;
    }

    public ManualClock() {
        this(0);
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    /** Moves time forward by {@code deltaNs} (must not be negative). */
    public synchronized void advance(long deltaNs) {
        if (deltaNs < 0) {
            throw new IllegalArgumentException("deltaNs must not be negative: " + deltaNs);
        }
        nowNs += deltaNs;
    }
}
