package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Channel and Oneshot: FIFO, back-pressure, close semantics, many producers and consumers on tasks. */
class ChannelTest {

    @Test
    void fifoAndBackPressureWithoutWaiting() {
        Channel<Integer> ch = Channel.bounded(2);
        assertTrue(ch.trySend(1));
        assertTrue(ch.trySend(2));
        assertFalse(ch.trySend(3));
        assertEquals(1, ch.tryReceive());
        assertTrue(ch.trySend(3));
        assertEquals(2, ch.tryReceive());
        assertEquals(3, ch.tryReceive());
        assertNull(ch.tryReceive());
    }

    @Test
    @Timeout(20)
    void closeLetsReceiversDrainThenFails() throws Exception {
        Channel<String> ch = Channel.bounded(4);
        ch.send("a");
        ch.close();
        ch.close(); // idempotent
        assertThrows(ChannelClosedException.class, () -> ch.send("b"));
        assertEquals("a", ch.receive());
        assertThrows(ChannelClosedException.class, ch::receive);
    }

    @Test
    @Timeout(20)
    void closeWakesWaitingReceiversAndSenders() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            Channel<Integer> empty = Channel.bounded(1);
            Channel<Integer> full = Channel.bounded(1);
            full.send(0);
            CountDownLatch started = new CountDownLatch(2);
            Task<Object> receiver = rt.spawn(() -> {
                started.countDown();
                return empty.receive();
            });
            Task<Object> sender = rt.spawn(() -> {
                started.countDown();
                full.send(1);
                return null;
            });
            started.await();
            empty.close();
            full.close();
            assertTrue(assertThrows(Exception.class, receiver::join).getCause() instanceof ChannelClosedException);
            assertTrue(assertThrows(Exception.class, sender::join).getCause() instanceof ChannelClosedException);
        }
    }

    @Test
    @Timeout(30)
    void manyProducersAndConsumersDeliverEveryValueOnce() throws Exception {
        int producers = 8;
        int perProducer = 20_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            Channel<Integer> ch = Channel.bounded(64);
            List<Task<Object>> ps = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                ps.add(rt.spawn(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        ch.send(base + i);
                    }
                    return null;
                }));
            }
            List<Task<Object>> cs = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                cs.add(rt.spawn(() -> {
                    while (true) {
                        int v;
                        try {
                            v = ch.receive();
                        } catch (ChannelClosedException done) {
                            return null;
                        }
                        seen.incrementAndGet(v);
                    }
                }));
            }
            for (Task<Object> p : ps) {
                p.join();
            }
            ch.close();
            for (Task<Object> c : cs) {
                c.join();
            }
        }
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "value " + i);
        }
    }

    @Test
    @Timeout(20)
    void oneshotDeliversOneValueOrClosed() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            Oneshot<String> o = new Oneshot<>();
            Task<String> rx = rt.spawn(o::receive);
            o.send("x");
            assertThrows(ChannelClosedException.class, () -> o.send("y"));
            o.close(); // no effect after the send
            assertEquals("x", rx.join());
            Oneshot<String> dropped = new Oneshot<>();
            CompletableFuture<String> f = dropped.toCompletableFuture();
            dropped.close();
            assertThrows(ChannelClosedException.class, dropped::receive);
            assertTrue(f.isCompletedExceptionally());
        }
    }
}
