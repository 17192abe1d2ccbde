package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The NIO descriptor table: descriptors are the lowest free index (as the kernel's), the table grows past its
 * first size, unknown descriptors are absent, and removing a handle that is not (or no longer) there changes
 * nothing.
 */
class HandleTableTest {

    private static Handle handle(int index) {
        return Handle.socket(index, null);
    }

    @Test
    void descriptorsAreTheLowestFreeIndexAndTheTableGrows() {
        HandleTable t = new HandleTable();
        for (int i = 0; i < 100; i++) {
            assertEquals(i, t.nextIndex());
            t.put(handle(i));
        }
        assertEquals(100, t.size());
        Handle h5 = t.get(5);
        t.remove(h5);
        assertEquals(5, t.nextIndex(), "a freed descriptor is reused first");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.put(handle(100)));
        assertEquals("handle index 100 is not the lowest free 5", e.getMessage());
        t.put(handle(5));
        assertEquals(100, t.size());
        List<Integer> seen = new ArrayList<>();
        t.forEach(h -> seen.add(h.index));
        assertEquals(100, seen.size());
        assertEquals(99, seen.get(99));
    }

    @Test
    void unknownDescriptorsAreAbsentAndStaleRemovesDoNothing() {
        HandleTable t = new HandleTable();
        Handle h0 = handle(0);
        t.put(h0);
        assertNull(t.get(-1));
        assertNull(t.get(64));
        assertNull(t.get(Integer.MAX_VALUE));
        assertSame(h0, t.get(0));
        t.remove(h0);
        Handle again = handle(0);
        t.put(again);
        t.remove(h0); // the old handle of a reused descriptor
        assertSame(again, t.get(0));
        assertEquals(1, t.size());
        t.remove(handle(500)); // beyond the table
        assertEquals(1, t.size());
    }
}
