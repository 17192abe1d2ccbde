package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shapes a Java caller expects: spawn(Runnable) beside spawn(Callable) with ExecutorService.submit's
 * overload choice, Task.join's CompletableFuture-style exceptions, and Scope/JoinSet close without a checked
 * InterruptedException (the wait completes, the interrupt status is restored).
 */
@Timeout(30)
class RuntimeConventionsTest {

    @Test
    void spawnTakesARunnableOrACallable() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            Task<Void> r = rt.spawn(() -> {
                seen.add(1); // a block without a value: Runnable
            });
            assertNull(r.join());
            Task<Boolean> c = rt.spawn(() -> seen.add(2)); // an expression with a value: Callable
            assertTrue(c.join());
            Task<Integer> v = rt.spawn(() -> 42);
            assertEquals(42, v.join());
            Runnable plain = () -> seen.add(3);
            Task<Void> cast = rt.spawn(plain);
            cast.join();
            assertEquals(List.of(1, 2, 3), seen);
            Task<Void> failing = rt.spawn((Runnable) () -> {
                throw new IllegalStateException("boom");
            });
            CompletionException e = assertThrows(CompletionException.class, failing::join);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            Task<Object> checked = rt.spawn(() -> {
                throw new IOException("checked");
            });
            assertInstanceOf(IOException.class, assertThrows(CompletionException.class, checked::join).getCause());
        }
    }

    @Test
    void joinOfACancelledTaskThrowsCancellationException() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            CountDownLatch started = new CountDownLatch(1);
            Task<Void> t = rt.spawn(() -> {
                started.countDown();
                new CountDownLatch(1).await(); // until cancelled
                return null;
            });
            started.await();
            assertTrue(t.cancel());
            assertThrows(CancellationException.class, t::join);
            assertTrue(t.isCancelled());
        }
    }

    @Test
    void scopeAndJoinSetCloseWaitThroughAnInterruptAndRestoreIt() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            AtomicInteger ended = new AtomicInteger();
            boolean[] statuses = rt.blockOn(() -> {
                CountDownLatch started = new CountDownLatch(2);
                Scope scope = rt.scope();
                scope.spawn(() -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await(); // until close cancels it
                    } finally {
                        ended.incrementAndGet();
                    }
                    return null;
                });
                JoinSet<Void> set = rt.joinSet();
                set.spawn(() -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } finally {
                        ended.incrementAndGet();
                    }
                    return null;
                });
                started.await();
                Thread.currentThread().interrupt();
                scope.close(); // no checked exception; the child ends before close returns
                boolean afterScope = Thread.interrupted();
                int endedAfterScope = ended.get();
                Thread.currentThread().interrupt();
                set.close();
                boolean afterSet = Thread.interrupted();
                return new boolean[] {afterScope, endedAfterScope >= 1, afterSet, ended.get() == 2};
            });
            assertTrue(statuses[0], "Scope.close restores the interrupt status");
            assertTrue(statuses[1], "Scope.close waited for its child");
            assertTrue(statuses[2], "JoinSet.close restores the interrupt status");
            assertTrue(statuses[3], "JoinSet.close waited for its task");
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }
}
