package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ring binding on its own: probe, setup flags, SQ/CQ round trips, overflow, register helpers. */
@Timeout(30)
class IoUringRingTest {
    @BeforeAll
    static void requireUring() {
        UringFeatures f = IoUringProbe.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @Test
    void probeReportsOpcodesAndFlags() {
        UringFeatures f = IoUringProbe.probe();
        System.out.println(f);
        assertTrue(f.supportsOp(IORING_OP_NOP));
        assertTrue(f.lastOp() >= IORING_OP_NOP);
        assertEquals(IoUringProbe.OPTIONAL.length, f.flags().size());
        for (UringFeatures.SetupFlag flag : f.flags()) {
            assertFalse(flag.enabled(), "the process probe enables nothing");
            assertTrue(flag.supported() || flag.cause() != null, flag.name());
        }
        assertTrue(f.toString().startsWith("io_uring: setup flags"));
    }

    @Test
    void nopsRoundTripAndReportEnabledFlags() throws Exception {
        try (IoUring ring = IoUring.open(8, IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG)) {
            assertEquals(8, ring.sqEntries());
            assertEquals(16, ring.cqEntries());
            assertTrue(ring.features().toString().contains("CQSIZE on"), ring.features().toString());
            for (int i = 0; i < 8; i++) {
                ring.sq().prepNop(100 + i);
            }
            assertTrue(ring.sq().isFull());
            assertEquals(8, ring.enter(true, 0, 0));
            assertEquals(8, ring.cqReady());
            long[] ud = new long[8];
            int[] res = new int[8];
            assertEquals(8, ring.reap(ud, res, 0, 8));
            for (int i = 0; i < 8; i++) {
                assertEquals(100 + i, ud[i]);
                assertEquals(0, res[i]);
            }
            assertEquals(0, ring.cqReady());
            assertEquals(0, ring.cqOverflowCount());
        }
    }

    @Test
    void overflowIsKeptWithNodrop() throws Exception {
        try (IoUring ring = IoUring.open(4, 0)) {
            assumeTrue(ring.features().hasFeature(IORING_FEAT_NODROP), "kernel without IORING_FEAT_NODROP");
            for (int round = 0; round < 5; round++) { // 20 NOPs into an 8-entry CQ
                for (int i = 0; i < 4; i++) {
                    ring.sq().prepNop(round * 4 + i);
                }
                assertEquals(4, ring.enter(false, 0, 0));
            }
            long[] ud = new long[32];
            int[] res = new int[32];
            int got = 0;
            while (got < 20) {
                got += ring.reap(ud, res, got, 32 - got);
                if ((ring.sqFlags() & IORING_SQ_CQ_OVERFLOW) != 0) {
                    ring.enter(true, 0, 0);
                } else if (got < 20) {
                    break;
                }
            }
            assertEquals(20, got);
        }
    }

    @Test
    void timedWaitReturnsEtime() throws Exception {
        try (IoUring ring = IoUring.open(4, 0)) {
            assumeTrue(ring.hasTimedWait(), "kernel without IORING_FEAT_EXT_ARG");
            assertEquals(-62, ring.enter(true, 1, 1_000_000L)); // -ETIME after 1 ms
        }
    }

    @Test
    void singleIssuerRingIsEnabledByItsFirstSubmitter() throws Exception {
        UringFeatures f = IoUringProbe.probe();
        boolean have = f.flags().stream().anyMatch(x -> x.bit() == IORING_SETUP_SINGLE_ISSUER && x.supported());
        assumeTrue(have, "kernel without IORING_SETUP_SINGLE_ISSUER");
        try (IoUring ring = IoUring.open(4, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN
                | IORING_SETUP_R_DISABLED | IORING_SETUP_TASKRUN_FLAG)) {
            assertTrue(ring.hasSetupFlag(IORING_SETUP_R_DISABLED));
            int[] result = new int[2];
            Thread t = Thread.ofPlatform().start(() -> {
                ring.sq().prepNop(7);
                result[0] = ring.enter(true, 1, 0);
                result[1] = ring.cqReady();
            });
            t.join();
            assertEquals(1, result[0]);
            assertEquals(1, result[1]);
            assertEquals(t, ring.submitter());
            assertEquals(-17, ring.enter(true, 0, 0), "another thread gets EEXIST");
        }
    }

    @Test
    void registerHelpers() throws Exception {
        try (IoUring ring = IoUring.open(4, 0); Arena arena = Arena.ofConfined(); EventFd efd = new EventFd()) {
            ring.registerFiles(new int[] {efd.fd(), -1});
            ring.unregisterFiles();
            MemorySegment buf = arena.allocate(4096, 4096);
            ring.registerBuffers(new MemorySegment[] {buf});
            ring.unregisterBuffers();
            ring.registerEventFd(efd.fd());
            ring.sq().prepNop(1);
            assertEquals(1, ring.enter(true, 1, 0));
            assertTrue(efd.drain() >= 1, "the registered eventfd is signalled on completion");
            ring.unregisterEventFd();
        }
    }

    @Test
    void eventFdSignal() throws Exception {
        try (EventFd efd = new EventFd()) {
            efd.signal();
            efd.signal();
            assertEquals(2, efd.drain());
        }
    }
}
