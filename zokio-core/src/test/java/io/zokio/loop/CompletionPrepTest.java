package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.Errno;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import io.zokio.testing.TestClock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** Misuse of the Completion prep methods fails at once, with a message that names the problem. */
@Timeout(10)
class CompletionPrepTest {
    private static final MemorySegment BUF = Arena.global().allocate(64);
    private static final MemorySegment HEAP = MemorySegment.ofArray(new byte[64]);

    private static void iae(String messagePart, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage() != null && x.getMessage().contains(messagePart),
                () -> "message should contain '" + messagePart + "': " + x.getMessage());
    }

    /** Null arguments: NullPointerException naming the parameter (the JDK convention of Objects.requireNonNull). */
    private static void npe(String name, Executable e) {
        NullPointerException x = assertThrows(NullPointerException.class, e);
        assertEquals(name, x.getMessage());
    }

    @Test
    void negativeFdIsRejected() {
        Completion c = new Completion();
        iae("fd must not be negative: -1", () -> c.prepRead(-1, BUF, 0));
        iae("fd must not be negative", () -> c.prepWrite(-3, BUF, 0));
        iae("fd must not be negative", () -> c.prepReadv(-1, new MemorySegment[] {BUF}, 0));
        iae("fd must not be negative", () -> c.prepWritev(-1, new MemorySegment[] {BUF}, 0));
        iae("fd must not be negative", () -> c.prepFsync(-1, 0));
        iae("fd must not be negative", () -> c.prepClose(-1));
        iae("fd must not be negative", () -> c.prepAccept(-1));
        iae("fd must not be negative", () -> c.prepConnect(-1, new InetSocketAddress("127.0.0.1", 1)));
        iae("fd must not be negative", () -> c.prepRecv(-1, BUF, 0));
        iae("fd must not be negative", () -> c.prepSend(-1, BUF, 0));
        iae("fd must not be negative", () -> c.prepShutdown(-1, ShutdownHow.SHUT_WR));
        iae("fd must not be negative", () -> c.prepPoll(-1, PollEvents.POLLIN));
        iae("dirfd must be a descriptor or AT_FDCWD", () -> c.prepOpenAt(-5, "x", 0, 0));
        iae("dirfd must be a descriptor or AT_FDCWD", () -> c.prepStatx(-5, "x", 0, new FileStat()));
    }

    @Test
    void negativeOffsetOtherThanOffsetCurrentIsRejected() {
        Completion c = new Completion();
        iae("offset must be >= 0 or OFFSET_CURRENT: -2", () -> c.prepRead(3, BUF, -2));
        iae("offset must be >= 0 or OFFSET_CURRENT", () -> c.prepWrite(3, BUF, Long.MIN_VALUE));
        iae("offset must be >= 0 or OFFSET_CURRENT", () -> c.prepReadv(3, new MemorySegment[] {BUF}, -7));
        iae("offset must be >= 0 or OFFSET_CURRENT", () -> c.prepWritev(3, new MemorySegment[] {BUF}, -7));
        assertEquals(Completion.OFFSET_CURRENT, c.prepRead(3, BUF, Completion.OFFSET_CURRENT).offset());
    }

    @Test
    void heapSegmentsAreRejected() {
        Completion c = new Completion();
        iae("native (off-heap)", () -> c.prepRead(3, HEAP, 0));
        iae("native (off-heap)", () -> c.prepWrite(3, HEAP, 0));
        iae("native (off-heap)", () -> c.prepRecv(3, HEAP, 0));
        iae("native (off-heap)", () -> c.prepSend(3, HEAP, 0));
        iae("native (off-heap)", () -> c.prepReadv(3, new MemorySegment[] {BUF, HEAP}, 0));
        iae("native (off-heap)", () -> c.prepWritev(3, new MemorySegment[] {HEAP}, 0));
    }

    @Test
    void readOnlyBufferCannotBeReadInto() {
        Completion c = new Completion();
        MemorySegment ro = BUF.asReadOnly();
        iae("read-only", () -> c.prepRead(3, ro, 0));
        iae("read-only", () -> c.prepRecv(3, ro, 0));
        iae("read-only", () -> c.prepReadv(3, new MemorySegment[] {ro}, 0));
        assertSame(ro, c.prepWrite(3, ro, 0).buffer()); // writing from it is fine
    }

    @Test
    void nullArgumentsAreRejected() {
        Completion c = new Completion();
        npe("buffer", () -> c.prepRead(3, null, 0));
        npe("buffer", () -> c.prepWrite(3, null, 0));
        npe("buffer", () -> c.prepRecv(3, null, 0));
        npe("buffer", () -> c.prepSend(3, null, 0));
        npe("buffers", () -> c.prepReadv(3, null, 0));
        npe("buffer", () -> c.prepWritev(3, new MemorySegment[] {BUF, null}, 0));
        npe("target", () -> c.prepCancel(null));
        npe("address", () -> c.prepConnect(3, null));
        npe("path", () -> c.prepOpenAt(OpenFlags.AT_FDCWD, null, 0, 0));
        npe("out", () -> c.prepStatx(OpenFlags.AT_FDCWD, "/", 0, null));
        npe("callback", () -> c.callback(null));
    }

    @Test
    void vectoredNeedsOneToMaxIovecsBuffers() {
        Completion c = new Completion();
        iae("vectored I/O takes 1..1024 buffers: 0", () -> c.prepReadv(3, new MemorySegment[0], 0));
        iae("vectored I/O takes 1..1024 buffers: 0", () -> c.prepWritev(3, new MemorySegment[0], 0));
        MemorySegment[] tooMany = new MemorySegment[Completion.MAX_IOVECS + 1];
        java.util.Arrays.fill(tooMany, BUF);
        iae("1..1024 buffers: 1025", () -> c.prepWritev(3, tooMany, 0));
        MemorySegment[] max = java.util.Arrays.copyOf(tooMany, Completion.MAX_IOVECS);
        assertEquals(Completion.MAX_IOVECS, c.prepWritev(3, max, 0).buffers().length);
    }

    @Test
    void otherBadArguments() {
        Completion c = new Completion();
        iae("timeout must not be negative", () -> c.prepTimeout(-1));
        iae("cannot cancel itself", () -> c.prepCancel(c));
        iae("unknown fsync flags", () -> c.prepFsync(3, 2));
        iae("path must not be empty", () -> c.prepOpenAt(OpenFlags.AT_FDCWD, "", 0, 0));
        iae("path contains NUL", () -> c.prepOpenAt(OpenFlags.AT_FDCWD, "a\0b", 0, 0));
        iae("path contains NUL", () -> c.prepStatx(OpenFlags.AT_FDCWD, "a\0b", 0, new FileStat()));
        iae("shutdown how must be SHUT_RD, SHUT_WR or SHUT_RDWR: 3", () -> c.prepShutdown(3, 3));
        iae("poll events must not be empty", () -> c.prepPoll(3, 0));
        iae("unresolved", () -> c.prepConnect(3, InetSocketAddress.createUnresolved("localhost", 80)));
    }

    @Test
    void aFailedPrepLeavesThePreviousRequestIntact() {
        Completion c = new Completion().prepWrite(5, BUF, 9);
        assertThrows(IllegalArgumentException.class, () -> c.prepRead(3, HEAP, 0));
        assertThrows(IllegalArgumentException.class, () -> c.prepRead(3, BUF, -2));
        assertThrows(IllegalArgumentException.class, () -> c.prepReadv(3, new MemorySegment[0], 0));
        assertThrows(IllegalArgumentException.class, () -> c.prepWritev(3, new MemorySegment[] {BUF}, -5));
        assertThrows(IllegalArgumentException.class, () -> c.prepRecv(3, BUF.asReadOnly(), 0));
        assertThrows(IllegalArgumentException.class, () -> c.prepSend(3, HEAP, 0));
        assertThrows(IllegalArgumentException.class, () -> c.prepOpenAt(OpenFlags.AT_FDCWD, "", 0, 0));
        assertThrows(NullPointerException.class, () -> c.prepStatx(OpenFlags.AT_FDCWD, "/", 0, null));
        assertThrows(IllegalArgumentException.class, () -> c.prepShutdown(3, 7));
        assertEquals(Op.WRITE, c.op(), "a failed prep must not half-overwrite the request");
        assertEquals(5, c.fd());
        assertSame(BUF, c.buffer());
        assertEquals(9, c.offset());
    }

    @Test
    void reuseWhileInFlightIsIllegalState() {
        TestClock clock = new TestClock();
        FakeBackend backend = new FakeBackend();
        EventLoop loop = new EventLoop(backend, clock, IdleMode.POWER_SAVE);
        Completion c = new Completion().prepRead(3, BUF, 0).callback((l, cc, r) -> Action.DISARM);
        loop.submit(c);
        for (Executable e : new Executable[] {
                c::prepNop,
                () -> c.prepTimeout(1),
                () -> c.prepRead(3, BUF, 0),
                () -> c.prepSend(3, BUF, 0),
                () -> c.prepClose(3),
                () -> c.callback((l, cc, r) -> Action.DISARM)}) {
            IllegalStateException x = assertThrows(IllegalStateException.class, e);
            assertTrue(x.getMessage().contains("in flight"), x.getMessage());
        }
        assertEquals(Op.READ, c.op(), "a rejected prep does not change the request");
        loop.close();
        assertEquals(-Errno.ECANCELED, c.result());
        c.prepNop(); // idle again: reusable
    }
}
