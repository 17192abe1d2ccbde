package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A pending async waiter completed by its caller leaves the channel's queue, so no value goes to it; once the
 * channel settled it, the caller's completion has no effect. An interrupted sender queues nothing.
 */
class ChannelWaiterWithdrawalTest {

    @Test
    void aReceiverCompletedByItsCallerTakesNoValue() throws Exception {
        Channel<String> ch = Channel.bounded(2);
        assertEquals(2, ch.capacity());
        CompletableFuture<String> r = ch.receiveAsync().toCompletableFuture();
        assertFalse(r.isDone());
        assertTrue(r.complete("mine"), "a pending receiver can be completed by its caller");
        assertEquals("mine", r.get());
        assertTrue(ch.trySend("queued"));
        assertEquals(1, ch.size(), "the withdrawn receiver did not take it");

        CompletableFuture<String> served = ch.receiveAsync().toCompletableFuture();
        assertEquals("queued", served.get(), "a value was waiting: served at once");
        CompletableFuture<String> r2 = ch.receiveAsync().toCompletableFuture();
        assertTrue(r2.completeExceptionally(new IllegalStateException("given up")));
        assertThrows(ExecutionException.class, r2::get);
        assertTrue(ch.trySend("kept"));
        assertEquals("kept", ch.tryReceive());
    }

    @Test
    void aReceiverTheChannelServedIgnoresLaterCompletion() throws Exception {
        Channel<String> ch = Channel.bounded(1);
        CompletableFuture<String> r = ch.receiveAsync().toCompletableFuture();
        assertTrue(ch.trySend("v"));
        assertEquals("v", r.get());
        assertFalse(r.complete("other"));
        assertFalse(r.completeExceptionally(new IllegalStateException()));
        assertFalse(r.cancel(false), "already served: nothing to withdraw");
        assertEquals("v", r.get());
        assertNull(ch.tryReceive());
    }

    @Test
    void aPendingSenderCompletedByItsCallerQueuesNothing() throws Exception {
        Channel<Integer> ch = Channel.bounded(1);
        assertTrue(ch.trySend(1));
        CompletableFuture<Void> s = ch.sendAsync(2).toCompletableFuture();
        assertFalse(s.isDone(), "the channel is full");
        assertTrue(s.completeExceptionally(new IllegalStateException("withdrawn")));
        assertEquals(1, ch.tryReceive());
        assertNull(ch.tryReceive(), "the withdrawn value was never queued");
    }

    @Test
    void anInterruptedSenderQueuesNothingAndAClosedChannelRefuses() throws Exception {
        Channel<Integer> ch = Channel.bounded(1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ch.send(1));
        assertFalse(Thread.interrupted(), "the exception consumed the status");
        assertEquals(0, ch.size());
        ch.close();
        assertTrue(ch.isClosed());
        assertThrows(ChannelClosedException.class, () -> ch.send(2));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> ch.sendAsync(3).toCompletableFuture().get());
        assertTrue(e.getCause() instanceof ChannelClosedException);
    }

    @Test
    void aOneshotIsDoneOnceSentOrClosed() throws Exception {
        Oneshot<String> sent = new Oneshot<>();
        assertFalse(sent.isDone());
        sent.send("x");
        assertTrue(sent.isDone());
        assertEquals("x", sent.receive());
        Oneshot<String> closed = new Oneshot<>();
        closed.close();
        assertTrue(closed.isDone());
        assertThrows(ChannelClosedException.class, closed::receive);
    }
}
