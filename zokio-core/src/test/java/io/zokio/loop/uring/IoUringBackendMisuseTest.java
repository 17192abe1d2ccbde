package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.loop.RunMode;
import io.zokio.loop.uring.ffi.IoUringConstants;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the io_uring backend refuses, and how: closed backend, bad arguments, too-long paths, a second thread. */
@Timeout(30)
class IoUringBackendMisuseTest {
    private EventLoop loop;
    private final List<Integer> results = new ArrayList<>();

    @BeforeAll
    static void requireUring() {
        var f = IoUringBackend.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @BeforeEach
    void setUp() {
        loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(8).build();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private IoUringBackend backend() {
        return (IoUringBackend) loop.backend();
    }

    private Completion recorder() {
        return new Completion().callback((l, c, r) -> {
            results.add(r);
            return Action.DISARM;
        });
    }

    private int runOne(Completion c) {
        results.clear();
        loop.submit(c);
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(1, results.size());
        return results.getFirst();
    }

    @Test
    void backendAttachesToOneLoopOnly() {
        assertThrows(IllegalStateException.class, () -> backend().attach(null));
    }

    @Test
    void closedBackendRefusesWorkAndClosesOnce() {
        IoUringBackend b = backend();
        loop.close();
        assertThrows(IllegalStateException.class, () -> b.submit(new Completion().prepNop()));
        assertThrows(IllegalStateException.class, () -> b.submitLinked(new Completion[] {new Completion().prepNop()}));
        assertThrows(IllegalStateException.class, () -> b.attachGroup(null));
        assertEquals(0, b.poll(0));
        assertEquals(0, b.poll(-1), "a closed backend never waits");
        b.close();
        assertEquals(0, b.inFlight());
    }

    @Test
    void chainLongerThanTheSubmissionQueueIsRefused() {
        Completion[] chain = new Completion[9];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = new Completion().prepNop();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend().submitLinked(chain));
        assertTrue(e.getMessage().contains("8-entry submission queue"), e.getMessage());
        assertEquals(0, backend().inFlight());
    }

    @Test
    void timeoutIsNotABackendOperationAndLeavesNoSlotBehind() {
        long before = backend().submissions();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend().submit(new Completion().prepTimeout(1_000_000L)));
        assertTrue(e.getMessage().contains("TIMEOUT"), e.getMessage());
        assertEquals(0, backend().inFlight(), "the slot was given back");
        assertEquals(before + 1, backend().submissions());
        assertEquals(0, runOne(recorder().prepNop()), "the backend still works");
    }

    @Test
    void fixedBufferArgumentsAreChecked() throws Exception {
        IoUringBackend b = backend();
        assertThrows(IllegalArgumentException.class, () -> b.registerBuffers(new MemorySegment[0]));
        assertThrows(IllegalArgumentException.class,
                () -> b.registerBuffers(new MemorySegment[Completion.MAX_FIXED_BUFFERS + 1]));
        assertThrows(IllegalArgumentException.class,
                () -> b.registerBuffers(new MemorySegment[] {MemorySegment.ofArray(new byte[4096])}));
        assertEquals(0, b.fixedBuffers());
        try (Arena arena = Arena.ofConfined()) {
            b.registerBuffers(new MemorySegment[] {arena.allocate(4096, 4096), arena.allocate(4096, 4096)});
            assertEquals(2, b.fixedBuffers());
            b.unregisterBuffers();
            assertEquals(0, b.fixedBuffers());
        }
    }

    @Test
    void supportedOperationsFollowTheProbe() {
        var f = backend().ringFeatures();
        for (Op op : Op.values()) {
            boolean expected = switch (op) {
                case SPLICE, SENDFILE -> f.supportsOp(IoUringConstants.IORING_OP_SPLICE);
                case SEND_ZC, ACCEPT_MULTISHOT, RECV_MULTISHOT, RECVMSG_MULTISHOT ->
                        f.supportsOp(IoUringConstants.IORING_OP_SEND_ZC);
                default -> true;
            };
            assertEquals(expected, backend().supports(op), op.name());
        }
    }

    @Test
    void pipeForSpliceCarriesBytes() throws Exception {
        int[] p = backend().openPipe();
        assertNotEquals(p[0], p[1]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(3);
            out.copyFrom(MemorySegment.ofArray(new byte[] {1, 2, 3}));
            assertEquals(3, runOne(recorder().prepWrite(p[1], out, -1)));
            MemorySegment in = arena.allocate(3);
            assertEquals(3, runOne(recorder().prepRead(p[0], in, -1)));
            assertEquals(2, in.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1));
        } finally {
            loop.sockets().closeNow(p[0]);
            loop.sockets().closeNow(p[1]);
        }
    }

    @Test
    void pathsLongerThanPathMaxFailWithEnametoolong() {
        String tooLong = "/tmp/" + "d".repeat(5000);
        assertEquals(-Errno.ENAMETOOLONG, runOne(recorder().prepOpenAt(OpenFlags.AT_FDCWD, tooLong, OpenFlags.O_RDONLY, 0)));
        assertEquals(-Errno.ENAMETOOLONG, runOne(recorder().prepUnlinkAt(OpenFlags.AT_FDCWD, tooLong, 0)));
        assertEquals(-Errno.ENAMETOOLONG, runOne(recorder().prepMkdirAt(OpenFlags.AT_FDCWD, tooLong, 0755)));
        assertEquals(-Errno.ENAMETOOLONG,
                runOne(recorder().prepRenameAt(OpenFlags.AT_FDCWD, tooLong, OpenFlags.AT_FDCWD, "/tmp/x", 0)));
        assertEquals(-Errno.ENAMETOOLONG,
                runOne(recorder().prepRenameAt(OpenFlags.AT_FDCWD, "/tmp/x", OpenFlags.AT_FDCWD, tooLong, 0)));
        assertEquals(0, backend().inFlight());
    }

    @Test
    void singleIssuerRingPolledFromASecondThreadFailsWithEexist() throws Exception {
        IoUringBackend b = IoUringBackend.open(8, UringPolicy.FLAGS_SINGLE_ISSUER);
        try {
            assumeTrue(b.ringFeatures().enabled(IoUringConstants.IORING_SETUP_SINGLE_ISSUER),
                    "kernel without IORING_SETUP_SINGLE_ISSUER");
            assertEquals(0, b.poll(0)); // submits the wakeup read: this thread now owns the ring
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    b.poll(1_000_000L);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.join();
            Throwable e = failure.get();
            assertTrue(e instanceof IllegalStateException, String.valueOf(e));
            assertTrue(e.getMessage().contains("EEXIST") && e.getMessage().contains("second thread"), e.getMessage());
        } finally {
            b.close();
        }
    }
}
