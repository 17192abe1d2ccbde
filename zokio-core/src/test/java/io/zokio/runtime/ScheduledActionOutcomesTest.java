package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A scheduled action that throws, one too far away to represent in nanoseconds, and one left at shutdown. */
class ScheduledActionOutcomesTest {

    @Test
    @Timeout(20)
    void aThrowingActionLeavesTheWorkerRunningLaterActions() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            CountDownLatch threw = new CountDownLatch(1);
            Scheduled bad = rt.schedule(Duration.ofMillis(1), () -> {
                threw.countDown();
                throw new IllegalStateException("scheduled failure");
            });
            threw.await();
            assertTrue(bad.isFired());
            assertFalse(bad.cancel(), "it already ran");
            CountDownLatch next = new CountDownLatch(1);
            rt.schedule(Duration.ofMillis(1), next::countDown);
            next.await();
        }
    }

    @Test
    @Timeout(20)
    void aDelayBeyondALongOfNanosecondsIsPendingUntilCancelled() {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            Scheduled far = rt.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> { });
            assertFalse(far.isFired());
            assertTrue(far.cancel());
            assertTrue(far.isCancelled());
            assertFalse(far.cancel(), "only the first cancel stops it");
        }
    }

    @Test
    @Timeout(20)
    void anActionPendingAtShutdownIsAbandonedAndCannotBeCancelled() {
        Runtime rt = RuntimeTestSupport.nio(1);
        Scheduled pending = rt.schedule(Duration.ofHours(1), () -> { });
        rt.close();
        assertFalse(pending.cancel(), "abandoned at shutdown");
        assertFalse(pending.isFired());
        assertFalse(pending.isCancelled());
    }
}
