package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A virtual thread runs loop operations through submitAndAwait, on each backend. */
class IoAwaitTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path dir;

    /** A runtime on {@code kind}; the io_uring case skips, with the reason, where it cannot be opened. */
    static Runtime open(BackendKind kind, int workers) {
        try {
            return Runtime.builder().workers(workers).backend(kind).build();
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    static MemorySegment bytes(Arena arena, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment m = arena.allocate(b.length);
        MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
        return m;
    }

    static String string(MemorySegment m, int n) {
        return new String(m.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    @Timeout(20)
    void virtualThreadReadsAFile(BackendKind kind) throws Exception {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "hello, zokio");
        try (Runtime rt = open(kind, 2); Arena arena = Arena.ofShared()) {
            String got = rt.blockOn(() -> {
                int fd = rt.submitAndAwait(0, new Completion().prepOpenAt(OpenFlags.AT_FDCWD, file.toString(),
                        OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0));
                assertTrue(fd >= 0, "openat: " + fd);
                MemorySegment buf = arena.allocate(64);
                int n = rt.submitAndAwait(0, new Completion().prepRead(fd, buf, 0));
                assertEquals(0, rt.submitAndAwait(0, new Completion().prepClose(fd)));
                return string(buf, n);
            });
            assertEquals("hello, zokio", got);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    @Timeout(20)
    void tcpEchoBetweenTwoVirtualThreads(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind, 2); Arena arena = Arena.ofShared()) {
            int lfd = rt.onLoop(0, loop -> loop.sockets().openTcpListener(LOOPBACK, 16, false));
            InetSocketAddress addr = rt.onLoop(0, loop -> loop.sockets().localAddress(lfd));
            Task<Integer> server = rt.spawn(() -> {
                int cfd = rt.submitAndAwait(0, new Completion().prepAccept(lfd));
                MemorySegment buf = arena.allocate(64);
                int n = rt.submitAndAwait(0, new Completion().prepRecv(cfd, buf, 0));
                int sent = rt.submitAndAwait(0, new Completion().prepSend(cfd, buf.asSlice(0, n), 0));
                rt.submitAndAwait(0, new Completion().prepClose(cfd));
                return sent;
            });
            String echoed = rt.blockOn(() -> {
                int fd = rt.onLoop(0, loop -> loop.sockets().openTcpSocket(false));
                assertEquals(0, rt.submitAndAwait(0, new Completion().prepConnect(fd, addr)));
                MemorySegment msg = bytes(arena, "ping");
                assertEquals(4, rt.submitAndAwait(0, new Completion().prepSend(fd, msg, 0)));
                MemorySegment in = arena.allocate(64);
                int n = rt.submitAndAwait(0, new Completion().prepRecv(fd, in, 0));
                rt.submitAndAwait(0, new Completion().prepClose(fd));
                return string(in, Math.max(n, 0));
            });
            assertEquals("ping", echoed);
            assertEquals(4, server.join());
            rt.onLoop(0, loop -> {
                loop.sockets().closeNow(lfd);
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    @Timeout(20)
    void cancellingATaskCancelsItsPendingRecvOnce(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind, 2); Arena arena = Arena.ofShared()) {
            int lfd = rt.onLoop(0, loop -> loop.sockets().openTcpListener(LOOPBACK, 16, false));
            InetSocketAddress addr = rt.onLoop(0, loop -> loop.sockets().localAddress(lfd));
            int cfd = rt.blockOn(() -> {
                int fd = rt.onLoop(0, loop -> loop.sockets().openTcpSocket(false));
                assertEquals(0, rt.submitAndAwait(0, new Completion().prepConnect(fd, addr)));
                return fd;
            });
            int sfd = rt.blockOn(() -> rt.submitAndAwait(0, new Completion().prepAccept(lfd)));
            Completion recv = new Completion().prepRecv(sfd, arena.allocate(64), 0);
            AtomicInteger returns = new AtomicInteger();
            AtomicReference<Integer> result = new AtomicReference<>();
            AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Task<Object> reader = rt.spawn(() -> {
                started.countDown();
                result.set(rt.submitAndAwait(0, recv)); // nobody sends: pending until cancelled
                returns.incrementAndGet();
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                return null;
            });
            started.await();
            assertTrue(reader.cancel());
            assertFalse(reader.cancel());
            assertThrows(CancellationException.class, reader::join);
            assertEquals(1, returns.get());
            assertEquals(-Errno.ECANCELED, result.get());
            assertTrue(interruptedAfter.get());
            boolean stillActive = rt.onLoop(0, loop -> recv.isActive());
            assertFalse(stillActive);
            for (int fd : new int[] {cfd, sfd, lfd}) {
                rt.onLoop(0, loop -> {
                    loop.sockets().closeNow(fd);
                    return null;
                });
            }
        }
    }
}
