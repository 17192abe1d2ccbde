package io.zokio.testing;

import io.zokio.loop.Clock;

/** A clock for core's tests that moves only when a test sets or advances it. Any thread. */
public final class TestClock implements Clock {
    private volatile long nowNs;

    public TestClock(long startNs) {
        this.nowNs = startNs;
    }

    public TestClock() {
        this(0);
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    /** Sets the time to {@code nowNs}. */
    public void set(long nowNs) {
        this.nowNs = nowNs;
    }

    /** Moves time forward by {@code deltaNs} (must not be negative). */
    public synchronized void advance(long deltaNs) {
        if (deltaNs < 0) {
            throw new IllegalArgumentException("deltaNs must not be negative: " + deltaNs);
        }
        nowNs += deltaNs;
    }
}
