package io.zokio.testkit.sim;

import io.zokio.loop.Clock;

/**
 * The only cross-thread part of {@link SimBackend}: its {@code wakeup()} flag and the real wait of an idle poll.
 * {@link #wakeup()} is any-thread; {@link #consume()} and {@link #await} are the loop thread's.
 *
 * <p>The flag is guarded by the monitor: {@code wakeup()} sets it and notifies under the lock, {@code await}
 * tests it under the same lock before each wait, so a wakeup that comes before the wait is never lost. Waiting
 * never spins: without a deadline it waits until notified; with one it also re-reads the clock every
 * {@link #CLOCK_RECHECK_MS} ms, because another thread may advance a {@link io.zokio.testkit.ManualClock} without
 * calling {@code wakeup()}.
 */
final class WakeGate {
    static final long CLOCK_RECHECK_MS = 10;

    private final Object lock = new Object();
    private boolean woken; // guarded by lock

    void wakeup() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll(); // pairs with the wait in await()
        }
    }

    /** Takes a pending wakeup: true if there was one. */
    boolean consume() {
        synchronized (lock) {
            boolean w = woken;
            woken = false;
            return w;
        }
    }

    /** Waits for a wakeup, or (when {@code limitNs != Long.MAX_VALUE}) for {@code clock} to reach it. */
    void await(Clock clock, long limitNs) {
        synchronized (lock) {
            try {
                while (!woken) {
                    if (limitNs == Long.MAX_VALUE) {
                        lock.wait();
                    } else if (clock.nanoTime() >= limitNs) {
                        break;
                    } else {
                        lock.wait(CLOCK_RECHECK_MS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // returns at once, like an interrupted select
            }
            woken = false;
        }
    }
}
