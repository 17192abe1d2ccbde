package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task of one runtime calling into another is an outside caller there: its work goes to the other runtime's
 * workers and counts as spawned from outside, and a task of the other runtime it wakes resumes on its own
 * runtime's carriers.
 */
class CrossRuntimeCallsTest {

    @Test
    @Timeout(20)
    void workHandedToAnotherRuntimeRunsThereAsOutsideWork() throws Exception {
        try (Runtime a = CarrierModeTest.open(CarrierMode.AFFINE, 1);
                Runtime b = CarrierModeTest.open(CarrierMode.AFFINE, 1)) {
            long outsideBefore = b.metrics().tasksSpawnedOutside();
            CompletableFuture<Runtime> loopRanOn = new CompletableFuture<>();
            CompletableFuture<Runtime> taskRanOn = new CompletableFuture<>();
            CountDownLatch timerFired = new CountDownLatch(1);
            boolean carriedByB = a.blockOn(() -> {
                b.executeOnLoop(() -> loopRanOn.complete(Runtime.current()));
                b.spawn(() -> taskRanOn.complete(Runtime.current()));
                b.schedule(Duration.ofMillis(1), timerFired::countDown);
                return b.isCarriedByWorker();
            });
            assertFalse(carriedByB, "a task of a is not carried by a worker of b");
            assertSame(b, loopRanOn.get());
            assertSame(b, taskRanOn.get());
            timerFired.await();
            assertEquals(2, b.metrics().tasksSpawnedOutside() - outsideBefore, "the loop task and the task");
        }
    }

    @Test
    @Timeout(20)
    void aTaskWokenByAnotherRuntimesTaskResumesOnItsOwnRuntime() throws Exception {
        try (Runtime a = CarrierModeTest.open(CarrierMode.AFFINE, 1);
                Runtime b = CarrierModeTest.open(CarrierMode.AFFINE, 1)) {
            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch wake = new CountDownLatch(1);
            Task<Boolean> sleeper = b.spawn(() -> {
                waiting.countDown();
                wake.await();
                return Runtime.current() == b && b.isCarriedByWorker();
            });
            waiting.await();
            a.blockOn(() -> {
                wake.countDown(); // unparks b's task from a's carrier
                return null;
            });
            assertTrue(sleeper.join(), "resumed on b's worker");
        }
    }
}
