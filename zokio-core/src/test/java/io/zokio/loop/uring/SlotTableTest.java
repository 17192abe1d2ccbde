package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotTableTest {
    @Test
    void userDataNamesOneUseOfASlot() {
        try (SlotTable t = new SlotTable(4)) {
            Completion a = new Completion();
            int slot = t.acquire(a);
            long ud = t.userData(slot);
            assertTrue(ud >= 0, "bit 63 stays clear for user operations");
            assertSame(a, t.take(ud));
            assertNull(t.take(ud), "a second CQE for the same use is stale");
            Completion b = new Completion();
            int again = t.acquire(b);
            assertEquals(slot, again, "the freed slot is reused");
            assertNotEquals(ud, t.userData(again), "with a new generation");
            assertNull(t.take(ud));
            assertSame(b, t.take(t.userData(again)));
            assertEquals(0, t.used());
        }
    }

    @Test
    void growsAndKeepsScratchInPlace() {
        try (SlotTable t = new SlotTable(1)) {
            List<Long> uds = new ArrayList<>();
            int first = t.acquire(new Completion());
            uds.add(t.userData(first));
            MemorySegment scratch = t.scratch(first);
            long address = scratch.address();
            for (int i = 0; i < 1000; i++) {
                uds.add(t.userData(t.acquire(new Completion())));
            }
            assertEquals(1001, t.used());
            assertTrue(t.capacity() >= 1001);
            assertEquals(address, t.scratch(first).address(), "scratch never moves while in flight");
            assertEquals(SlotTable.SCRATCH_BYTES, scratch.byteSize());
            MemorySegment big = t.large(first, 1024 * 16);
            assertTrue(big.byteSize() >= 1024 * 16);
            assertEquals(big.address(), t.large(first, 100 * 16).address(), "the overflow segment is reused");
            assertEquals(address + SlotTable.REGION_B, t.large(first, 64).address(), "small ones use region B");
            for (long ud : uds) {
                assertTrue(t.take(ud) != null);
            }
            assertEquals(0, t.used());
        }
    }

    @Test
    void onlyOneCancelPerUse() {
        try (SlotTable t = new SlotTable(4)) {
            long ud = t.userData(t.acquire(new Completion()));
            assertTrue(t.markCancelling(ud));
            assertFalse(t.markCancelling(ud));
            t.take(ud);
            assertFalse(t.markCancelling(ud), "gone");
            long ud2 = t.userData(t.acquire(new Completion()));
            assertTrue(t.markCancelling(ud2), "a new use of the slot starts uncancelled");
        }
    }

    @Test
    void userDataOutsideTheTableOrOfAnUnusedSlotIsStale() {
        try (SlotTable t = new SlotTable(4)) {
            Completion a = new Completion();
            long ud = t.userData(t.acquire(a));
            long foreignSlot = (ud & 0xffff_ffff_0000_0000L) | 1000;
            assertNull(t.take(foreignSlot), "a slot past the table");
            assertNull(t.peek(foreignSlot));
            assertNull(t.take(ud | 0xffff_ffffL), "a negative slot");
            assertNull(t.peek(ud | 0xffff_ffffL));
            assertFalse(t.markCancelling(foreignSlot));
            assertFalse(t.markCancelling(ud | 0xffff_ffffL));
            long unused = t.userData(3);
            assertNull(t.take(unused), "generation matches but nothing is in the slot");
            assertNull(t.peek(unused));
            assertFalse(t.markCancelling(unused));
            long otherGeneration = ud + (1L << 32);
            assertNull(t.peek(otherGeneration));
            assertFalse(t.markCancelling(otherGeneration));
            assertSame(a, t.peek(ud), "peek keeps the slot");
            assertEquals(1, t.used());
            assertSame(a, t.take(ud));
        }
    }

    @Test
    void largeScratchGrowsWhenALaterRequestIsBigger() {
        try (SlotTable t = new SlotTable(2)) {
            int slot = t.acquire(new Completion());
            MemorySegment first = t.large(slot, 1024);
            assertTrue(first.byteSize() >= 1024);
            MemorySegment bigger = t.large(slot, 64 * 1024);
            assertTrue(bigger.byteSize() >= 64 * 1024);
            assertNotEquals(first.address(), bigger.address(), "a new segment, the old one is not resized");
            assertEquals(bigger.address(), t.large(slot, 2048).address());
        }
    }
}
