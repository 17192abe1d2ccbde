package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Channel.sendAsync / receiveAsync: completion on space or value, order, close, cancel, loop-thread use. */
class ChannelAsyncTest {

    private static Throwable failure(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), "expected a failed stage: " + f);
        try {
            f.join();
            throw new AssertionError("unreachable");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void receiveAsyncCompletesWhenAValueArrivesInCallOrder() {
        Channel<Integer> ch = Channel.bounded(2);
        CompletableFuture<Integer> r1 = ch.receiveAsync().toCompletableFuture();
        CompletableFuture<Integer> r2 = ch.receiveAsync().toCompletableFuture();
        assertFalse(r1.isDone());
        assertTrue(ch.trySend(1));
        assertEquals(1, r1.getNow(null));
        assertFalse(r2.isDone());
        assertTrue(ch.sendAsync(2).toCompletableFuture().isDone());
        assertEquals(2, r2.getNow(null));
        assertEquals(0, ch.size(), "values handed to waiting receivers skip the ring");
    }

    @Test
    void sendAsyncCompletesWhenSpaceFreesUpInOrder() {
        Channel<Integer> ch = Channel.bounded(1);
        assertTrue(ch.sendAsync(1).toCompletableFuture().isDone());
        CompletableFuture<Void> s2 = ch.sendAsync(2).toCompletableFuture();
        CompletableFuture<Void> s3 = ch.sendAsync(3).toCompletableFuture();
        assertFalse(s2.isDone());
        assertFalse(ch.trySend(99), "full while async senders wait");
        assertEquals(1, ch.tryReceive());
        assertTrue(s2.isDone());
        assertFalse(s3.isDone());
        assertEquals(2, ch.receiveAsync().toCompletableFuture().getNow(null));
        assertTrue(s3.isDone());
        assertEquals(3, ch.tryReceive());
        assertNull(ch.tryReceive());
    }

    @Test
    void closeDrainsBufferedValuesThenFailsReceiversAndFailsPendingSenders() {
        Channel<String> ch = Channel.bounded(1);
        ch.trySend("a");
        CompletableFuture<Void> pendingSend = ch.sendAsync("b").toCompletableFuture();
        ch.close();
        assertInstanceOf(ChannelClosedException.class, failure(pendingSend));
        assertInstanceOf(ChannelClosedException.class, failure(ch.sendAsync("c").toCompletableFuture()));
        assertEquals("a", ch.receiveAsync().toCompletableFuture().getNow(null), "buffered value still delivered");
        assertInstanceOf(ChannelClosedException.class, failure(ch.receiveAsync().toCompletableFuture()));

        Channel<String> empty = Channel.bounded(1);
        CompletableFuture<String> waiting = empty.receiveAsync().toCompletableFuture();
        empty.close();
        assertInstanceOf(ChannelClosedException.class, failure(waiting));
    }

    @Test
    void cancelWithdrawsWithoutLosingValues() {
        Channel<Integer> ch = Channel.bounded(1);
        CompletableFuture<Integer> r = ch.receiveAsync().toCompletableFuture();
        assertTrue(r.cancel(false));
        assertTrue(ch.trySend(7));
        assertEquals(7, ch.tryReceive(), "a cancelled receiver takes nothing");
        ch.trySend(1);
        CompletableFuture<Void> s = ch.sendAsync(2).toCompletableFuture();
        assertTrue(s.cancel(false));
        assertEquals(1, ch.tryReceive());
        assertNull(ch.tryReceive(), "a cancelled send queues nothing");
        // completing from outside also withdraws; a completed stage cannot be withdrawn
        CompletableFuture<Integer> r2 = ch.receiveAsync().toCompletableFuture();
        assertTrue(r2.complete(42));
        ch.trySend(5);
        assertEquals(5, ch.tryReceive());
        assertFalse(r2.cancel(false));
    }

    @Test
    @Timeout(30)
    void asyncPingPongFromLoopThreadCallbacksDeliversEveryValueOnce() throws Exception {
        int n = 50_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicInteger onLoop = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            Channel<Integer> ch = Channel.bounded(4);
            // the consumer is callback code: each value re-arms the next receiveAsync, on whatever thread sent
            Runnable[] next = new Runnable[1];
            next[0] = () -> ch.receiveAsync().whenComplete((v, e) -> {
                if (e != null) {
                    if (!(e instanceof ChannelClosedException)) {
                        error.compareAndSet(null, e);
                    }
                    done.countDown();
                    return;
                }
                if (Runtime.isWorkerThread()) {
                    onLoop.incrementAndGet();
                }
                seen.incrementAndGet(v);
                next[0].run();
            });
            rt.executeOnLoop(next[0]);
            // the producer is callback code on the workers too: each completed send schedules the next one
            AtomicInteger i = new AtomicInteger();
            Runnable[] produce = new Runnable[1];
            produce[0] = () -> {
                int v = i.getAndIncrement();
                if (v == n) {
                    ch.close();
                    return;
                }
                ch.sendAsync(v).whenComplete((x, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    }
                    rt.executeOnLoop(produce[0]);
                });
            };
            rt.executeOnLoop(produce[0]);
            done.await();
        }
        assertNull(error.get());
        for (int k = 0; k < n; k++) {
            assertEquals(1, seen.get(k), "value " + k);
        }
        assertTrue(onLoop.get() > 0, "callbacks ran on worker threads");
    }
}
