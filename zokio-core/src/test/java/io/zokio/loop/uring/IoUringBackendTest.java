package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.FsyncFlags;
import io.zokio.loop.PollEvents;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.loop.EventLoop;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import io.zokio.loop.RunMode;
import io.zokio.sys.SockOpt;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** io_uring-specific behaviour of the backend, driven through {@link EventLoop}. */
@Timeout(30)
class IoUringBackendTest {
    private Arena arena;
    private EventLoop loop;
    private final List<Integer> results = new ArrayList<>();

    @BeforeAll
    static void requireUring() {
        var f = IoUringBackend.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @BeforeEach
    void setUp() {
        arena = Arena.ofShared();
        loop = EventLoop.builder().backend(BackendKind.IO_URING).build();
    }

    @AfterEach
    void tearDown() {
        loop.close();
        arena.close();
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
        assertEquals(1, results.size(), "one callback per submit");
        return results.getFirst();
    }

    private IoUringBackend backend() {
        return (IoUringBackend) loop.backend();
    }

    @Test
    void nopBatchCompletesEachOnce() {
        AtomicInteger calls = new AtomicInteger();
        Completion[] cs = new Completion[64];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = new Completion().prepNop().callback((l, c, r) -> {
                assertEquals(0, r);
                calls.incrementAndGet();
                return Action.DISARM;
            });
            loop.submit(cs[i]);
        }
        assertEquals(64, backend().inFlight());
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(64, calls.get());
        assertEquals(0, backend().inFlight());
        assertEquals("io_uring", loop.backendName());
    }

    @Test
    void pollWithNothingToDoMakesNoSyscall() {
        loop.submit(recorder().prepNop());
        loop.run(RunMode.UNTIL_DONE);
        long before = backend().enterCalls();
        for (int i = 0; i < 10; i++) {
            assertEquals(0, backend().poll(0));
        }
        assertEquals(before, backend().enterCalls());
    }

    @Test
    void timedPollReturnsAndWakeupEndsAnUnboundedOne() {
        IoUringBackend b = backend();
        assertEquals(0, b.poll(1_000_000L), "a 1 ms wait with nothing in flight returns empty");
        b.wakeup(); // before the wait: the pending eventfd READ completes at once
        assertEquals(0, b.poll(-1), "the wakeup is internal: nothing is delivered, but the wait ends");
        assertEquals(0, b.inFlight());
    }

    @Test
    void fileWriteReadFsyncStatxClose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data-\u00e9.bin");
        Completion c = recorder();
        int fd = runOne(c.prepOpenAt(OpenFlags.AT_FDCWD, file.toString(),
                OpenFlags.O_CREAT | OpenFlags.O_RDWR | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, 0644));
        assertTrue(fd >= 0, () -> "openat: " + Errno.name(fd));
        MemorySegment hello = arena.allocateFrom("hello io_uring", StandardCharsets.UTF_8);
        hello = hello.asSlice(0, hello.byteSize() - 1);
        assertEquals(14, runOne(c.prepWrite(fd, hello, 0)));
        assertEquals(0, runOne(c.prepFsync(fd, FsyncFlags.FSYNC_DATASYNC)));
        MemorySegment[] parts = {arena.allocate(6), arena.allocate(8)};
        assertEquals(14, runOne(c.prepReadv(fd, parts, 0)));
        assertEquals("hello ", new String(parts[0].toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        assertEquals("io_uring", new String(parts[1].toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        assertEquals(6, runOne(c.prepWritev(fd, new MemorySegment[] {parts[1].asSlice(0, 2), parts[0].asSlice(0, 4)},
                Completion.OFFSET_CURRENT)));
        // the file position was 0 (positional I/O does not move it); the next OFFSET_CURRENT write goes to 6
        assertEquals(2, runOne(c.prepWritev(fd, new MemorySegment[] {hello.asSlice(12, 2)}, Completion.OFFSET_CURRENT)));
        MemorySegment back = arena.allocate(32);
        assertEquals(14, runOne(c.prepRead(fd, back, 0)));
        assertEquals("iohellng_uring", new String(back.asSlice(0, 14).toArray(ValueLayout.JAVA_BYTE),
                StandardCharsets.UTF_8));
        assertEquals(0, runOne(c.prepRead(fd, back, 100)), "end of file");
        FileStat st = new FileStat();
        assertEquals(0, runOne(c.prepStatx(fd, "", OpenFlags.AT_EMPTY_PATH, st)));
        assertEquals(14, st.sizeBytes());
        assertTrue(st.isRegularFile());
        assertEquals(Files.getAttribute(file, "unix:ino"), st.inode());
        FileStat byPath = new FileStat();
        assertEquals(0, runOne(c.prepStatx(OpenFlags.AT_FDCWD, file.toString(), 0, byPath)));
        assertEquals(st.inode(), byPath.inode());
        assertEquals(Files.getLastModifiedTime(file).toInstant().toEpochMilli(), byPath.modifiedEpochNs() / 1_000_000);
        assertEquals(0, runOne(c.prepClose(fd)));
        assertEquals("iohellng_uring", Files.readString(file));
        assertEquals(-Errno.ENOENT, runOne(c.prepOpenAt(OpenFlags.AT_FDCWD, dir.resolve("missing").toString(),
                OpenFlags.O_RDONLY, 0)));
        assertEquals(-Errno.ENAMETOOLONG, runOne(c.prepOpenAt(OpenFlags.AT_FDCWD, "x".repeat(5000),
                OpenFlags.O_RDONLY, 0)));
        assertEquals(-Errno.EBADF, runOne(c.prepClose(fd)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tcpAcceptConnectSendRecv(boolean ipv6) throws Exception {
        InetAddress host = InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1");
        int lfd;
        try {
            lfd = loop.sockets().openTcpListener(new InetSocketAddress(host, 0), 16, false);
        } catch (ErrnoException e) {
            assumeTrue(!ipv6, "no IPv6 loopback: " + e.getMessage());
            throw e;
        }
        InetSocketAddress bound = loop.sockets().localAddress(lfd);
        assertEquals(host, bound.getAddress());
        assertTrue(bound.getPort() > 0);
        assertEquals(1, loop.sockets().getSocketOption(lfd, SockOpt.SO_REUSEADDR));
        int cfd = loop.sockets().openTcpSocket(ipv6);
        loop.sockets().setSocketOption(cfd, SockOpt.TCP_NODELAY, 1);
        assertEquals(1, loop.sockets().getSocketOption(cfd, SockOpt.TCP_NODELAY) != 0 ? 1 : 0);
        loop.sockets().setSocketOption(cfd, SockOpt.SO_LINGER, 3);
        assertEquals(3, loop.sockets().getSocketOption(cfd, SockOpt.SO_LINGER));

        int[] accepted = {Integer.MIN_VALUE};
        int[] connected = {Integer.MIN_VALUE};
        Completion accept = new Completion().prepAccept(lfd).callback((l, c, r) -> {
            accepted[0] = r;
            return Action.DISARM;
        });
        Completion connect = new Completion().prepConnect(cfd, bound).callback((l, c, r) -> {
            connected[0] = r;
            return Action.DISARM;
        });
        loop.submit(accept);
        loop.submit(connect);
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(0, connected[0], () -> "connect: " + Errno.name(connected[0]));
        int sfd = accepted[0];
        assertTrue(sfd >= 0, () -> "accept: " + Errno.name(sfd));
        assertEquals(loop.sockets().localAddress(cfd), loop.sockets().remoteAddress(sfd));

        Completion c = recorder();
        MemorySegment ping = arena.allocateFrom(ValueLayout.JAVA_BYTE, "ping".getBytes(StandardCharsets.US_ASCII));
        assertEquals(4, runOne(c.prepSend(cfd, ping, 0)));
        assertEquals(PollEvents.POLLIN, runOne(c.prepPoll(sfd, PollEvents.POLLIN)) & PollEvents.POLLIN);
        MemorySegment in = arena.allocate(16);
        assertEquals(4, runOne(c.prepRecv(sfd, in, 0)));
        assertEquals("ping", new String(in.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
        assertEquals(0, runOne(c.prepShutdown(cfd, ShutdownHow.SHUT_WR)));
        assertEquals(0, runOne(c.prepRecv(sfd, in, 0)), "end of stream after SHUT_WR");
        loop.sockets().closeNow(cfd);
        loop.sockets().closeNow(sfd);
        loop.sockets().closeNow(lfd);
        ErrnoException e = assertThrows(ErrnoException.class, () -> loop.sockets().closeNow(lfd));
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("close", e.syscall());
    }

    @Test
    void sendToClosedPeerGivesEpipeNotSignal() throws Exception {
        int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        int cfd = loop.sockets().openTcpSocket(false);
        Completion accept = recorder().prepAccept(lfd);
        loop.submit(accept);
        loop.submit(recorder().prepConnect(cfd, loop.sockets().localAddress(lfd)));
        loop.run(RunMode.UNTIL_DONE);
        int sfd = results.getFirst() >= 0 && results.getFirst() != 0 ? results.getFirst() : results.getLast();
        loop.sockets().setSocketOption(sfd, SockOpt.SO_LINGER, 0); // close with RST
        loop.sockets().closeNow(sfd);
        MemorySegment buf = arena.allocate(65536);
        int r = 0;
        for (int i = 0; i < 50 && r >= 0; i++) {
            r = runOne(recorder().prepSend(cfd, buf, 0));
        }
        int fin = r;
        assertTrue(fin == -Errno.EPIPE || fin == -Errno.ECONNRESET, () -> Errno.name(fin));
        loop.sockets().closeNow(cfd);
        loop.sockets().closeNow(lfd);
    }

    @Test
    void cancelPendingRecv() throws Exception {
        int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        int cfd = loop.sockets().openTcpSocket(false);
        loop.submit(recorder().prepConnect(cfd, loop.sockets().localAddress(lfd)));
        loop.run(RunMode.UNTIL_DONE);
        int[] target = {Integer.MIN_VALUE};
        int[] cancel = {Integer.MIN_VALUE};
        Completion recv = new Completion().prepRecv(cfd, arena.allocate(16), 0).callback((l, c, r) -> {
            target[0] = r;
            return Action.DISARM;
        });
        loop.submit(recv);
        loop.run(RunMode.NO_WAIT);
        assertTrue(recv.isActive());
        Completion cancelOp = new Completion().prepCancel(recv).callback((l, c, r) -> {
            cancel[0] = r;
            return Action.DISARM;
        });
        loop.submit(cancelOp);
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(-Errno.ECANCELED, target[0]);
        assertEquals(0, cancel[0]);
        loop.sockets().closeNow(cfd);
        loop.sockets().closeNow(lfd);
    }

    @Test
    void fullSubmissionQueueIsFlushedNotFailed() {
        loop.close();
        loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(8).build();
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            loop.submit(new Completion().prepNop().callback((l, c, r) -> {
                calls.incrementAndGet();
                return Action.DISARM;
            }));
        }
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(100, calls.get());
    }

    @Test
    void tenThousandNopsInOneNoWaitTurn() {
        AtomicInteger calls = new AtomicInteger();
        Completion[] cs = new Completion[10_000];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = new Completion().prepNop().callback((l, c, r) -> {
                calls.incrementAndGet();
                return Action.DISARM;
            });
            loop.submit(cs[i]);
        }
        assertEquals(10_000, loop.run(RunMode.NO_WAIT));
        assertEquals(10_000, calls.get());
        for (Completion c : cs) {
            assertFalse(c.isActive());
        }
    }

    @Test
    void closeWithOpsInFlightDeliversEachOnce() throws Exception {
        int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        int[] perOp = new int[12];
        int[] last = new int[12];
        for (int i = 0; i < 12; i++) {
            int k = i;
            Completion c = i % 3 == 0 ? new Completion().prepNop() : new Completion().prepAccept(lfd);
            loop.submit(c.callback((l, cc, r) -> {
                perOp[k]++;
                last[k] = r;
                return Action.REARM; // ignored while closing
            }));
            if (i == 5) {
                loop.run(RunMode.NO_WAIT); // some reach the kernel, the rest are still in the SQ
            }
        }
        loop.close();
        for (int i = 0; i < 12; i++) {
            if (i % 3 == 0) {
                assertTrue(perOp[i] >= 1, "NOP " + i);
            } else {
                assertEquals(1, perOp[i], "accept " + i);
                assertEquals(-Errno.ECANCELED, last[i], "accept " + i);
            }
        }
        assertEquals(0, loop.active());
    }

    @Test
    void wakeupFromAnotherThreadEndsAWait() throws Exception {
        int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        Completion accept = recorder().prepAccept(lfd); // keeps the loop waiting
        loop.submit(accept);
        CountDownLatch ran = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> loop.execute(ran::countDown));
        while (ran.getCount() > 0) {
            loop.run(RunMode.ONCE);
        }
        t.join();
        assertTrue(accept.isActive());
        loop.submit(recorder().prepCancel(accept));
        loop.run(RunMode.UNTIL_DONE);
        loop.sockets().closeNow(lfd);
    }

    @Test
    void loopBuiltOnOneThreadRunsOnAnother() throws Exception {
        for (int flags : new int[] {UringPolicy.FLAGS_SINGLE_ISSUER, UringPolicy.FLAGS_COOP,
                UringPolicy.FLAGS_PLAIN}) {
            IoUringBackend b = IoUringBackend.open(64, flags);
            b.close();
        }
        System.setProperty("zokio.uring.setup", "single");
        EventLoop other;
        try {
            other = EventLoop.builder().backend(BackendKind.IO_URING).build();
        } finally {
            System.clearProperty("zokio.uring.setup");
        }
        AtomicInteger calls = new AtomicInteger();
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 100; i++) {
                other.submit(new Completion().prepNop().callback((l, c, r) -> {
                    calls.incrementAndGet();
                    return Action.DISARM;
                }));
            }
            other.run(RunMode.UNTIL_DONE);
            other.close();
        });
        t.join();
        assertEquals(100, calls.get());
    }

    @Test
    void singleIssuerLoopClosedByAnotherThreadStillDeliversEachOnce() throws Exception {
        IoUringBackend b = IoUringBackend.open(16, UringPolicy.FLAGS_SINGLE_ISSUER);
        assumeTrue(b.ringFeatures().enabled(io.zokio.loop.uring.ffi.IoUringConstants.IORING_SETUP_SINGLE_ISSUER),
                "kernel without IORING_SETUP_SINGLE_ISSUER");
        b.close();
        System.setProperty("zokio.uring.setup", "single");
        EventLoop other;
        try {
            other = EventLoop.builder().backend(BackendKind.IO_URING).build();
        } finally {
            System.clearProperty("zokio.uring.setup");
        }
        int lfd = other.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        AtomicInteger calls = new AtomicInteger();
        int[] last = {0};
        Thread t = Thread.ofPlatform().start(() -> {
            other.submit(new Completion().prepAccept(lfd).callback((l, c, r) -> {
                calls.incrementAndGet();
                last[0] = r;
                return Action.DISARM;
            }));
            other.run(RunMode.NO_WAIT); // the accept is now in the kernel; this thread owns the ring
        });
        t.join();
        other.close(); // from the test thread: io_uring_enter says EEXIST here
        assertEquals(1, calls.get());
        assertEquals(-Errno.ECANCELED, last[0]);
        // no closeNow(lfd): closing `other` closed the listener it created (a loop releases its descriptors)
    }

    @Test
    void featuresAreReadable() {
        String s = backend().features().toString();
        assertTrue(s.contains("CQSIZE on"), s);
        assertEquals(null, UringPolicy.missing(IoUringBackend.probe()), "this kernel has every opcode we use");
        var none = new io.zokio.loop.uring.ffi.UringFeatures(true, null, List.of(), 0, new boolean[0], -1);
        assertEquals("IORING_FEAT_NODROP IORING_REGISTER_PROBE (kernel 5.11 or newer needed)",
                UringPolicy.missing(none));
        var noShutdown = new boolean[64];
        java.util.Arrays.fill(noShutdown, true);
        noShutdown[io.zokio.loop.uring.ffi.IoUringConstants.IORING_OP_SHUTDOWN] = false;
        var old = new io.zokio.loop.uring.ffi.UringFeatures(true, null, List.of(),
                io.zokio.loop.uring.ffi.IoUringConstants.IORING_FEAT_NODROP, noShutdown, 40);
        assertEquals("IORING_OP_SHUTDOWN (kernel 5.11 or newer needed)", UringPolicy.missing(old));
    }
}
