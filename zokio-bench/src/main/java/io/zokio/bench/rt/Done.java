package io.zokio.bench.rt;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * <b>Threading:</b> {@link #arrive} from any task; {@link #await} from the bench's main thread.
 *
 * <p>Counts tasks down to zero; the last one releases the main thread (one atomic decrement per task, the
 * {@code rem.fetch_sub} of Tokio's benches, and one latch release per round). Also records when the last
 * arrival happened, for benches whose end is the last event rather than the main thread's wakeup.
 */
final class Done extends AtomicLong {
    private static final long serialVersionUID = 1L;
    /** A round that has not finished after this long is a hang: the impl is reported as failed. */
    static final long TIMEOUT_SECONDS = 120;

    private final CountDownLatch latch = new CountDownLatch(1);
    /** Written by the last arrival before its latch release; read after await (the latch orders them). */
    private long lastNanos;

    Done(long count) {
        super(count);
    }

    void arrive() {
        if (decrementAndGet() == 0) {
            lastNanos = System.nanoTime();
            latch.countDown();
        }
    }

    /** Waits for every arrival; returns the time of the last. */
    long await() throws InterruptedException, TimeoutException {
        if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new TimeoutException(get() + " tasks still pending after " + TIMEOUT_SECONDS + " s");
        }
        return lastNanos;
    }
}
