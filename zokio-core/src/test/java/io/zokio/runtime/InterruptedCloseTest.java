package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An interrupted caller of build() and close() gets a complete runtime and a complete shutdown, with its
 * interrupt status kept: as with ExecutorService.close(), an interrupt during the grace period cancels the
 * tasks still running instead of abandoning them.
 */
class InterruptedCloseTest {

    @Test
    @Timeout(30)
    void anInterruptedCloseStillCancelsRunningTasksAndStopsEverything() throws Exception {
        Set<Thread> before = RuntimeTestSupport.zokioThreads();
        Runtime rt = Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend())
                .shutdownGrace(Duration.ofHours(1)).jmx(false).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interruptedTask = new CountDownLatch(1);
        Task<Void> waiting = rt.spawn(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interruptedTask.countDown();
                throw e;
            }
            return null;
        });
        started.await();
        Thread.currentThread().interrupt();
        rt.close();
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        assertTrue(rt.isTerminated());
        assertTrue(waiting.isDone(), "the running task was cancelled, not abandoned");
        assertTrue(waiting.isCancelled());
        interruptedTask.await();
        RuntimeTestSupport.assertNoNewThreads(before);
    }

    @Test
    @Timeout(30)
    void anInterruptedBuildCompletesAndKeepsTheStatus() throws Exception {
        Thread.currentThread().interrupt();
        Runtime rt = Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend()).jmx(false).build();
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        try (rt) {
            assertTrue(rt.blockOn(() -> 42) == 42, "every worker started");
        }
    }

    @Test
    @Timeout(30)
    void anInterruptedCloseWithNoTaskLeftStillJoinsTheBlockingPoolAndTheWorkers() throws Exception {
        Set<Thread> before = RuntimeTestSupport.zokioThreads();
        Runtime rt = Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend()).jmx(false).build();
        assertTrue(rt.blocking(() -> 1).join() == 1, "a blocking-pool thread was started");
        Thread.currentThread().interrupt();
        rt.close();
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        assertTrue(rt.isTerminated());
        RuntimeTestSupport.assertNoNewThreads(before);
    }
}
