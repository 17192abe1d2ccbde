package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.Zokio;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Virtual-thread tasks: join, failure, cancel, callbacks, await, blockOn, the blocking pool, shutdown. */
class TaskTest {

    @Test
    @Timeout(20)
    void spawnRunsOnAVirtualThreadAndJoinReturnsTheValue() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            Task<Boolean> t = rt.spawn(() -> Thread.currentThread().isVirtual() && Runtime.current() == rt);
            assertTrue(t.join());
            assertTrue(t.isDone());
        }
    }

    @Test
    @Timeout(20)
    void childJoinedFromATaskAndZokioFacade() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            int v = rt.blockOn(() -> {
                Task<Integer> child = Zokio.spawn(() -> 20);
                Zokio.yieldNow();
                int fromStage = Zokio.await(CompletableFuture.supplyAsync(() -> 1));
                return child.join() * 2 + fromStage + 1;
            });
            assertEquals(42, v);
        }
    }

    @Test
    @Timeout(20)
    void failurePropagatesAsCompletionException() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            Task<Object> t = rt.spawn(() -> {
                throw new IOException("boom");
            });
            CompletionException e = assertThrows(CompletionException.class, t::join);
            assertInstanceOf(IOException.class, e.getCause());
            assertFalse(t.isCancelled());
        }
    }

    @Test
    @Timeout(20)
    void cancelInterruptsExactlyOnceAndJoinWaitsForTheBody() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            AtomicInteger interrupts = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch firstInterruptSeen = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> bodyEnd = new AtomicReference<>();
            Task<String> t = rt.spawn(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                }
                firstInterruptSeen.countDown();
                release.await(); // a second interrupt would make this throw
                bodyEnd.set("ended");
                return "value";
            });
            started.await();
            assertTrue(t.cancel());
            firstInterruptSeen.await();
            assertFalse(t.cancel());
            assertFalse(t.isDone());
            release.countDown();
            assertThrows(CancellationException.class, t::join);
            assertEquals("ended", bodyEnd.get());
            assertEquals(1, interrupts.get());
            assertTrue(t.isCancelled());
        }
    }

    @Test
    @Timeout(20)
    void callbacksAndCompletableFutureSeeTheOutcome() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            CompletableFuture<Integer> seen = new CompletableFuture<>();
            Task<Integer> t = rt.spawn(() -> 7);
            t.onComplete((v, e) -> seen.complete(v));
            CompletableFuture<Integer> f = t.toCompletableFuture();
            assertEquals(7, f.get());
            assertEquals(7, seen.get());
            f.complete(8); // a copy: the task is unaffected
            assertEquals(7, t.join());
        }
    }

    @Test
    @Timeout(20)
    void joinOnAWorkerThreadFailsFast() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            Task<Integer> t = rt.spawn(() -> 1);
            CompletableFuture<Throwable> err = new CompletableFuture<>();
            rt.executeOnLoop(() -> {
                try {
                    t.join();
                    err.complete(null);
                } catch (Throwable e) {
                    err.complete(e);
                }
            });
            Throwable e = err.get();
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("event-loop thread"), e.getMessage());
        }
    }

    @Test
    @Timeout(20)
    void blockingPoolIsBoundedAndCancelBeforeStartSkipsTheBody() throws Exception {
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .blockingThreads(1).build()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Task<String> first = rt.blocking(() -> {
                running.countDown();
                release.await();
                return Thread.currentThread().getName();
            });
            AtomicInteger secondRan = new AtomicInteger();
            Task<Integer> second = rt.blocking(secondRan::incrementAndGet);
            running.await();
            assertTrue(second.cancel()); // queued behind the only thread: never started
            assertThrows(CancellationException.class, second::join);
            release.countDown();
            assertTrue(first.join().startsWith("zokio-blocking-"));
            assertEquals(0, secondRan.get());
        }
    }

    @Test
    @Timeout(30)
    void closeLetsRunningTasksFinishWithinTheGracePeriod() throws Exception {
        Runtime rt = RuntimeTestSupport.nio(2);
        CountDownLatch started = new CountDownLatch(1);
        Task<Integer> t = rt.spawn(() -> {
            started.countDown();
            Zokio.sleep(java.time.Duration.ofMillis(50)); // needs the workers' timers during shutdown
            return 1;
        });
        started.await();
        rt.close();
        assertEquals(1, t.join());
    }

    @Test
    @Timeout(30)
    void shutdownNowCancelsRunningTasksAndReturnsThreads() throws Exception {
        Set<Thread> before = RuntimeTestSupport.zokioThreads();
        Runtime rt = RuntimeTestSupport.nio(2);
        CountDownLatch started = new CountDownLatch(2);
        Task<Object> vt = rt.spawn(() -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        Task<Object> bl = rt.blocking(() -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        started.await();
        rt.shutdownNow();
        assertThrows(CancellationException.class, vt::join);
        assertThrows(CancellationException.class, bl::join);
        RuntimeTestSupport.assertNoNewThreads(before);
    }
}
