package io.zokio.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real files through the simulator, and the documented faults and short transfers. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SimFilesAndFaultsTest {
    @TempDir
    Path dir;

    private static int run(SimHarness h, Completion c) {
        h.submit(c);
        h.loop.run(RunMode.UNTIL_DONE);
        return c.result();
    }

    private static int open(SimHarness h, Path p, int flags) {
        return run(h, new Completion().prepOpenAt(OpenFlags.AT_FDCWD, p.toString(), flags, 0644));
    }

    @Test
    void aFileWrittenThenReadBackThroughTheSimulator() throws Exception {
        Path p = dir.resolve("data.txt");
        try (SimHarness h = new SimHarness(SimConfig.seeded(1))) {
            int fd = open(h, p, OpenFlags.O_CREAT | OpenFlags.O_RDWR | OpenFlags.O_TRUNC);
            assertTrue(fd >= 3, "fd " + fd);
            assertEquals(11, run(h, new Completion().prepWrite(fd, h.bytes("hello world"), 0)));
            assertEquals(6, run(h, new Completion().prepWritev(fd, new MemorySegment[] {h.bytes("!!"), h.bytes("abcd")},
                    11)));
            assertEquals(0, run(h, new Completion().prepFsync(fd, 0)));
            MemorySegment in = h.arena.allocate(64);
            assertEquals(17, run(h, new Completion().prepRead(fd, in, 0)));
            assertEquals("hello world!!abcd", SimHarness.string(in, 17));
            MemorySegment a = h.arena.allocate(5);
            MemorySegment b = h.arena.allocate(3);
            assertEquals(8, run(h, new Completion().prepReadv(fd, new MemorySegment[] {a, b}, 6)));
            assertEquals("world", SimHarness.string(a, 5));
            assertEquals("!!a", SimHarness.string(b, 3));
            assertEquals(0, run(h, new Completion().prepRead(fd, in, 100)), "end of file");
            FileStat st = new FileStat();
            assertEquals(0, run(h, new Completion().prepStatx(OpenFlags.AT_FDCWD, p.toString(), 0, st)));
            assertEquals(17, st.sizeBytes());
            assertTrue(st.isRegularFile());
            assertEquals(0, run(h, new Completion().prepClose(fd)));
            assertEquals(-Errno.EBADF, run(h, new Completion().prepRead(fd, in, 0)));
            assertEquals("hello world!!abcd", Files.readString(p), "the real file system holds the bytes");
            assertEquals(-Errno.ENOENT, open(h, dir.resolve("missing"), OpenFlags.O_RDONLY));
            assertEquals(-Errno.EEXIST, open(h, p, OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_WRONLY));
            int d = open(h, dir, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
            assertEquals(-Errno.EISDIR, run(h, new Completion().prepRead(d, in, 0)));
            int rel = run(h, new Completion().prepOpenAt(d, "data.txt", OpenFlags.O_RDONLY, 0));
            assertEquals(17, run(h, new Completion().prepRead(rel, in, 0)));
            assertTrue(h.exactlyOnce());
        }
    }

    @Test
    void cancellingAFileOperationIsTooLate() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(2))) {
            int fd = open(h, dir.resolve("f"), OpenFlags.O_CREAT | OpenFlags.O_WRONLY);
            Completion w = h.submit(new Completion().prepWrite(fd, h.bytes("abc"), 0));
            Completion cancel = h.submit(new Completion().prepCancel(w));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(3, w.result(), "performed at submit: its real result");
            assertEquals(-Errno.EALREADY, cancel.result());
        }
    }

    @Test
    void faultRateOneFailsEveryFaultableOperationAsDocumented() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(3))) {
            int fd = open(h, dir.resolve("f"), OpenFlags.O_CREAT | OpenFlags.O_RDWR);
            int l = h.loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
            int c = h.loop.sockets().openTcpSocket(false);
            run(h, new Completion().prepConnect(c, h.loop.sockets().localAddress(l)));
            int s = run(h, new Completion().prepAccept(l));
            assertTrue(s > 0);
            int c2 = h.loop.sockets().openTcpSocket(false);
            assertEquals(0, h.backend.faultsInjected());

            h.backend.setRates(1.0, 0.0);
            MemorySegment buf = h.bytes("payload");
            assertEquals(-Errno.EIO, run(h, new Completion().prepWrite(fd, buf, 0)));
            assertEquals(-Errno.EIO, run(h, new Completion().prepRead(fd, buf, 0)));
            assertEquals(-Errno.EIO, run(h, new Completion().prepFsync(fd, 0)));
            assertEquals(-Errno.EIO, run(h, new Completion().prepStatx(OpenFlags.AT_FDCWD, dir.toString(), 0,
                    new FileStat())));
            assertEquals(-Errno.EIO, open(h, dir.resolve("g"), OpenFlags.O_CREAT | OpenFlags.O_WRONLY));
            assertFalse(Files.exists(dir.resolve("g")), "a failed open touches nothing");
            assertEquals(0, Files.size(dir.resolve("f")), "a failed write touches nothing");
            assertEquals(-Errno.ECONNRESET, run(h, new Completion().prepConnect(c2, h.loop.sockets().localAddress(l))));
            assertEquals(-Errno.ECONNRESET, run(h, new Completion().prepAccept(l)));
            assertEquals(-Errno.ECONNRESET, run(h, new Completion().prepSend(c, buf, 0)));
            assertEquals(8, h.backend.faultsInjected());
            h.backend.setRates(0.0, 0.0);
            assertEquals(-Errno.ECONNRESET, run(h, new Completion().prepRecv(s, buf, 0)),
                    "the failed send reset the connection: the peer sees it");
            assertEquals(0, run(h, new Completion().prepNop()));
            h.backend.setRates(1.0, 0.0);
            assertEquals(0, run(h, new Completion().prepNop()), "NOP never fails");
            assertEquals(0, run(h, new Completion().prepClose(fd)), "CLOSE never fails");
            assertEquals(8, h.backend.faultsInjected());
        }
    }

    @Test
    void shortRateOneCutsEveryTransfer() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(4).withShortRate(1.0))) {
            int fd = open(h, dir.resolve("f"), OpenFlags.O_CREAT | OpenFlags.O_RDWR);
            MemorySegment big = h.arena.allocate(1000);
            int w = run(h, new Completion().prepWrite(fd, big, 0));
            assertTrue(w >= 1 && w < 1000, "short write " + w);
            int r = run(h, new Completion().prepRead(fd, big, 0));
            assertTrue(r >= 1 && r < w || w == 1 && r == 1, "short read " + r + " of the " + w + " it could");
            assertEquals(w, Files.size(dir.resolve("f")));
            assertTrue(h.backend.faultsInjected() >= 1);
        }
    }
}
