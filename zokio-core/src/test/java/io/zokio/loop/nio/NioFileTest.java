package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.FsyncFlags;
import io.zokio.sys.Errno;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import io.zokio.loop.RunMode;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class NioFileTest extends NioLoopFixture {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        open(1);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    private int openAt(int dirfd, String path, int flags, int mode) {
        return await(new Completion().prepOpenAt(dirfd, path, flags, mode));
    }

    @Test
    void openWriteFsyncReadStatClose() throws Exception {
        Path file = dir.resolve("a.txt");
        int fd = openAt(OpenFlags.AT_FDCWD, file.toString(), OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0640);
        assertTrue(fd >= 0, "openat: " + fd);
        assertEquals(11, await(new Completion().prepWrite(fd, bytes("hello world"), 0)));
        assertEquals(3, await(new Completion().prepWrite(fd, bytes("HEL"), 0)));
        assertEquals(0, await(new Completion().prepFsync(fd, 0)));
        assertEquals(0, await(new Completion().prepFsync(fd, FsyncFlags.FSYNC_DATASYNC)));

        MemorySegment in = arena.allocate(32);
        assertEquals(11, await(new Completion().prepRead(fd, in, 0)));
        assertEquals("HELlo world", string(in, 11));
        assertEquals(5, await(new Completion().prepRead(fd, in, 6)));
        assertEquals(0, await(new Completion().prepRead(fd, in, 100)), "past the end is 0 bytes");

        FileStat st = new FileStat();
        assertEquals(0, await(new Completion().prepStatx(fd, "", OpenFlags.AT_EMPTY_PATH, st)));
        assertEquals(11, st.sizeBytes());
        assertTrue(st.isRegularFile());
        assertEquals(0640, st.mode() & 0777);
        assertTrue(st.inode() != 0);
        assertEquals(1, st.linkCount());
        assertEquals(Files.getLastModifiedTime(file).toMillis(), st.modifiedEpochNs() / 1_000_000);

        assertEquals(0, await(new Completion().prepClose(fd)));
        assertEquals(-Errno.EBADF, await(new Completion().prepRead(fd, in, 0)));
        assertEquals("HELlo world", Files.readString(file));
    }

    @Test
    void currentOffsetAdvancesThePosition() throws Exception {
        Path file = dir.resolve("pos");
        Files.writeString(file, "0123456789");
        int fd = openAt(OpenFlags.AT_FDCWD, file.toString(), OpenFlags.O_RDONLY, 0);
        MemorySegment in = arena.allocate(4);
        assertEquals(4, await(new Completion().prepRead(fd, in, Completion.OFFSET_CURRENT)));
        assertEquals(4, await(new Completion().prepRead(fd, in, Completion.OFFSET_CURRENT)));
        assertEquals("4567", string(in, 4));
        assertEquals(-Errno.EBADF, await(new Completion().prepWrite(fd, bytes("x"), 0)), "read-only descriptor");
    }

    @Test
    void vectoredFileIo() throws Exception {
        int fd = openAt(OpenFlags.AT_FDCWD, dir.resolve("v").toString(), OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0600);
        assertEquals(7, await(new Completion().prepWritev(fd, new MemorySegment[] {bytes("abc"), bytes("defg")}, 0)));
        MemorySegment[] in = {arena.allocate(2), arena.allocate(10)};
        assertEquals(7, await(new Completion().prepReadv(fd, in, 0)));
        assertEquals("ab", string(in[0], 2));
        assertEquals("cdefg", string(in[1], 5));
    }

    @Test
    void openErrors() throws Exception {
        Path file = dir.resolve("exists");
        Files.writeString(file, "x");
        assertEquals(-Errno.ENOENT, openAt(OpenFlags.AT_FDCWD, dir.resolve("missing").toString(), OpenFlags.O_RDONLY, 0));
        assertEquals(-Errno.EEXIST, openAt(OpenFlags.AT_FDCWD, file.toString(),
                OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_WRONLY, 0600));
        assertEquals(-Errno.ENOTDIR, openAt(OpenFlags.AT_FDCWD, file.toString(), OpenFlags.O_DIRECTORY, 0));
        assertEquals(-Errno.ENOENT, openAt(OpenFlags.AT_FDCWD, dir.resolve("exists/child").toString()
                .replace("exists/child", "missingdir/child"), OpenFlags.O_RDONLY, 0));
        assertEquals(-Errno.EISDIR, openAt(OpenFlags.AT_FDCWD, dir.toString(), OpenFlags.O_WRONLY, 0));
        assertEquals(-Errno.EBADF, openAt(77, "relative", OpenFlags.O_RDONLY, 0));
        FileStat st = new FileStat();
        assertEquals(-Errno.ENOENT, await(new Completion().prepStatx(OpenFlags.AT_FDCWD,
                dir.resolve("missing").toString(), 0, st)));
    }

    @Test
    void permissionDeniedIsEacces() throws Exception {
        Path file = dir.resolve("locked");
        Files.writeString(file, "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(file)) {
            // root: file modes are not enforced, but a write-only sysctl refuses a read even to root
            file = Path.of("/proc/sys/vm/drop_caches");
            assumeTrue(Files.exists(file), "running as root without /proc/sys/vm/drop_caches");
        }
        assertEquals(-Errno.EACCES, openAt(OpenFlags.AT_FDCWD, file.toString(), OpenFlags.O_RDONLY, 0));
    }

    @Test
    void directoryHandleOpensAndStatsRelativePaths() throws Exception {
        Files.writeString(dir.resolve("inner"), "12345");
        int d = openAt(OpenFlags.AT_FDCWD, dir.toString(), OpenFlags.O_DIRECTORY, 0);
        assertTrue(d >= 0, "open dir: " + d);
        FileStat st = new FileStat();
        assertEquals(0, await(new Completion().prepStatx(d, "", OpenFlags.AT_EMPTY_PATH, st)));
        assertTrue(st.isDirectory());
        assertEquals(0, await(new Completion().prepStatx(d, "inner", 0, st)));
        assertEquals(5, st.sizeBytes());
        int f = openAt(d, "inner", OpenFlags.O_RDONLY, 0);
        assertTrue(f >= 0);
        MemorySegment in = arena.allocate(8);
        assertEquals(5, await(new Completion().prepRead(f, in, 0)));
        assertEquals(-Errno.ENOTDIR, openAt(f, "x", OpenFlags.O_RDONLY, 0), "a regular file is no directory");
        assertEquals(-Errno.EISDIR, await(new Completion().prepRead(d, in, 0)));
        assertEquals(0, await(new Completion().prepFsync(d, 0)));
        assertEquals(0, await(new Completion().prepClose(d)));
    }

    @Test
    void truncateAndAppend() throws Exception {
        Path file = dir.resolve("t");
        Files.writeString(file, "old contents");
        int fd = openAt(OpenFlags.AT_FDCWD, file.toString(), OpenFlags.O_WRONLY | OpenFlags.O_TRUNC, 0);
        assertEquals(0, await(new Completion().prepClose(fd)));
        assertEquals(0, Files.size(file));
        fd = openAt(OpenFlags.AT_FDCWD, file.toString(), OpenFlags.O_WRONLY | OpenFlags.O_APPEND, 0);
        await(new Completion().prepWrite(fd, bytes("ab"), Completion.OFFSET_CURRENT));
        await(new Completion().prepWrite(fd, bytes("cd"), Completion.OFFSET_CURRENT));
        assertEquals("abcd", Files.readString(file));
    }

    /** A FIFO blocks open(2) until a writer comes: it holds the single pool thread so the next op stays queued. */
    @Test
    void cancelQueuedFileOpAndRunningFileOp() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(p.waitFor() == 0, "mkfifo unavailable");
        Completion blocking = new Completion().prepOpenAt(OpenFlags.AT_FDCWD, fifo.toString(), OpenFlags.O_RDONLY, 0);
        Recorder blocked = submit(blocking);
        loop.run(RunMode.NO_WAIT); // hands it to the pool thread
        Completion queued = new Completion().prepStatx(OpenFlags.AT_FDCWD, dir.toString(), 0, new FileStat());
        Recorder queuedResult = submit(queued);
        loop.run(RunMode.NO_WAIT);
        Recorder cancelQueued = submit(new Completion().prepCancel(queued));
        runUntil(() -> cancelQueued.done() && queuedResult.done());
        assertEquals(0, cancelQueued.result);
        assertEquals(-Errno.ECANCELED, queuedResult.result);

        // the open is running (or about to be taken by the pool thread): cancelling it is EALREADY or 0
        Recorder cancelRunning = submit(new Completion().prepCancel(blocking));
        runUntil(cancelRunning::done);
        if (cancelRunning.result == -Errno.EALREADY) {
            try (OutputStream w = Files.newOutputStream(fifo)) { // lets open(O_RDONLY) return
                w.write("x".getBytes(StandardCharsets.UTF_8));
            }
            runUntil(blocked::done);
            assertTrue(blocked.result >= 0, "keeps its real result: " + blocked.result);
        } else {
            assertEquals(0, cancelRunning.result);
            runUntil(blocked::done);
            assertEquals(-Errno.ECANCELED, blocked.result);
        }
        assertEquals(1, blocked.calls);
        assertEquals(1, queuedResult.calls);
    }

    @Test
    void saturatedPoolQueuesInOverflowAndLosesNothing() throws Exception {
        Path file = dir.resolve("many");
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Files.write(file, data);
        int fd = openAt(OpenFlags.AT_FDCWD, file.toString(), OpenFlags.O_RDONLY, 0);
        int n = 2_000; // far beyond 1 thread + the pool queue
        Recorder[] rs = new Recorder[n];
        MemorySegment[] bufs = new MemorySegment[n];
        Completion[] cs = new Completion[n];
        for (int i = 0; i < n; i++) {
            bufs[i] = arena.allocate(1);
            cs[i] = new Completion().prepRead(fd, bufs[i], i % 4096);
            rs[i] = submit(cs[i]);
        }
        loop.run(RunMode.NO_WAIT);
        Recorder cancelLast = submit(new Completion().prepCancel(cs[n - 1])); // still in the overflow
        runUntil(() -> java.util.Arrays.stream(rs).allMatch(Recorder::done) && cancelLast.done());
        assertEquals(0, cancelLast.result);
        assertEquals(-Errno.ECANCELED, rs[n - 1].result);
        for (int i = 0; i < n - 1; i++) {
            assertEquals(1, rs[i].result, "read " + i);
            assertEquals(1, rs[i].calls);
            assertEquals((byte) (i % 4096), bufs[i].get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
        }
        assertEquals(0, loop.backend().inFlight());
    }

    /** close() waits for a file op that is running on the pool; it keeps its real result and is delivered once. */
    @Test
    void closeWaitsForARunningFileOp() throws Exception {
        Path fifo = dir.resolve("fifo-close");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(p.waitFor() == 0, "mkfifo unavailable");
        Recorder blocked = submit(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, fifo.toString(),
                OpenFlags.O_RDONLY, 0));
        loop.run(RunMode.NO_WAIT); // on the pool thread, blocked in open(2) until a writer comes
        Thread writer = Thread.ofPlatform().start(() -> {
            try (OutputStream w = Files.newOutputStream(fifo)) { // rendezvous with the reader's open
                w.write(1);
            } catch (java.io.IOException ignored) {
                // the reader may be closed by loop.close() before the byte goes: EPIPE is fine here
            }
        });
        loop.close();
        if (blocked.result == -Errno.ECANCELED) {
            Files.newInputStream(fifo).close(); // the op never started: release the writer ourselves
        } else {
            assertTrue(blocked.result >= 0, "real result: " + blocked.result);
        }
        writer.join();
        assertEquals(1, blocked.calls);
        loop = null;
    }
}
