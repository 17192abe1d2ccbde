package io.zokio.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Single-threaded semantics of {@link InjectQueue}: FIFO across growth, batches, close. */
class InjectQueueTest {
    @Test
    void fifoAcrossGrowthAndWrap() {
        InjectQueue<Integer> q = new InjectQueue<>();
        int next = 0;
        int expect = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 37; i++) {
                assertTrue(q.push(next++));
            }
            for (int i = 0; i < 30; i++) {
                assertEquals(expect++, q.pop());
            }
        }
        assertEquals(next - expect, q.len());
        while (expect < next) {
            assertEquals(expect++, q.pop());
        }
        assertNull(q.pop());
        assertTrue(q.isEmpty());
    }

    @Test
    void popBatchIntoReturnsOldestAndFillsTheLocalQueue() {
        InjectQueue<Integer> q = new InjectQueue<>();
        LocalQueue.Owner<Integer> local = LocalQueue.create();
        Integer[] batch = new Integer[LocalQueue.CAPACITY + 300]; // more than one local queue holds
        for (int i = 0; i < batch.length; i++) {
            batch[i] = i;
        }
        q.pushOverflowBatch(batch, batch.length);
        assertEquals(0, q.popBatchInto(local, 10));
        assertEquals(9, local.len());
        assertEquals(batch.length - 10, q.len());
        for (int i = 1; i < 10; i++) {
            assertEquals(i, local.pop());
        }
        // Limited by the local queue's free slots.
        assertEquals(10, q.popBatchInto(local, 2 * LocalQueue.CAPACITY));
        assertEquals(LocalQueue.CAPACITY, local.len());
        assertEquals(batch.length - 11 - LocalQueue.CAPACITY, q.len());
    }

    @Test
    void closeRefusesPushButAcceptsOverflow() {
        InjectQueue<Integer> q = new InjectQueue<>();
        assertTrue(q.push(1));
        assertTrue(q.close());
        assertFalse(q.close());
        assertTrue(q.isClosed());
        assertFalse(q.push(2));
        q.pushOverflow(3);
        assertEquals(1, q.pop());
        assertEquals(3, q.pop());
        assertNull(q.pop());
    }

    @Test
    void beyondTheLockFreeRingTasksOverflowToTheLockedPartAndEachIsTakenOnce() {
        InjectQueue<Integer> q = new InjectQueue<>();
        int n = InjectQueue.RING * 2 + 5;
        for (int i = 0; i < n; i++) {
            assertTrue(q.push(i));
        }
        assertEquals(n, q.len());
        boolean[] seen = new boolean[n];
        LocalQueue.Owner<Integer> local = LocalQueue.create();
        int taken = 0;
        for (Integer t; (t = q.popBatchInto(local, 100)) != null; ) {
            for (Integer x = t; x != null; x = local.pop()) {
                assertFalse(seen[x], "taken twice: " + x);
                seen[x] = true;
                taken++;
            }
        }
        assertEquals(n, taken);
        assertTrue(q.isEmpty());
        q.close();
        assertFalse(q.push(1), "refused after close even with room in the ring");
    }
}
