package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cancelled child is not a scope failure; a Runnable child runs; after close neither a scope nor a join set
 * takes new tasks.
 */
class ScopeChildOutcomesTest {

    @Test
    @Timeout(20)
    void aCancelledChildNeitherFailsTheScopeNorCancelsItsSiblings() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            try (Scope scope = rt.scope()) {
                Task<Void> waiting = scope.spawn(() -> {
                    new CountDownLatch(1).await();
                    return null;
                });
                Runnable sibling0 = () -> {
                    try {
                        release.await();
                        ran.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
                Task<Void> sibling = scope.spawn(sibling0);
                assertTrue(waiting.cancel());
                release.countDown();
                scope.join(); // no CompletionException: a cancellation is not a failure
                assertTrue(waiting.isCancelled());
                assertFalse(sibling.isCancelled());
                assertNull(sibling.join());
                assertEquals(1, ran.get());
            }
        }
    }

    @Test
    @Timeout(20)
    void closeReportsTheFirstFailureOnlyOnce() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            Scope scope = rt.scope();
            Task<Void> bad = scope.spawn(() -> {
                throw new IllegalStateException("first");
            });
            assertThrows(Exception.class, bad::join);
            CompletionException e = assertThrows(CompletionException.class, scope::close);
            assertEquals("first", e.getCause().getMessage());
            assertThrows(RejectedExecutionException.class, () -> scope.spawn(() -> { }));
        }
    }

    @Test
    @Timeout(20)
    void aJoinSetOfAClosedRuntimeRefusesAndStaysEmpty() throws Exception {
        Runtime rt = RuntimeTestSupport.nio(1);
        JoinSet<Integer> set = rt.joinSet();
        rt.close();
        assertThrows(RejectedExecutionException.class, () -> set.spawn(() -> 1));
        assertEquals(0, set.size(), "the refused task is not counted");
        assertNull(set.next(), "nothing to wait for");
        set.close();
    }
}
