package io.zokio.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The degenerate arguments of the scheduler's queues: an empty batch, a ring of no cells, an empty owner. */
class QueueArgumentEdgesTest {

    @Test
    void aBatchOfAtMostZeroTakesNothing() {
        InjectQueue<Integer> q = new InjectQueue<>();
        LocalQueue.Owner<Integer> local = LocalQueue.create();
        assertTrue(q.push(1));
        assertNull(q.popBatchInto(local, 0));
        assertNull(q.popBatchInto(local, -1));
        assertEquals(1, q.len(), "the task is still queued");
        assertTrue(local.isEmpty());
        assertEquals(1, q.popBatchInto(local, 1));
        assertTrue(local.isEmpty(), "a batch of one hands out only the task to run");
    }

    @Test
    void aRingNeedsAtLeastOneCell() {
        assertThrows(IllegalArgumentException.class, () -> new MpmcRing(0));
        assertEquals(1, new MpmcRing(1).capacity());
    }

    @Test
    void anOwnerIsEmptyUntilAPush() {
        LocalQueue.Owner<Integer> local = LocalQueue.create();
        assertTrue(local.isEmpty());
        local.pushWithinCapacity(5);
        assertFalse(local.isEmpty());
        assertEquals(5, local.pop());
        assertTrue(local.isEmpty());
    }
}
