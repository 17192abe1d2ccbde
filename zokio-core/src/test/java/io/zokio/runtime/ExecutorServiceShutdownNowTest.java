package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * shutdownNow() of the executor-service view returns the commands that had not started, and they never run:
 * with one AFFINE worker held by a loop task, no command's virtual thread can start.
 */
class ExecutorServiceShutdownNowTest {

    @Test
    @Timeout(20)
    void commandsNotStartedAreReturnedAndNeverRun() throws Exception {
        try (Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 1)) {
            ExecutorService es = rt.executorService();
            CountDownLatch workerHeld = new CountDownLatch(1);
            CountDownLatch releaseWorker = new CountDownLatch(1);
            rt.executeOnLoop(() -> {
                workerHeld.countDown();
                try {
                    releaseWorker.await(); // holds the only carrier: no command can start meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            workerHeld.await();
            AtomicInteger ran = new AtomicInteger();
            Runnable a = ran::incrementAndGet;
            Runnable b = ran::incrementAndGet;
            es.execute(a);
            es.execute(b);
            List<Runnable> notStarted = es.shutdownNow();
            assertEquals(2, notStarted.size());
            assertTrue(notStarted.contains(a) && notStarted.contains(b));
            releaseWorker.countDown();
            assertTrue(es.awaitTermination(10, TimeUnit.SECONDS), "dropped commands end without running");
            assertEquals(0, ran.get());
            assertTrue(es.isTerminated());
        }
    }
}
