package io.zokio.loop;

/** A clock that moves only when told to. Any thread may advance it; the loop reads it once per turn. */
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
