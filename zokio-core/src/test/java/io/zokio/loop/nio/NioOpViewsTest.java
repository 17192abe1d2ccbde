package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * NioOp's cached buffer views: reused (and reset to the segment's bounds) for the same segment or a slice of it,
 * rebuilt for a segment of another lifetime or when a read-only view would stand for a writable slice.
 */
class NioOpViewsTest {

    @Test
    void theSameSegmentOrASliceOfItReusesTheViewWithItsBounds() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment base = arena.allocate(64);
            NioOp op = new NioOp();
            ByteBuffer v = op.view(base);
            assertEquals(0, v.position());
            assertEquals(64, v.limit());
            v.position(10);
            assertSame(v, op.view(base));
            assertEquals(0, v.position(), "cleared");

            ByteBuffer s = op.view(base.asSlice(8, 16));
            assertSame(v, s, "a slice is a window on the same view");
            assertEquals(8, s.position());
            assertEquals(24, s.limit());
        }
    }

    @Test
    void anotherLifetimeOrAReadOnlyBaseGetsAViewOfItsOwn() {
        try (Arena a = Arena.ofConfined(); Arena b = Arena.ofConfined()) {
            MemorySegment base = a.allocate(64);
            NioOp op = new NioOp();
            ByteBuffer v = op.view(base);
            ByteBuffer other = op.view(b.allocate(16));
            assertNotSame(v, other);
            assertEquals(16, other.limit());

            MemorySegment readOnly = base.asReadOnly();
            ByteBuffer ro = op.view(readOnly);
            assertTrue(ro.isReadOnly());
            ByteBuffer writable = op.view(base.asSlice(0, 8));
            assertNotSame(ro, writable, "a writable slice never gets the read-only view");
            assertEquals(false, writable.isReadOnly());
            assertEquals(8, writable.limit());
        }
    }

    @Test
    void vectoredViewsRebuildOnlyTheElementsThatChanged() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(4);
            MemorySegment y = arena.allocate(8);
            MemorySegment z = arena.allocate(2);
            NioOp op = new NioOp();
            ByteBuffer[] first = op.views(new MemorySegment[] {x, y});
            ByteBuffer fx = first[0];
            ByteBuffer fy = first[1];
            fx.position(4);
            ByteBuffer[] second = op.views(new MemorySegment[] {x, z});
            assertSame(fx, second[0], "unchanged element reused");
            assertEquals(0, second[0].position(), "and cleared");
            assertNotSame(fy, second[1]);
            assertEquals(2, second[1].limit());
            ByteBuffer[] third = op.views(new MemorySegment[] {y});
            assertEquals(1, third.length);
            assertEquals(8, third[0].limit());
        }
    }
}
