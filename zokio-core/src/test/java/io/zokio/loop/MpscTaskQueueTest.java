package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MpscTaskQueue: FIFO for one producer, through the ring and its overflow; with four producers nothing is lost
 * or duplicated and each producer's tasks stay in order, with a ring so small that producers keep crossing into
 * the overflow and back.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MpscTaskQueueTest {

    /** A task that only carries its origin. */
    private record Tagged(int producer, int seq) implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void singleThreadFifo() {
        MpscTaskQueue q = new MpscTaskQueue();
        assertTrue(q.isEmpty());
        assertNull(q.poll());
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Runnable r = new Tagged(0, i);
            tasks.add(r);
            q.offer(r);
        }
        assertTrue(!q.isEmpty());
        for (Runnable r : tasks) {
            assertSame(r, q.poll());
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        q.offer(tasks.getFirst()); // usable after draining
        assertSame(tasks.getFirst(), q.poll());
    }

    @Test
    void overflowBeyondTheRingKeepsFifoAndReturnsToTheRing() {
        MpscTaskQueue q = new MpscTaskQueue(4);
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // 4 in the ring, 6 in the linked overflow
            Runnable r = new Tagged(0, i);
            tasks.add(r);
            q.offer(r);
        }
        for (int i = 0; i < 6; i++) {
            assertSame(tasks.get(i), q.poll());
        }
        Runnable late = new Tagged(0, 10);
        q.offer(late); // the overflow is not empty yet: queued behind it, not in the free ring cells
        for (int i = 6; i < 10; i++) {
            assertSame(tasks.get(i), q.poll());
        }
        assertSame(late, q.poll());
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        for (int round = 0; round < 3; round++) { // the ring is used again, lap after lap
            for (int i = 0; i < 3; i++) {
                q.offer(tasks.get(i));
            }
            for (int i = 0; i < 3; i++) {
                assertSame(tasks.get(i), q.poll());
            }
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void rejectsARingThatIsNotAPowerOfTwo() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new MpscTaskQueue(6));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new MpscTaskQueue(1));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {8, MpscTaskQueue.DEFAULT_RING})
    void fourProducersNoneLostNoneDuplicatedFifoPerProducer(int ringCells) throws Exception {
        final int producers = 4;
        final int perProducer = 100_000;
        MpscTaskQueue q = new MpscTaskQueue(ringCells); // 8: producers keep crossing into the overflow and back
        CyclicBarrier start = new CyclicBarrier(producers + 1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < perProducer; i++) {
                    q.offer(new Tagged(id, i));
                }
            }));
        }
        int[] next = new int[producers];
        int received = 0;
        start.await();
        while (received < producers * perProducer) {
            Runnable r = q.poll();
            if (r == null) {
                Thread.onSpinWait();
                continue;
            }
            Tagged t = (Tagged) r;
            if (t.seq() != next[t.producer()]) {
                throw new AssertionError("producer " + t.producer() + ": expected seq " + next[t.producer()]
                        + " but got " + t.seq()
                        + (t.seq() < next[t.producer()] ? " (duplicate)" : " (lost or reordered)"));
            }
            next[t.producer()]++;
            received++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(q.poll(), "nothing beyond what was offered");
        assertTrue(q.isEmpty());
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p]);
        }
    }
}
