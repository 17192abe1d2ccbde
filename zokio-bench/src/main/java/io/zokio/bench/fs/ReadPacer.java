package io.zokio.bench.fs;

import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * <b>Threading:</b> {@link #start} and {@link #stop} from the bench's main thread; {@link #take} from the readers.
 *
 * <p>A fixed offered rate for a pool of readers: a platform thread hands out permits at {@code perSecond}, counted
 * from the clock (so a late tick hands out what it owes), every {@value #TICK_NS} ns; each reader takes a permit
 * before each read. Readers that fall behind leave permits waiting, so the reads done over a window show whether the
 * rate was sustained. The pacer is a platform thread, so the readers' carriers cannot delay it.
 */
final class ReadPacer {
    static final long TICK_NS = 100_000;

    private final long perSecond;
    private final Semaphore permits = new Semaphore(0);
    private volatile boolean stopped;
    private Thread thread;

    ReadPacer(long perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** Starts handing out permits, from none. */
    void start() {
        thread = Thread.ofPlatform().daemon().name("read-pacer").start(this::pace);
    }

    private void pace() {
        double perNs = perSecond / 1e9;
        long t0 = System.nanoTime();
        long handedOut = 0;
        while (!stopped) {
            long due = (long) ((System.nanoTime() - t0) * perNs);
            if (due > handedOut) {
                permits.release((int) Math.min(due - handedOut, Integer.MAX_VALUE));
                handedOut = due;
            }
            LockSupport.parkNanos(TICK_NS);
        }
    }

    /** Waits for the permit of one read. */
    void take() throws InterruptedException {
        permits.acquire();
    }

    /** Stops handing out permits, then releases {@code waiters} more so that every waiting reader returns. */
    void stop(int waiters) throws InterruptedException {
        stopped = true;
        thread.join();
        permits.release(waiters);
    }
}
