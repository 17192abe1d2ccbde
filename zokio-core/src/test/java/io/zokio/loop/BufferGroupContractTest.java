package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.testing.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BufferGroup's own contract, independent of a real backend: argument checks, ownership of buffers, what reaches
 * the backend's BufferRings (attach, release, detach) and what happens when the backend refuses the group.
 */
@Timeout(30)
class BufferGroupContractTest {

    /** Records the calls a group makes; attachGroup can be told to fail. */
    static final class RecordingRings implements BufferRings {
        final List<Integer> released = new ArrayList<>();
        int attached;
        int detached;
        Exception attachFailure;

        @Override
        public int attachGroup(BufferGroup group) throws IOException {
            attached++;
            if (attachFailure instanceof IOException e) {
                throw e;
            }
            if (attachFailure instanceof RuntimeException e) {
                throw e;
            }
            return 7;
        }

        @Override
        public void releaseBuffer(BufferGroup group, int bufferId) {
            released.add(bufferId);
        }

        @Override
        public void detachGroup(BufferGroup group) {
            detached++;
        }
    }

    /** A FakeBackend whose features offer {@link RecordingRings}. */
    static final class RingsBackend extends ForwardingFakeBackend {
        final RecordingRings rings = new RecordingRings();
        private final BackendFeatures features = new BackendFeatures("rings", "fake with buffer rings", false,
                BackendFeatures.Counters.NONE, fake.features().sockets(), Optional.empty(), Optional.of(rings),
                Optional.empty(), Optional.empty());

        @Override
        public BackendFeatures features() {
            return features;
        }
    }

    private final RingsBackend backend = new RingsBackend();
    private final EventLoop loop = new EventLoop(backend, new TestClock(), IdleMode.POWER_SAVE);

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aBackendWithoutBufferRingsRefusesGroups() {
        EventLoop plain = new EventLoop(new FakeBackend(), new TestClock(), IdleMode.POWER_SAVE);
        try {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> BufferGroup.open(plain, 4, 64));
            assertEquals("fake backend has no provided buffer groups", e.getMessage());
        } finally {
            plain.close();
        }
    }

    @Test
    void badCountsAndSizesAreRefusedBeforeTheBackendSeesThem() {
        for (int count : new int[] {0, -4, 3, BufferGroup.MAX_BUFFERS * 2}) {
            assertThrows(IllegalArgumentException.class, () -> BufferGroup.open(loop, count, 64), "count " + count);
        }
        assertThrows(IllegalArgumentException.class, () -> BufferGroup.open(loop, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> BufferGroup.open(loop, 4, -1));
        assertThrows(IllegalArgumentException.class, () -> BufferGroup.open(loop, 1024, 1 << 21), "2 GiB in all");
        assertThrows(NullPointerException.class, () -> BufferGroup.open(null, 4, 64));
        assertEquals(0, backend.rings.attached);
    }

    @Test
    void aRefusedAttachIsReportedAsItsCause() {
        IOException io = new IOException("no ring");
        backend.rings.attachFailure = io;
        UncheckedIOException u = assertThrows(UncheckedIOException.class, () -> BufferGroup.open(loop, 4, 64));
        assertSame(io, u.getCause());

        IllegalStateException ise = new IllegalStateException("full");
        backend.rings.attachFailure = ise;
        assertSame(ise, assertThrows(IllegalStateException.class, () -> BufferGroup.open(loop, 4, 64)));
        assertEquals(2, backend.rings.attached);
    }

    @Test
    void bufferAndPayloadSlicesStayInsideTheirBuffer() {
        BufferGroup g = BufferGroup.open(loop, 4, 64);
        assertEquals(7, g.id());
        assertEquals(4, g.count());
        assertEquals(64, g.bufferBytes());
        for (int id : new int[] {-1, 4}) {
            assertThrows(IllegalArgumentException.class, () -> g.buffer(id, 0), "id " + id);
            assertThrows(IllegalArgumentException.class, () -> g.buffer(id), "id " + id);
            assertThrows(IllegalArgumentException.class, () -> g.isHeld(id), "id " + id);
        }
        assertThrows(IllegalArgumentException.class, () -> g.buffer(0, -1));
        assertThrows(IllegalArgumentException.class, () -> g.buffer(0, 65));
        assertEquals(64, g.buffer(3, 64).byteSize());
        assertSame(g.buffer(1), g.buffer(1), "whole slices are made once");
        assertEquals(g.buffer(1).address(), g.buffer(1, 10).address());
        assertEquals(g.buffer(0).address() + 64, g.buffer(1).address());

        Completion c = new Completion();
        c.bufferId = 1;
        c.bufferOffset = 16;
        assertEquals(48, g.payload(c, 48).byteSize());
        assertEquals(g.buffer(1).address() + 16, g.payload(c, 48).address());
        assertThrows(IllegalArgumentException.class, () -> g.payload(c, 49));
        assertThrows(IllegalArgumentException.class, () -> g.payload(c, -1));
        c.bufferId = -1;
        assertThrows(IllegalArgumentException.class, () -> g.payload(c, 0));
        g.close();
    }

    @Test
    void aBufferIsHeldFromTakenUntilReleasedOnce() {
        BufferGroup g = BufferGroup.open(loop, 4, 64);
        assertThrows(IllegalStateException.class, () -> g.release(2), "not held");
        g.taken(2);
        assertTrue(g.isHeld(2));
        assertEquals(3, g.available());
        assertTrue(g.toString().contains("held=1"), g.toString());
        assertThrows(IllegalStateException.class, () -> g.taken(2), "handed out twice");
        g.release(2);
        assertFalse(g.isHeld(2));
        assertEquals(4, g.available());
        assertEquals(List.of(2), backend.rings.released);
        assertThrows(IllegalStateException.class, () -> g.release(2), "released twice");
        assertEquals(List.of(2), backend.rings.released);
        g.close();
    }

    @Test
    void closeDetachesOnceAndLaterReleasesStayOutOfTheRing() {
        BufferGroup g = BufferGroup.open(loop, 2, 32);
        g.taken(0);
        g.users = 1;
        assertThrows(IllegalStateException.class, g::close, "a multishot receive uses it");
        assertFalse(g.isClosed());
        g.users = 0;
        g.close();
        assertTrue(g.isClosed());
        assertEquals(1, backend.rings.detached);
        assertThrows(IllegalStateException.class, g::checkOpen);
        g.close();
        assertEquals(1, backend.rings.detached, "a second close does nothing");
        g.release(0);
        assertFalse(g.isHeld(0));
        assertEquals(List.of(), backend.rings.released, "a closed group's buffers do not go back to the ring");
    }

    @Test
    void closingAfterTheLoopDoesNotDetach() {
        BufferGroup g = BufferGroup.open(loop, 2, 32);
        loop.close();
        g.close();
        assertTrue(g.isClosed());
        assertEquals(0, backend.rings.detached);
    }

    @Test
    void aGroupBelongsToTheLoopThatOpenedIt() {
        BufferGroup g = BufferGroup.open(loop, 2, 32);
        EventLoop other = new EventLoop(new FakeBackend(), new TestClock(), IdleMode.POWER_SAVE);
        try {
            assertTrue(g.belongsTo(loop));
            assertFalse(g.belongsTo(other));
        } finally {
            other.close();
            g.close();
        }
    }
}
