package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the runtime's entry points do with their caller: its interrupt status, its thread, its own tasks. */
class RuntimeCallerChecksTest {

    @Test
    @Timeout(20)
    void closeFromOneOfItsOwnTasksIsRefused() throws Exception {
        try (Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 1)) {
            Throwable refused = rt.blockOn(() -> {
                try {
                    rt.close();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            assertTrue(refused instanceof IllegalStateException, "close() from a task: " + refused);
            assertFalse(rt.isClosed());
        }
    }

    @Test
    @Timeout(20)
    void onlyAnAffineTaskIsCarriedByAWorker() throws Exception {
        try (Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 1)) {
            assertTrue(rt.blockOn(rt::isCarriedByWorker));
            assertFalse(rt.isCarriedByWorker(), "the test thread is a platform thread");
            CompletableFuture<Boolean> fromForeignVirtual = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> fromForeignVirtual.complete(rt.isCarriedByWorker())).join();
            assertFalse(fromForeignVirtual.join(), "a virtual thread of the JDK's scheduler");
        }
        try (Runtime rt = CarrierModeTest.open(CarrierMode.SHARED, 1)) {
            assertFalse(rt.blockOn(rt::isCarriedByWorker), "SHARED tasks run on the JDK's carriers");
        }
    }

    @Test
    @Timeout(20)
    void blockOnInterruptedWhileWaitingCancelsTheTask() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch bodyInterrupted = new CountDownLatch(1);
            CompletableFuture<Throwable> caller = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    rt.blockOn(() -> {
                        started.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            bodyInterrupted.countDown();
                            throw e;
                        }
                        return null;
                    });
                    caller.complete(null);
                } catch (Throwable e) {
                    caller.complete(e);
                }
            });
            started.await();
            waiter.interrupt();
            assertTrue(caller.get() instanceof InterruptedException, "blockOn threw " + caller.get());
            bodyInterrupted.await(); // the cancelled task's thread was interrupted
            waiter.join();
        }
    }

    @Test
    @Timeout(20)
    void sleepAndTickOfAnInterruptedCallerThrowAtOnce() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> rt.sleep(Duration.ZERO));
            assertFalse(Thread.interrupted(), "the status is consumed by the exception");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> rt.sleep(Duration.ofHours(1)));
            assertFalse(Thread.interrupted());
            rt.sleep(Duration.ofSeconds(-Long.MAX_VALUE)); // beyond a long of nanoseconds, negative: no wait
            Interval iv = rt.interval(Duration.ofHours(1), Interval.MissedTickBehavior.SKIP);
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, iv::tick);
            assertFalse(Thread.interrupted());
            assertThrows(IllegalArgumentException.class,
                    () -> rt.interval(Duration.ZERO, Interval.MissedTickBehavior.BURST));
            assertEquals(Duration.ofHours(1).toNanos(), iv.periodNs());
        }
    }
}
