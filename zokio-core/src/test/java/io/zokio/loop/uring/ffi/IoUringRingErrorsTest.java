package io.zokio.loop.uring.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the ring binding reports misuse and kernel refusals: setup errors, a closed ring, bad arguments. */
@Timeout(30)
class IoUringRingErrorsTest {
    @BeforeAll
    static void requireUring() {
        UringFeatures f = IoUringProbe.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @Test
    void setupOfZeroEntriesFailsWithEinvalAfterDroppingEveryFlag() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> IoUring.open(0,
                IoUringConstants.IORING_SETUP_COOP_TASKRUN | IoUringConstants.IORING_SETUP_TASKRUN_FLAG));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("io_uring_setup", e.syscall());
        assertTrue(e.getMessage().contains("the kernel rejected the ring parameters"), e.getMessage());
    }

    @Test
    void closedRingRefusesEnterAndRegisterAndClosesOnce() throws Exception {
        IoUring ring = IoUring.open(4, 0);
        assertTrue(ring.fd() >= 0);
        assertTrue(ring.toString().startsWith("IoUring[fd=" + ring.fd() + ", sq=4, cq=8, io_uring: "), ring.toString());
        ring.close();
        assertTrue(ring.isClosed());
        assertThrows(IllegalStateException.class, () -> ring.enter(true, 0, 0));
        assertThrows(IllegalStateException.class, ring::enableIfDisabled);
        assertThrows(IllegalStateException.class, () -> ring.registerFiles(new int[] {-1}));
        assertThrows(IllegalStateException.class, ring::unregisterEventFd);
        ring.close(); // idempotent
        assertTrue(ring.isClosed());
    }

    @Test
    void enabledRingEnablesNothing() throws Exception {
        try (IoUring ring = IoUring.open(4, 0)) {
            assertEquals(0, ring.enableIfDisabled(), "a ring created enabled");
            assertEquals(null, ring.submitter());
        }
    }

    @Test
    void bufferRingArgumentsAreCheckedBeforeTheKernelSeesThem() throws Exception {
        try (IoUring ring = IoUring.open(4, 0); Arena arena = Arena.ofConfined()) {
            MemorySegment page = arena.allocate(4096, 4096);
            assertThrows(IllegalArgumentException.class, () -> ring.registerBufRing(page, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> ring.registerBufRing(page, 512, 1),
                    "512 entries of 16 bytes do not fit one page");
        }
    }

    @Test
    void updatingAFileWithoutATableIsEnxio() throws Exception {
        try (IoUring ring = IoUring.open(4, 0)) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> ring.updateFile(0, -1));
            assertEquals(6, e.errno(), "ENXIO: no fixed-file table registered");
            ring.registerFiles(new int[] {-1, -1});
            ring.updateFile(1, -1); // one entry replaced
            ErrnoException out = assertThrows(ErrnoException.class, () -> ring.updateFile(5, -1));
            assertEquals(Errno.EINVAL, out.errno(), "an index past the table");
        }
    }

    @Test
    void fullSubmissionQueueRefusesAnotherSqeUntilSubmitted() throws Exception {
        try (IoUring ring = IoUring.open(4, 0)) {
            SubmissionQueue sq = ring.sq();
            for (int i = 0; i < 4; i++) {
                sq.prepNop(i);
            }
            assertTrue(sq.isFull());
            assertEquals(4, sq.position());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sq.prepNop(99));
            assertTrue(e.getMessage().startsWith("SQ full"), e.getMessage());
            assertEquals(4, sq.position(), "the refused prep claimed no SQE");
            assertEquals(4, ring.enter(false, 0, 0));
            assertFalse(sq.isFull());
            sq.prepNop(4);
            assertEquals(1, ring.enter(true, 5, 0));
            long[] ud = new long[8];
            int[] res = new int[8];
            int[] flags = new int[8];
            assertEquals(5, ring.reap(ud, res, flags, 0, 8));
            for (int i = 0; i < 5; i++) {
                assertEquals(i, ud[i]);
                assertEquals(0, res[i]);
                assertEquals(0, flags[i]);
            }
            assertEquals(0, ring.reap(ud, res, flags, 0, 8), "nothing left");
        }
    }

    @Test
    void timeoutExpiresWithEtime() throws Exception {
        try (IoUring ring = IoUring.open(4, 0); Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(NativeCodec.TIMESPEC_SIZE, 8);
            ring.sq().prepTimeout(ts, 1_000_000L, 0, 42);
            assertEquals(1, ring.enter(true, 1, 0));
            long[] ud = new long[2];
            int[] res = new int[2];
            assertEquals(1, ring.reap(ud, res, 0, 2));
            assertEquals(42, ud[0]);
            assertEquals(-Errno.ETIME, res[0]);
            assertEquals(0, ts.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0), "seconds");
            assertEquals(1_000_000L, ts.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8), "nanoseconds");
        }
    }

    @Test
    void timeoutWithACountCompletesWhenThatManyOthersComplete() throws Exception {
        try (IoUring ring = IoUring.open(4, 0); Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(NativeCodec.TIMESPEC_SIZE, 8);
            ring.sq().prepTimeout(ts, 20_000_000_000L, 1, 7);
            ring.sq().prepNop(8);
            assertEquals(2, ring.enter(true, 2, 0));
            long[] ud = new long[2];
            int[] res = new int[2];
            assertEquals(2, ring.reap(ud, res, 0, 2));
            for (int i = 0; i < 2; i++) {
                assertEquals(0, res[i], "the NOP, and the TIMEOUT satisfied by its count (not -ETIME) for ud " + ud[i]);
            }
            assertEquals(20, ts.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
        }
    }

    @Test
    void bufferRingGroupIdIsExclusiveAndCloseAfterTheRingIsHarmless() throws Exception {
        IoUring ring = IoUring.open(4, 0);
        BufRing first;
        try {
            first = BufRing.register(ring, 8, 3);
        } catch (ErrnoException e) {
            ring.close();
            assumeTrue(false, "kernel without provided buffer rings: " + e.getMessage());
            return;
        }
        assertEquals(3, first.bgid());
        assertThrows(IllegalArgumentException.class, () -> BufRing.register(ring, 6, 4), "not a power of two");
        assertThrows(IllegalArgumentException.class, () -> BufRing.register(ring, 0, 4), "no entries");
        ErrnoException dup = assertThrows(ErrnoException.class, () -> BufRing.register(ring, 8, 3));
        assertEquals(Errno.EEXIST, dup.errno());
        first.close();
        BufRing again = BufRing.register(ring, 8, 3); // the id is free after close
        ring.close();
        again.close(); // the ring took the registration with it: nothing to unregister
        assertTrue(ring.isClosed());
    }

    @Test
    void eventFdCloseIsIdempotentAndALateSignalIsIgnored() throws Exception {
        EventFd efd = new EventFd();
        assertEquals(8, efd.readBuffer().byteSize());
        efd.close();
        efd.signal();
        efd.close();
        assertThrows(IllegalStateException.class, efd::drain, "its memory is gone with it");
    }
}
