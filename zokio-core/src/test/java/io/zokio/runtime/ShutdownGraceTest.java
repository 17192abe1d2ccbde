package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful close with a deadline: tasks that finish in time keep their outcome, the rest are cancelled. */
class ShutdownGraceTest {

    private static Runtime withGrace(Duration grace) {
        return Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend()).shutdownGrace(grace).build();
    }

    @Test
    @Timeout(30)
    void taskFinishingAfterCloseBeganButBeforeTheDeadlineKeepsItsValue() throws Exception {
        Runtime rt = withGrace(Duration.ofSeconds(20));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Task<String> t = rt.spawn(() -> {
            started.countDown();
            release.await();
            return "finished";
        });
        started.await();
        // released only once close() has begun: proves close waits for it instead of cancelling it
        Thread releaser = Thread.ofPlatform().start(() -> {
            while (!rt.isClosed()) {
                Thread.onSpinWait();
            }
            release.countDown();
        });
        rt.close();
        releaser.join();
        assertEquals("finished", t.join());
        assertThrows(RejectedExecutionException.class, () -> rt.spawn(() -> 1));
    }

    @Test
    @Timeout(30)
    void taskStillRunningAtTheDeadlineIsCancelledAndCloseReturns() throws Exception {
        Runtime rt = withGrace(Duration.ofMillis(50));
        CountDownLatch started = new CountDownLatch(2);
        Task<Object> stuck = rt.spawn(() -> {
            started.countDown();
            new CountDownLatch(1).await(); // never released: only the cancel at the deadline ends it
            return null;
        });
        Task<Object> sleeping = rt.spawn(() -> {
            started.countDown();
            rt.sleep(Duration.ofHours(1)); // a wheel timer outliving the deadline
            return null;
        });
        started.await();
        rt.close();
        assertTrue(stuck.isDone() && sleeping.isDone());
        assertThrows(CancellationException.class, stuck::join);
        assertThrows(CancellationException.class, sleeping::join);
    }

    @Test
    @Timeout(30)
    void shutdownNowCancelsAtOnceEvenWithALongGrace() throws Exception {
        Runtime rt = withGrace(Duration.ofHours(1));
        CountDownLatch started = new CountDownLatch(1);
        Task<Object> t = rt.spawn(() -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        started.await();
        rt.shutdownNow(); // returns (within the @Timeout) although the grace period is an hour
        assertThrows(CancellationException.class, t::join);
        rt.close(); // idempotent after shutdownNow
    }
}
