package io.zokio.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MpmcRing: exact capacity (1, odd, power of two), FIFO over many laps, and MPMC with nothing lost or doubled. */
class MpmcRingTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void holdsExactlyItsCapacityFifoLapAfterLap(int capacity) {
        MpmcRing r = new MpmcRing(capacity);
        int next = 0;
        int expected = 0;
        for (int lap = 0; lap < 50; lap++) {
            for (int i = 0; i < capacity; i++) {
                assertEquals(MpmcRing.OFFERED, r.offer(next++));
            }
            assertEquals(MpmcRing.FULL, r.offer(-1), "full at " + capacity);
            assertEquals(capacity, r.size());
            int take = 1 + lap % capacity; // take some, keep the rest: the positions drift across the cells
            for (int i = 0; i < take; i++) {
                assertEquals(expected++, r.poll());
            }
            while (r.poll() instanceof Integer v) {
                assertEquals(expected++, v);
            }
            assertNull(r.poll());
            assertEquals(0, r.size());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void closeRefusesLaterOffersAndKeepsWhatWasQueued(int capacity) {
        MpmcRing r = new MpmcRing(capacity);
        assertEquals(MpmcRing.OFFERED, r.offer("a"));
        r.close();
        r.close(); // idempotent
        assertEquals(MpmcRing.REFUSED, r.offer("b"));
        assertEquals(1, r.size());
        assertEquals("a", r.poll());
        assertNull(r.poll());
        assertEquals(MpmcRing.REFUSED, r.offer("c"), "refused even with room");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64})
    @Timeout(60)
    void twoProducersTwoConsumersDeliverEveryValueOnce(int capacity) throws Exception {
        MpmcRing r = new MpmcRing(capacity);
        int perProducer = 200_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(2 * perProducer);
        List<Thread> ts = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int base = p * perProducer;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    while (r.offer(base + i) != MpmcRing.OFFERED) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        for (int c = 0; c < 2; c++) {
            ts.add(Thread.ofPlatform().start(() -> {
                int lastOfProducer0 = -1;
                int lastOfProducer1 = -1;
                while (taken.get() < 2 * perProducer) {
                    Object o = r.poll();
                    if (o == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int v = (Integer) o;
                    seen.incrementAndGet(v);
                    taken.incrementAndGet();
                    // one consumer sees each producer's values in increasing order
                    if (v < perProducer) {
                        assertTrue(v > lastOfProducer0, "order of producer 0");
                        lastOfProducer0 = v;
                    } else {
                        assertTrue(v > lastOfProducer1, "order of producer 1");
                        lastOfProducer1 = v;
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        for (int i = 0; i < 2 * perProducer; i++) {
            assertEquals(1, seen.get(i), "value " + i);
        }
        assertNull(r.poll());
    }
}
