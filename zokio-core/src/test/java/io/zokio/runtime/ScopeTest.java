package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Structured scopes: join, first failure cancels siblings, close cancels and joins. */
class ScopeTest {

    @Test
    @Timeout(20)
    void joinWaitsForEveryChild() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            int sum = rt.blockOn(() -> {
                try (Scope scope = io.zokio.Zokio.scope()) {
                    Task<Integer> a = scope.spawn(() -> 40);
                    Task<Integer> b = scope.spawn(() -> 2);
                    scope.join();
                    assertTrue(a.isDone() && b.isDone());
                    return a.join() + b.join();
                }
            });
            assertEquals(42, sum);
        }
    }

    @Test
    @Timeout(20)
    void firstFailureCancelsSiblingsAndPropagates() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            CountDownLatch siblingStarted = new CountDownLatch(1);
            Task<Object> sibling = rt.blockOn(() -> {
                try (Scope scope = rt.scope()) {
                    Task<Object> s = scope.spawn(() -> {
                        siblingStarted.countDown();
                        new CountDownLatch(1).await(); // until cancelled
                        return null;
                    });
                    siblingStarted.await();
                    scope.spawn(() -> {
                        throw new IOException("first");
                    });
                    CompletionException e = assertThrows(CompletionException.class, scope::join);
                    assertInstanceOf(IOException.class, e.getCause());
                    return s;
                }
            });
            assertTrue(sibling.isDone());
            assertThrows(CancellationException.class, sibling::join);
        }
    }

    @Test
    @Timeout(20)
    void closeCancelsAndJoinsRunningChildren() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            AtomicBoolean bodyEnded = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            Scope[] keep = new Scope[1];
            rt.blockOn(() -> {
                try (Scope scope = rt.scope()) {
                    keep[0] = scope;
                    scope.spawn(() -> {
                        started.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } finally {
                            bodyEnded.set(true);
                        }
                        return null;
                    });
                    started.await();
                }
                return null;
            });
            assertTrue(bodyEnded.get()); // close returned only after the child really ended
            assertThrows(RejectedExecutionException.class, () -> keep[0].spawn(() -> 1));
        }
    }
}
