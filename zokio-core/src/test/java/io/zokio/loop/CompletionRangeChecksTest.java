package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.UnixAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Range checks of the prep methods that the kernel's int-sized results and fixed tables impose: lengths and
 * offsets, buffers and vectored transfers beyond 2 GiB - 1, fixed buffer indices, Unix addresses that cannot be
 * connected to. A refused prep leaves the completion idle and reusable.
 */
class CompletionRangeChecksTest {
    private static final MemorySegment SMALL = Arena.global().allocate(16);
    /** A view larger than 2 GiB - 1; never read or written (every prep below refuses it). */
    private static final MemorySegment HUGE = SMALL.reinterpret(1L << 31);
    private static final MemorySegment GIB = SMALL.reinterpret(1L << 30);

    @Test
    void fileLengthsAndRanges() {
        Completion c = new Completion();
        assertThrows(IllegalArgumentException.class, () -> c.prepFtruncate(3, -1));
        assertEquals(Op.FTRUNCATE, c.prepFtruncate(3, 0).op());
        assertThrows(IllegalArgumentException.class, () -> c.prepFallocate(3, 0, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> c.prepFallocate(3, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> c.prepFallocate(3, 0, Long.MAX_VALUE, 1), "overflow");
        assertEquals(Op.FALLOCATE, c.prepFallocate(3, 0, Long.MAX_VALUE - 1, 1).op());
    }

    @Test
    void buffersAndVectoredTransfersBeyondTwoGibibytes() {
        Completion c = new Completion();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.prepRead(3, HUGE, 0));
        assertTrue(e.getMessage().contains("2 GiB"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.prepWrite(3, HUGE, 0));
        e = assertThrows(IllegalArgumentException.class,
                () -> c.prepWritev(3, new MemorySegment[] {GIB, GIB}, 0));
        assertTrue(e.getMessage().contains("vectored transfer larger than 2 GiB"), e.getMessage());
        assertEquals(Op.WRITEV, c.prepWritev(3, new MemorySegment[] {GIB, SMALL}, 0).op());
    }

    @Test
    void fixedBufferIndices() {
        Completion c = new Completion();
        assertThrows(IllegalArgumentException.class, () -> c.prepReadFixed(3, SMALL, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> c.prepWriteFixed(3, SMALL, 0, Completion.MAX_FIXED_BUFFERS));
        assertEquals(Op.READ_FIXED, c.prepReadFixed(3, SMALL, 0, Completion.MAX_FIXED_BUFFERS - 1).op());
    }

    @Test
    void unixAddressesThatCannotBeConnectedTo() {
        Completion c = new Completion();
        assertThrows(IllegalArgumentException.class, () -> c.prepConnectUnix(3, UnixAddress.unnamed()));
        UnixAddress tooLong = UnixAddress.ofAbstract("x".repeat(UnixAddress.MAX_PATH_BYTES + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.prepConnectUnix(3, tooLong));
        assertTrue(e.getMessage().startsWith("not a connectable Unix domain address"), e.getMessage());
        assertEquals(Op.CONNECT, c.prepConnectUnix(3, UnixAddress.ofAbstract("zokio-test")).op());
    }
}
