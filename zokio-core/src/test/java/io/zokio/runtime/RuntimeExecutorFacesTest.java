package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The runtime's executor faces: {@code execute} (and so {@code CompletableFuture.*Async(..., runtime)}) runs
 * blocking work on virtual threads, the lightweight path has its own name, and the ExecutorService and
 * ThreadFactory views run library code on the runtime.
 */
class RuntimeExecutorFacesTest {

    /** One worker, so that a blocked worker would stall everything else. */
    private static Runtime oneWorker(CarrierMode mode) {
        if (mode == CarrierMode.AFFINE) {
            Assumptions.assumeTrue(AffineCarriers.available(), () -> "AFFINE unavailable: "
                    + AffineCarriers.UNAVAILABLE_CAUSE);
        }
        return Runtime.builder().workers(1).carrierMode(mode).backend(RuntimeTestSupport.testBackend()).build();
    }

    @ParameterizedTest
    @EnumSource(CarrierMode.class)
    @Timeout(20)
    void supplyAsyncWithABlockingSupplierCompletesAndStallsNothing(CarrierMode mode) throws Exception {
        try (Runtime rt = oneWorker(mode)) {
            CountDownLatch blocked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
                blocked.countDown();
                try {
                    release.await(); // blocks: parks the task's virtual thread, not the worker
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return "done";
            }, rt);
            blocked.await();
            // while the supplier blocks, the one worker still runs lightweight tasks, tasks and timers
            CountDownLatch others = new CountDownLatch(3);
            rt.executeOnLoop(others::countDown);
            rt.spawn(() -> {
                others.countDown();
                return null;
            });
            rt.schedule(Duration.ofMillis(1), others::countDown);
            others.await();
            assertFalse(f.isDone());
            release.countDown();
            assertEquals("done", f.get());
            assertEquals("done!", f.thenApplyAsync(s -> s + "!", rt).get());
        }
    }

    @Test
    @Timeout(20)
    void executeRunsOnAVirtualThreadAndExecuteOnLoopOnAWorker() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            AtomicReference<Thread> viaExecute = new AtomicReference<>();
            AtomicReference<Thread> viaLoop = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(2);
            rt.execute(() -> {
                viaExecute.set(Thread.currentThread());
                done.countDown();
            });
            rt.loopExecutor().execute(() -> {
                viaLoop.set(Thread.currentThread());
                done.countDown();
            });
            done.await();
            assertTrue(viaExecute.get().isVirtual());
            assertFalse(viaLoop.get().isVirtual());
            assertSame(rt.loopExecutor(), rt.loopExecutor());
        }
    }

    @Test
    @Timeout(20)
    void invokeAllRunsEveryCallableConcurrently() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            ExecutorService es = rt.executorService();
            int n = 8;
            // every callable waits for all the others: passes only if each has a thread of its own
            CyclicBarrier barrier = new CyclicBarrier(n);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int v = i;
                calls.add(() -> {
                    barrier.await();
                    assertSame(rt, Runtime.current());
                    return v * v;
                });
            }
            List<Future<Integer>> results = es.invokeAll(calls);
            for (int i = 0; i < n; i++) {
                assertEquals(i * i, results.get(i).get());
            }
            es.shutdown();
            assertTrue(es.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(es.isTerminated());
            assertFalse(rt.isClosed(), "shutting the view down leaves the runtime open");
            assertThrows(RejectedExecutionException.class, () -> es.submit(() -> 1));
            assertEquals(4, rt.executorService().submit(() -> 2 + 2).get(), "other views still accept work");
        }
    }

    @Test
    @Timeout(20)
    void shutdownNowInterruptsRunningCommandsOfTheViewOnly() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            ExecutorService es = rt.executorService();
            CountDownLatch started = new CountDownLatch(1);
            Future<?> f = es.submit(() -> {
                started.countDown();
                new CountDownLatch(1).await(); // only an interrupt ends it
                return null;
            });
            started.await();
            assertTrue(es.shutdownNow().isEmpty(), "the command had started");
            assertTrue(es.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(f.isDone());
            assertEquals(5, rt.blockOn(() -> 5), "the runtime keeps running");
        }
    }

    @ParameterizedTest
    @EnumSource(CarrierMode.class)
    @Timeout(20)
    void aLibraryPoolOnTheThreadFactoryRunsOnTheRuntime(CarrierMode mode) throws Exception {
        try (Runtime rt = oneWorker(mode)) {
            ThreadFactory tf = rt.threadFactory();
            Thread unstarted = tf.newThread(() -> { });
            assertTrue(unstarted.isVirtual());
            assertEquals(Thread.State.NEW, unstarted.getState());
            unstarted.start();
            unstarted.join();
            // what a library does with a ThreadFactory: a fixed pool of its own
            ExecutorService pool = Executors.newFixedThreadPool(2, tf);
            try {
                CountDownLatch release = new CountDownLatch(1);
                Future<Runtime> blocking = pool.submit(() -> {
                    release.await(); // blocks one of the pool's threads; the worker stays free
                    return Runtime.current();
                });
                Future<Boolean> sleeping = pool.submit(() -> {
                    rt.sleep(Duration.ofMillis(1)); // the runtime's timers work from these threads
                    return Thread.currentThread().isVirtual();
                });
                assertTrue(sleeping.get());
                CountDownLatch light = new CountDownLatch(1);
                rt.executeOnLoop(light::countDown);
                light.await();
                release.countDown();
                assertSame(rt, blocking.get());
            } finally {
                pool.shutdown();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    @Timeout(20)
    void everySubmissionIsRefusedWithRejectedExecutionExceptionAfterClose() throws Exception {
        Runtime rt = RuntimeTestSupport.nio(1);
        ExecutorService es = rt.executorService();
        ThreadFactory tf = rt.threadFactory();
        rt.close();
        assertTrue(rt.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> rt.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> rt.executeOnLoop(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> rt.spawn(() -> 1));
        assertThrows(RejectedExecutionException.class, () -> rt.blocking(() -> 1));
        assertThrows(RejectedExecutionException.class, () -> rt.schedule(Duration.ZERO, () -> { }));
        assertThrows(RejectedExecutionException.class, () -> es.submit(() -> 1));
        assertThrows(RejectedExecutionException.class, () -> tf.newThread(() -> { }));
        assertTrue(es.isShutdown() && es.isTerminated());
        assertTrue(es.awaitTermination(1, TimeUnit.SECONDS));
    }

    @Test
    @Timeout(20)
    void whatAnExecutedCommandThrowsReachesTheUncaughtExceptionHandler() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            rt.execute(() -> {
                Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {
                    seen.set(e);
                    done.countDown();
                });
                throw new IllegalArgumentException("boom");
            });
            done.await();
            assertEquals("boom", seen.get().getMessage());
        }
    }
}
