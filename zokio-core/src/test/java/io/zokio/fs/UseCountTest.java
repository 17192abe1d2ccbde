package io.zokio.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The use count that guards a descriptor: close waits for the operations inside, and nothing enters after it. */
@Timeout(60)
class UseCountTest {

    @Test
    void closeWaitsForEveryOperationInsideAndThenRefuses() throws Exception {
        UseCount u = new UseCount();
        int ops = 3;
        for (int k = 0; k < ops; k++) {
            assertTrue(u.enter());
        }
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(u::close);
        while (!u.isClosed()) { // the closer has shut the gate (its first step) before it waits
            Thread.onSpinWait();
        }
        for (int k = 0; k < ops; k++) {
            // the closer must still be waiting: operations are still inside
            assertFalse(waitsFor(closed, 50), "close returned with " + (ops - k) + " operations inside");
            assertFalse(u.enter(), "no operation enters while the gate is closing");
            u.exit();
        }
        assertTrue(closed.get(10, TimeUnit.SECONDS), "the one close that closed it");
        assertTrue(u.isClosed());
        assertFalse(u.close(), "a second close returns false at once");
        assertFalse(u.enter(), "refuses after close");
    }

    @Test
    void noOperationIsInsideOnceCloseReturnsUnderContention() throws Exception {
        for (int round = 0; round < 50; round++) {
            UseCount u = new UseCount();
            AtomicInteger inside = new AtomicInteger();
            AtomicBoolean violated = new AtomicBoolean();
            AtomicBoolean closedReturned = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(4);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    started.countDown();
                    for (int i = 0; i < 20_000; i++) {
                        if (!u.enter()) {
                            return;
                        }
                        inside.incrementAndGet();
                        if (closedReturned.get()) {
                            violated.set(true); // entered (and is inside) after close() returned
                        }
                        inside.decrementAndGet();
                        u.exit();
                    }
                }));
            }
            started.await();
            assertTrue(u.close());
            closedReturned.set(true);
            assertEquals(0, inside.get(), "an operation was still inside when close returned");
            for (Thread t : threads) {
                t.join();
            }
            assertFalse(violated.get(), "an operation entered after close returned");
        }
    }

    private static boolean waitsFor(CompletableFuture<?> f, long ms) throws Exception {
        try {
            f.get(ms, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
