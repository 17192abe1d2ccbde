package io.zokio.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Single-threaded semantics of {@link LocalQueue}: FIFO, overflow of half, steal half, the steal-in-progress
 * mark. Position-dependent tests also run with positions just before the 32-bit wrap.
 */
class LocalQueueTest {
    private static final int CAP = LocalQueue.CAPACITY;
    private final InjectQueue<Integer> inject = new InjectQueue<>();

    private static List<Integer> drain(LocalQueue.Owner<Integer> q) {
        List<Integer> out = new ArrayList<>();
        for (Integer t; (t = q.pop()) != null; ) {
            out.add(t);
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, Integer.MAX_VALUE - 3})
    void popIsFifo(int start) {
        LocalQueue.Owner<Integer> q = LocalQueue.create(start);
        assertNull(q.pop());
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 100; i++) {
                q.push(i, inject);
            }
            assertEquals(100, q.len());
            assertEquals(CAP - 100, q.remainingSlots());
            assertEquals(range(0, 100), drain(q));
            assertTrue(q.isEmpty());
        }
        assertEquals(0, inject.len());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -100, Integer.MAX_VALUE - 200})
    void fullQueueMovesOldestHalfAndTheNewTaskToOverflow(int start) {
        LocalQueue.Owner<Integer> q = LocalQueue.create(start);
        for (int i = 0; i < CAP; i++) {
            q.push(i, inject);
        }
        assertEquals(0, inject.len());
        assertEquals(0, q.remainingSlots());
        q.push(CAP, inject);
        assertEquals(CAP / 2 + 1, inject.len());
        assertEquals(CAP / 2, q.len());
        List<Integer> overflowed = new ArrayList<>();
        for (Integer t; (t = inject.pop()) != null; ) {
            overflowed.add(t);
        }
        List<Integer> expected = range(0, CAP / 2);
        expected.add(CAP);
        assertEquals(expected, overflowed);
        assertEquals(range(CAP / 2, CAP), drain(q));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3, Integer.MAX_VALUE - 2})
    void stealTakesHalfRoundedUpAndReturnsTheLastStolen(int start) {
        LocalQueue.Owner<Integer> src = LocalQueue.create(start);
        LocalQueue.Owner<Integer> dst = LocalQueue.create(start + 7);
        for (int i = 0; i < 11; i++) {
            src.push(i, inject);
        }
        // ceil(11 / 2) = 6 stolen: 0..5; task 5 is returned, 0..4 land in dst.
        assertEquals(5, src.stealer().stealInto(dst));
        assertEquals(5, dst.len());
        assertEquals(5, src.len());
        assertEquals(range(0, 5), drain(dst));
        assertEquals(range(6, 11), drain(src));

        src.push(42, inject);
        assertEquals(42, src.stealer().stealInto(dst)); // one task: returned, dst stays empty
        assertTrue(dst.isEmpty());
        assertNull(src.stealer().stealInto(dst));
    }

    @Test
    void stealGivesUpWhenDestinationIsMoreThanHalfFull() {
        LocalQueue.Owner<Integer> src = LocalQueue.create();
        LocalQueue.Owner<Integer> dst = LocalQueue.create();
        for (int i = 0; i < CAP / 2 + 1; i++) {
            dst.push(i, inject);
        }
        src.push(1, inject);
        assertNull(src.stealer().stealInto(dst));
        dst.pop();
        assertEquals(1, src.stealer().stealInto(dst));
        assertThrows(IllegalArgumentException.class, () -> src.stealer().stealInto(src));
    }

    @Test
    void stealInProgressBlocksOtherStealersAndKeepsSlotsFromTheOwner() {
        LocalQueue.Owner<Integer> q = LocalQueue.create();
        LocalQueue.Owner<Integer> other = LocalQueue.create();
        LocalQueue.Stealer<Integer> stealer = q.stealer();
        for (int i = 0; i < CAP; i++) {
            q.push(i, inject);
        }
        long claimed = stealer.claim(); // step 1 of a steal, the copy not yet done
        int first = (int) (claimed >>> 32);
        int n = (int) claimed;
        assertEquals(0, first);
        assertEquals(CAP / 2, n);
        long head = (long) LocalQueue.HEAD.getVolatile(q.q);
        assertEquals(0, LocalQueue.steal(head));
        assertEquals(CAP / 2, LocalQueue.real(head));

        assertNull(stealer.stealInto(other), "a second steal must back off");
        assertEquals(CAP / 2, q.pop()); // the owner pops past the mark, leaving it in place
        head = (long) LocalQueue.HEAD.getVolatile(q.q);
        assertEquals(0, LocalQueue.steal(head));
        assertEquals(CAP / 2 + 1, LocalQueue.real(head));
        assertEquals(CAP / 2 - 1, q.len());
        // Slots [0, 128) are still the stealer's, so the queue is full for push: only the new task overflows.
        assertEquals(0, q.remainingSlots());
        q.push(1000, inject);
        q.push(1001, inject);
        assertEquals(2, inject.len());
        assertEquals(CAP / 2 - 1, q.len());

        stealer.finishSteal(first);
        head = (long) LocalQueue.HEAD.getVolatile(q.q);
        assertEquals(CAP / 2 + 1, LocalQueue.steal(head));
        assertEquals(CAP / 2 + 1, LocalQueue.real(head));
        assertEquals(CAP / 2 + 1, q.remainingSlots());
        assertEquals(1000, inject.pop());
        assertEquals(1001, inject.pop());
        assertEquals(range(CAP / 2 + 1, CAP), drain(q));
    }

    @Test
    void pushWithinCapacityRefusesAFullQueue() {
        LocalQueue.Owner<Integer> q = LocalQueue.create();
        for (int i = 0; i < CAP; i++) {
            q.pushWithinCapacity(i);
        }
        assertThrows(IllegalStateException.class, () -> q.pushWithinCapacity(CAP));
        assertEquals(range(0, CAP), drain(q));
    }
}
