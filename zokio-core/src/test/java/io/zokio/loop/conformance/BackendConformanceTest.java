package io.zokio.loop.conformance;

import static io.zokio.loop.OpenFlags.O_CREAT;
import static io.zokio.loop.OpenFlags.O_DIRECTORY;
import static io.zokio.loop.OpenFlags.O_EXCL;
import static io.zokio.loop.OpenFlags.O_RDONLY;
import static io.zokio.loop.OpenFlags.O_RDWR;
import static io.zokio.loop.OpenFlags.O_TRUNC;
import static io.zokio.loop.OpenFlags.O_WRONLY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.Errno;
import io.zokio.loop.ErrnoException;
import io.zokio.loop.EventLoop;
import io.zokio.loop.FileStat;
import io.zokio.loop.IdleMode;
import io.zokio.loop.OpenFlags;
import io.zokio.loop.RunMode;
import io.zokio.loop.SockOpt;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link io.zokio.loop.Backend} must show, written once and run against each backend by a
 * small subclass ({@link IoUringConformanceTest}, {@link NioConformanceTest}). Expectations are identical for
 * all backends: the Linux result of the same system call, as a negated errno.
 *
 * <p>The loop runs on the test thread ({@link RunMode#ONCE}, {@link RunMode#UNTIL_DONE},
 * {@link RunMode#NO_WAIT}); sockets are real, on 127.0.0.1 with ephemeral ports; files live in a
 * {@code @TempDir}. Every submission goes through a {@link CallbackRecorder}, so each test also checks that
 * every callback ran exactly once per submission (after teardown, which closes the loop, too). No test sleeps
 * or asserts a duration; each is bounded by the class {@code @Timeout}, run on a separate thread so that a
 * loop stuck in the kernel still fails the test.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class BackendConformanceTest extends LoopHarness {

    // ================================================================== basics

    @Test
    void backendIsTheOneAskedFor() {
        assertEquals(switch (kind()) {
            case IO_URING -> "io_uring";
            case NIO -> "nio";
            case AUTO -> loop.backendName();
        }, loop.backendName());
    }

    @Test
    void nopCompletesWithZero() {
        Completion nop = submit(new Completion().prepNop());
        assertEquals(1, loop.run(RunMode.UNTIL_DONE));
        rec.assertOnce(nop, 0);
        assertEquals(0, loop.active());
    }

    @Test
    void tenThousandNopsSubmittedBetweenTurnsAreDeliveredByOneNoWaitRun() {
        List<Completion> nops = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            nops.add(submit(new Completion().prepNop()));
        }
        int n = loop.run(RunMode.NO_WAIT);
        assertEquals(10_000, rec.deliveries(), "callbacks after one run(NO_WAIT)");
        assertEquals(10_000, n);
        for (Completion c : nops) {
            rec.assertOnce(c, 0);
        }
    }

    @Test
    void tenThousandNopsSubmittedInOneTurnAreDeliveredByThatNoWaitRun() {
        List<Completion> nops = new ArrayList<>();
        loop.execute(() -> {
            for (int i = 0; i < 10_000; i++) {
                nops.add(submit(new Completion().prepNop()));
            }
        });
        loop.run(RunMode.NO_WAIT);
        assertEquals(10_000, nops.size(), "the task ran in that turn");
        assertEquals(10_000, rec.deliveries(), "callbacks after one run(NO_WAIT)");
        for (Completion c : nops) {
            rec.assertOnce(c, 0);
        }
    }

    @Test
    void fullSubmissionQueueIsFlushedNotFailed() throws IOException {
        replaceLoop(EventLoop.builder().ringEntries(8));
        Path path = dir.resolve("sq.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        List<Completion> nops = new ArrayList<>();
        List<Completion> writes = new ArrayList<>();
        // submitted from inside a callback: the backend is in the middle of delivering when its queue fills up
        submit(new Completion().prepNop(), (l, c, r) -> {
            for (int i = 0; i < 500; i++) {
                nops.add(submit(new Completion().prepNop()));
                byte[] rec8 = String.format("%07d\n", i).getBytes(StandardCharsets.US_ASCII);
                writes.add(submit(new Completion().prepWrite(fd, segment(rec8), 8L * i)));
            }
            return Action.DISARM;
        });
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(500, nops.size());
        for (Completion c : nops) {
            rec.assertOnce(c, 0);
        }
        for (Completion c : writes) {
            rec.assertOnce(c, 8);
        }
        byte[] content = Files.readAllBytes(path);
        assertEquals(4000, content.length);
        for (int i = 0; i < 500; i++) {
            assertEquals(String.format("%07d\n", i), new String(content, 8 * i, 8, StandardCharsets.US_ASCII));
        }
    }

    // ================================================================== timers and cancel

    @Test
    void timeoutFiresOnceAndNotEarly() {
        long durationNs = TimeUnit.MILLISECONDS.toNanos(2);
        long[] firedAt = {-1};
        long submittedAt = loop.now();
        Completion t = submit(new Completion().prepTimeout(durationNs), (l, c, r) -> {
            firedAt[0] = l.now();
            return Action.DISARM;
        });
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(t, 0);
        assertTrue(firedAt[0] >= submittedAt + durationNs, "fired before its deadline");
    }

    @Test
    void timerFiresWhileIoIsPending() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(16), 0));
        Completion t = submit(new Completion().prepTimeout(TimeUnit.MILLISECONDS.toNanos(1)));
        runUntil(t); // the backend's wait must end at the timer's deadline
        rec.assertOnce(t, 0);
        assertEquals(0, rec.count(recv));
        Completion cancel = submit(new Completion().prepCancel(recv));
        runUntil(recv, cancel);
        rec.assertOnce(recv, -Errno.ECANCELED);
        rec.assertOnce(cancel, 0);
    }

    @Test
    void cancelOfAPendingRecvCompletesItWithECANCELEDOnce() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(64), 0));
        spin(3);
        assertEquals(0, rec.count(recv), "no data was sent");
        Completion cancel = submit(new Completion().prepCancel(recv));
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(recv, -Errno.ECANCELED);
        rec.assertOnce(cancel, 0);
        // the socket is still usable afterwards
        awaitOk(new Completion().prepSend(c.client(), segment(new byte[] {42}), 0));
        MemorySegment b = buffer(8);
        assertEquals(1, await(new Completion().prepRecv(c.server(), b, 0)));
        assertEquals(42, b.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void cancelOfAPendingAcceptCompletesItWithECANCELEDOnce() throws IOException {
        int listener = track(loop.openTcpListener(LOOPBACK_ANY_PORT, 8));
        Completion accept = submit(new Completion().prepAccept(listener));
        spin(3);
        Completion cancel = submit(new Completion().prepCancel(accept));
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(accept, -Errno.ECANCELED);
        rec.assertOnce(cancel, 0);
    }

    @Test
    void cancelOfAFinishedOperationIsENOENT() throws IOException {
        Conn c = connectPair();
        awaitOk(new Completion().prepSend(c.client(), segment("x".getBytes(StandardCharsets.US_ASCII)), 0));
        Completion recv = new Completion().prepRecv(c.server(), buffer(8), 0);
        assertEquals(1, await(recv));
        assertResult(-Errno.ENOENT, await(new Completion().prepCancel(recv)), "cancel of a finished recv");
        assertResult(-Errno.ENOENT, await(new Completion().prepCancel(new Completion().prepNop())),
                "cancel of a completion never submitted");
    }

    @Test
    void twoCancelsOfOneRecvExactlyOneWins() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(8), 0));
        spin(2);
        Completion c1 = submit(new Completion().prepCancel(recv));
        Completion c2 = submit(new Completion().prepCancel(recv));
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(recv, -Errno.ECANCELED);
        rec.assertOnce(c1);
        rec.assertOnce(c2);
        int r1 = rec.result(c1);
        int r2 = rec.result(c2);
        assertEquals(1, (r1 == 0 ? 1 : 0) + (r2 == 0 ? 1 : 0),
                "exactly one cancel wins: " + CallbackRecorder.describe(r1) + ", " + CallbackRecorder.describe(r2));
        int loser = r1 == 0 ? r2 : r1;
        assertTrue(loser == -Errno.ENOENT || loser == -Errno.EALREADY, CallbackRecorder.describe(loser));
    }

    @Test
    void cancelOfAPendingPollCompletesItWithECANCELEDOnce() throws IOException {
        Conn c = connectPair();
        Completion poll = submit(new Completion().prepPoll(c.server(), Completion.POLLIN));
        spin(2);
        Completion cancel = submit(new Completion().prepCancel(poll));
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(poll, -Errno.ECANCELED);
        rec.assertOnce(cancel, 0);
    }

    @Test
    void cancelOfATimerWinsOverItsExpiry() {
        Completion t = submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1)));
        Completion cancel = submit(new Completion().prepCancel(t));
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(t, -Errno.ECANCELED);
        rec.assertOnce(cancel, 0);
    }

    // ================================================================== files

    @Test
    void readAndWriteAtAnOffset() throws IOException {
        Path path = dir.resolve("a.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        byte[] data = "hello, zokio".getBytes(StandardCharsets.US_ASCII);
        assertEquals(data.length, await(new Completion().prepWrite(fd, segment(data), 100)));
        assertEquals(100 + data.length, Files.size(path));
        byte[] onDisk = Files.readAllBytes(path);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, onDisk[i], "the gap before the offset reads as zeros");
        }

        MemorySegment b = buffer(64);
        assertEquals(data.length, await(new Completion().prepRead(fd, b.asSlice(0, data.length), 100)));
        assertArrayEquals(data, bytes(b, data.length));
        assertEquals(data.length - 4, await(new Completion().prepRead(fd, b, 104)), "a read across EOF is short");
        assertArrayEquals("o, zokio".getBytes(StandardCharsets.US_ASCII), bytes(b, data.length - 4));
        assertEquals(0, await(new Completion().prepRead(fd, b, 10_000)), "a read at or past EOF returns 0");
    }

    @Test
    void offsetCurrentUsesAndAdvancesTheFilePosition() throws IOException {
        Path path = dir.resolve("pos.bin");
        int w = openFile(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
        long cur = Completion.OFFSET_CURRENT;
        assertEquals(3, await(new Completion().prepWrite(w, segment(ascii("abc")), cur)));
        assertEquals(3, await(new Completion().prepWrite(w, segment(ascii("def")), cur)));
        assertEquals(3, await(new Completion().prepWrite(w, segment(ascii("XYZ")), 10)), "pwrite");
        assertEquals(2, await(new Completion().prepWrite(w, segment(ascii("gh")), cur)), "position was not moved");
        byte[] expected = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0, 0, 'X', 'Y', 'Z'};
        assertArrayEquals(expected, Files.readAllBytes(path));

        int r = openFile(path, O_RDONLY, 0);
        MemorySegment b = buffer(16);
        assertEquals(4, await(new Completion().prepRead(r, b.asSlice(0, 4), cur)));
        assertArrayEquals(ascii("abcd"), bytes(b, 4));
        assertEquals(4, await(new Completion().prepRead(r, b.asSlice(0, 4), 0)), "pread");
        assertEquals(4, await(new Completion().prepRead(r, b.asSlice(0, 4), cur)));
        assertArrayEquals(ascii("efgh"), bytes(b, 4), "pread did not move the position");
        assertEquals(5, await(new Completion().prepRead(r, b, cur)));
        assertArrayEquals(new byte[] {0, 0, 'X', 'Y', 'Z'}, bytes(b, 5));
        assertEquals(0, await(new Completion().prepRead(r, b, cur)), "EOF");
    }

    @Test
    void vectoredWriteAndRead() throws IOException {
        Path path = dir.resolve("v.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        MemorySegment[] out = {segment(ascii("one-")), segment(ascii("two-")), segment(ascii("three"))};
        assertEquals(13, await(new Completion().prepWritev(fd, out, 5)));
        byte[] content = Files.readAllBytes(path);
        assertEquals("one-two-three", new String(content, 5, 13, StandardCharsets.US_ASCII));

        MemorySegment a = buffer(6);
        MemorySegment b = buffer(20);
        assertEquals(13, await(new Completion().prepReadv(fd, new MemorySegment[] {a, b}, 5)));
        assertArrayEquals(ascii("one-tw"), bytes(a, 6));
        assertArrayEquals(ascii("o-three"), bytes(b, 7));
        assertEquals(0, await(new Completion().prepReadv(fd, new MemorySegment[] {a, b}, 18)), "EOF");
    }

    @Test
    void fsyncAndFdatasync() throws IOException {
        Path path = dir.resolve("sync.bin");
        int fd = openFile(path, O_WRONLY | O_CREAT, 0644);
        assertEquals(4, await(new Completion().prepWrite(fd, segment(ascii("sync")), 0)));
        assertResult(0, await(new Completion().prepFsync(fd, 0)), "fsync");
        assertResult(0, await(new Completion().prepFsync(fd, Completion.FSYNC_DATASYNC)), "fdatasync");
        assertArrayEquals(ascii("sync"), Files.readAllBytes(path));
    }

    @Test
    void openatCreatesAndReportsENOENTAndEEXIST() throws IOException {
        Path created = dir.resolve("new.txt");
        int fd = openFile(created, O_WRONLY | O_CREAT | O_EXCL, 0600);
        assertTrue(fd >= 0);
        assertTrue(Files.isRegularFile(created));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));

        String missing = dir.resolve("missing.txt").toString();
        assertResult(-Errno.ENOENT, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, missing, O_RDONLY, 0)),
                "open of a missing file");
        assertResult(-Errno.EEXIST, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, created.toString(),
                O_WRONLY | O_CREAT | O_EXCL, 0600)), "O_CREAT|O_EXCL of an existing file");
        assertResult(-Errno.ENOTDIR, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, created.toString(),
                O_RDONLY | O_DIRECTORY, 0)), "O_DIRECTORY on a regular file");
        assertResult(-Errno.EISDIR, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, dir.toString(),
                O_WRONLY, 0)), "opening a directory for writing");
    }

    @Test
    void openatRelativeToADirectoryDescriptor() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("inner.txt"), "inner");
        int dfd = openFile(sub, O_RDONLY | O_DIRECTORY, 0);
        int fd = track(awaitOk(new Completion().prepOpenAt(dfd, "inner.txt", O_RDONLY, 0)));
        MemorySegment b = buffer(16);
        assertEquals(5, await(new Completion().prepRead(fd, b, 0)));
        assertArrayEquals(ascii("inner"), bytes(b, 5));
        assertResult(-Errno.ENOENT, await(new Completion().prepOpenAt(dfd, "nope.txt", O_RDONLY, 0)),
                "missing file relative to a directory descriptor");
    }

    @Test
    void longAndRelativePaths() throws IOException {
        Path deep = dir;
        while (deep.toString().length() < 600) { // longer than any small fixed path buffer
            deep = deep.resolve("d".repeat(60));
        }
        Files.createDirectories(deep);
        Path file = deep.resolve("f.txt");
        int fd = openFile(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
        assertEquals(3, await(new Completion().prepWrite(fd, segment(ascii("abc")), 0)));
        assertEquals("abc", Files.readString(file));

        Path relative = Path.of("").toAbsolutePath().relativize(file);
        FileStat st = new FileStat();
        assertResult(0, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, relative.toString(), 0, st)),
                "statx of a path relative to the working directory");
        assertEquals(3, st.sizeBytes());

        int dfd = openFile(deep, O_RDONLY | O_DIRECTORY, 0);
        FileStat st2 = new FileStat();
        assertResult(0, await(new Completion().prepStatx(dfd, "f.txt", 0, st2)), "statx relative to a dirfd");
        assertEquals(3, st2.sizeBytes());

        String tooLong = dir.resolve("x".repeat(5000)).toString();
        assertResult(-Errno.ENAMETOOLONG, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, tooLong,
                O_RDONLY, 0)), "path longer than PATH_MAX");
        String longComponent = dir.resolve("y".repeat(300)).toString();
        assertResult(-Errno.ENAMETOOLONG, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, longComponent,
                O_WRONLY | O_CREAT, 0644)), "a name longer than NAME_MAX");
        assertResult(-Errno.ENAMETOOLONG, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, tooLong, 0,
                new FileStat())), "statx of a path longer than PATH_MAX");
    }

    @Test
    void wrongAccessModeIsEBADF() throws IOException {
        Path path = dir.resolve("mode.txt");
        Files.writeString(path, "content");
        int ro = openFile(path, O_RDONLY, 0);
        assertResult(-Errno.EBADF, await(new Completion().prepWrite(ro, segment(ascii("x")), 0)),
                "write to a read-only descriptor");
        int wo = openFile(path, O_WRONLY, 0);
        assertResult(-Errno.EBADF, await(new Completion().prepRead(wo, buffer(8), 0)),
                "read from a write-only descriptor");
        assertEquals("content", Files.readString(path));
    }

    @Test
    void closeThenUseIsEBADF() throws IOException {
        Path path = dir.resolve("closed.txt");
        Files.writeString(path, "data");
        int fd = openFile(path, O_RDWR, 0);
        assertResult(0, await(new Completion().prepClose(fd)), "close");
        untrack(fd);
        assertResult(-Errno.EBADF, await(new Completion().prepRead(fd, buffer(8), 0)), "read after close");
        assertResult(-Errno.EBADF, await(new Completion().prepWrite(fd, segment(ascii("x")), 0)),
                "write after close");
        assertResult(-Errno.EBADF, await(new Completion().prepFsync(fd, 0)), "fsync after close");
        assertResult(-Errno.EBADF, await(new Completion().prepClose(fd)), "second close");
        assertEquals("data", Files.readString(path));
    }

    @Test
    void operationsSubmittedBeforeACloseInTheSameTurnKeepTheirResult() throws IOException {
        Path path = dir.resolve("then-close.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        List<Completion> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(submit(new Completion().prepWrite(fd, segment(ascii(String.format("%03d|", i))), 4L * i)));
        }
        Completion close = submit(new Completion().prepClose(fd));
        untrack(fd);
        loop.run(RunMode.UNTIL_DONE);
        for (Completion w : writes) {
            rec.assertOnce(w, 4); // each write got its descriptor before the close was issued
        }
        rec.assertOnce(close, 0);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            expected.append(String.format("%03d|", i));
        }
        assertEquals(expected.toString(), Files.readString(path));
    }

    @Test
    void fsyncOfADirectoryAndZeroLengthTransfers() throws IOException {
        int dfd = openFile(dir, O_RDONLY | O_DIRECTORY, 0);
        assertResult(0, await(new Completion().prepFsync(dfd, 0)), "fsync of a directory (after creating a file)");
        Path path = dir.resolve("zero.bin");
        Files.writeString(path, "abc");
        int fd = openFile(path, O_RDWR, 0);
        MemorySegment empty = buffer(8).asSlice(0, 0);
        assertResult(0, await(new Completion().prepRead(fd, empty, 0)), "zero-length read");
        assertResult(0, await(new Completion().prepWrite(fd, empty, 0)), "zero-length write");
        assertEquals("abc", Files.readString(path));
    }

    @Test
    void statxReportsSizeTypeAndTimes() throws IOException {
        Path file = dir.resolve("s.bin");
        Files.write(file, new byte[1234]);
        FileStat st = new FileStat();
        assertResult(0, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, file.toString(), 0, st)), "statx");
        assertEquals(1234, st.sizeBytes());
        assertTrue(st.isRegularFile(), st::toString);
        assertFalse(st.isDirectory());
        assertEquals(Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS), st.modifiedEpochNs());
        assertEquals(permissionBits(file), st.mode() & 0777, "permission bits");
        assertEquals(1, st.linkCount());

        FileStat dst = new FileStat();
        assertResult(0, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, dir.toString(), 0, dst)), "statx dir");
        assertTrue(dst.isDirectory(), dst::toString);
        assertFalse(dst.isRegularFile());

        assertResult(-Errno.ENOENT, await(new Completion().prepStatx(OpenFlags.AT_FDCWD,
                dir.resolve("missing").toString(), 0, new FileStat())), "statx of a missing path");
    }

    @Test
    void statxOfAnOpenDescriptorWithAtEmptyPath() throws IOException {
        Path file = dir.resolve("grow.bin");
        int fd = openFile(file, O_RDWR | O_CREAT, 0644);
        assertEquals(10, await(new Completion().prepWrite(fd, segment(new byte[10]), 90)));
        FileStat st = new FileStat();
        assertResult(0, await(new Completion().prepStatx(fd, "", OpenFlags.AT_EMPTY_PATH, st)), "fstat");
        assertEquals(100, st.sizeBytes());
        assertTrue(st.isRegularFile());
    }

    // ================================================================== sockets

    @Test
    void acceptConnectSendRecvWithChecksum() throws IOException {
        Conn c = connectPair();
        assertEquals(loop.localAddress(c.client()), loop.remoteAddress(c.server()));
        assertEquals(loop.localAddress(c.server()), loop.remoteAddress(c.client()));
        assertEquals(loop.localAddress(c.listener()).getPort(), loop.remoteAddress(c.client()).getPort());

        byte[] data = random(256 * 1024, 1);
        byte[] got = transfer(c.client(), c.server(), data, 16 * 1024);
        assertEquals(crc(data), crc(got));
        assertArrayEquals(data, got);

        byte[] back = ascii("and back");
        assertArrayEquals(back, transfer(c.server(), c.client(), back, 64));
    }

    @Test
    void largeTransferWithPartialWritesLooped() throws IOException {
        Conn c = connectPair();
        loop.setSocketOption(c.client(), SockOpt.SO_SNDBUF, 64 * 1024);
        loop.setSocketOption(c.server(), SockOpt.SO_RCVBUF, 64 * 1024);
        byte[] data = random(4 * 1024 * 1024, 2);
        byte[] got = transfer(c.client(), c.server(), data, 64 * 1024);
        assertEquals(crc(data), crc(got), "checksum of 4 MiB");
    }

    @Test
    void severalPendingAcceptsEachGetOneConnection() throws IOException {
        int listener = track(loop.openTcpListener(LOOPBACK_ANY_PORT, 16));
        InetSocketAddress address = loop.localAddress(listener);
        List<Completion> accepts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepts.add(submit(new Completion().prepAccept(listener)));
        }
        spin(2);
        List<Completion> connects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            connects.add(submit(new Completion().prepConnect(track(loop.openTcpSocket(false)), address)));
        }
        loop.run(RunMode.UNTIL_DONE);
        List<Integer> fds = new ArrayList<>();
        for (Completion a : accepts) {
            rec.assertOnce(a);
            assertTrue(rec.result(a) >= 0, CallbackRecorder.describe(rec.result(a)));
            fds.add(track(rec.result(a)));
        }
        for (Completion c : connects) {
            rec.assertOnce(c, 0);
        }
        assertEquals(5, fds.stream().distinct().count());
    }

    @Test
    void shutdownReadMakesRecvReturnZero() throws IOException {
        Conn c = connectPair();
        assertResult(0, await(new Completion().prepShutdown(c.server(), Completion.SHUT_RD)), "shutdown(SHUT_RD)");
        assertResult(0, await(new Completion().prepRecv(c.server(), buffer(16), 0)), "recv after SHUT_RD");
        // writing still works in that direction
        byte[] msg = ascii("still writable");
        assertArrayEquals(msg, transfer(c.server(), c.client(), msg, 64));
    }

    @Test
    void recvWithMsgPeekLeavesTheDataInTheSocket() throws IOException {
        Conn c = connectPair();
        final int msgPeek = 0x2;
        awaitOk(new Completion().prepSend(c.client(), segment(ascii("peekaboo")), 0));
        MemorySegment b = buffer(16);
        int peeked = await(new Completion().prepRecv(c.server(), b, msgPeek));
        assertTrue(peeked >= 1 && peeked <= 8, "peeked " + peeked);
        assertArrayEquals(java.util.Arrays.copyOf(ascii("peekaboo"), peeked), bytes(b, peeked));
        // the peeked bytes are still there: a recv that must not wait (so a lost byte fails fast) reads them again
        MemorySegment again = buffer(16);
        int n = await(new Completion().prepRecv(c.server(), again, 0x40 /* MSG_DONTWAIT */));
        assertTrue(n >= peeked, "after peeking " + peeked + " bytes, recv got " + CallbackRecorder.describe(n));
        assertArrayEquals(java.util.Arrays.copyOf(ascii("peekaboo"), n), bytes(again, n));
    }

    @Test
    void recvReturnsZeroAtEndOfStream() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(64), 0));
        spin(2);
        assertResult(0, await(new Completion().prepClose(c.client())), "close");
        untrack(c.client());
        runUntil(recv);
        rec.assertOnce(recv, 0);
        assertResult(0, await(new Completion().prepRecv(c.server(), buffer(64), 0)), "recv after EOF");
    }

    @Test
    void connectToAClosedPortIsECONNREFUSED() throws IOException {
        int listener = loop.openTcpListener(LOOPBACK_ANY_PORT, 1);
        InetSocketAddress address = loop.localAddress(listener);
        loop.closeNow(listener);
        int client = track(loop.openTcpSocket(false));
        assertResult(-Errno.ECONNREFUSED, await(new Completion().prepConnect(client, address)),
                "connect to " + address);
    }

    @Test
    void connectTwiceIsEISCONN() throws IOException {
        Conn c = connectPair();
        InetSocketAddress address = loop.localAddress(c.listener());
        assertResult(-Errno.EISCONN, await(new Completion().prepConnect(c.client(), address)), "second connect");
    }

    @Test
    void peerResetIsECONNRESET() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(64), 0));
        spin(2);
        loop.setSocketOption(c.client(), SockOpt.SO_LINGER, 0); // close sends RST
        loop.closeNow(c.client());
        untrack(c.client());
        runUntil(recv);
        rec.assertOnce(recv, -Errno.ECONNRESET);
    }

    @Test
    void shutdownWriteIsEndOfStreamForThePeerAndHalfClose() throws IOException {
        Conn c = connectPair();
        assertResult(0, await(new Completion().prepShutdown(c.client(), Completion.SHUT_WR)), "shutdown");
        assertResult(0, await(new Completion().prepRecv(c.server(), buffer(64), 0)), "peer reads EOF");
        // the other direction still works
        byte[] pong = ascii("pong");
        assertArrayEquals(pong, transfer(c.server(), c.client(), pong, 64));
        assertResult(-Errno.EPIPE, await(new Completion().prepSend(c.client(), segment(ascii("late")), 0)),
                "send after SHUT_WR");
    }

    @Test
    void unconnectedSocketIsENOTCONN() throws IOException {
        int s = track(loop.openTcpSocket(false));
        assertResult(-Errno.ENOTCONN, await(new Completion().prepRecv(s, buffer(16), 0)), "recv");
        assertResult(-Errno.ENOTCONN, await(new Completion().prepShutdown(s, Completion.SHUT_WR)), "shutdown");
    }

    @Test
    void closedSocketIsEBADF() throws IOException {
        Conn c = connectPair();
        int s = c.server();
        assertResult(0, await(new Completion().prepClose(s)), "close");
        untrack(s);
        assertResult(-Errno.EBADF, await(new Completion().prepRecv(s, buffer(16), 0)), "recv");
        assertResult(-Errno.EBADF, await(new Completion().prepSend(s, segment(ascii("x")), 0)), "send");
        assertResult(-Errno.EBADF, await(new Completion().prepShutdown(s, Completion.SHUT_RDWR)), "shutdown");
        assertResult(-Errno.EBADF, await(new Completion().prepPoll(s, Completion.POLLIN)), "poll");
        int l = c.listener();
        assertResult(0, await(new Completion().prepClose(l)), "close listener");
        untrack(l);
        assertResult(-Errno.EBADF, await(new Completion().prepAccept(l)), "accept");
    }

    @Test
    void pollReportsWritableAndWaitsForReadable() throws IOException {
        Conn c = connectPair();
        int out = await(new Completion().prepPoll(c.client(), Completion.POLLOUT));
        assertNotEquals(0, out & Completion.POLLOUT, "connected socket is writable: " + out);

        Completion in = submit(new Completion().prepPoll(c.server(), Completion.POLLIN));
        spin(3);
        assertEquals(0, rec.count(in), "nothing to read yet");
        awaitOk(new Completion().prepSend(c.client(), segment(ascii("ping")), 0));
        runUntil(in);
        rec.assertOnce(in);
        assertNotEquals(0, rec.result(in) & Completion.POLLIN, "readable: " + rec.result(in));
        assertEquals(0, rec.result(in) & Completion.POLLOUT, "only requested events (and ERR/HUP) are reported");
        assertEquals(4, await(new Completion().prepRecv(c.server(), buffer(16), 0)));
    }

    @Test
    void pollOnAListenerWaitsForAConnection() throws IOException {
        int listener = track(loop.openTcpListener(LOOPBACK_ANY_PORT, 8));
        Completion in = submit(new Completion().prepPoll(listener, Completion.POLLIN));
        spin(3);
        assertEquals(0, rec.count(in));
        int client = track(loop.openTcpSocket(false));
        Completion connect = submit(new Completion().prepConnect(client, loop.localAddress(listener)));
        runUntil(in, connect);
        rec.assertOnce(connect, 0);
        assertNotEquals(0, rec.result(in) & Completion.POLLIN, "pending connection: " + rec.result(in));
        track(awaitOk(new Completion().prepAccept(listener)));
    }

    @Test
    void pollSeesPeerClose() throws IOException {
        Conn c = connectPair();
        Completion in = submit(new Completion().prepPoll(c.server(), Completion.POLLIN));
        spin(2);
        loop.closeNow(c.client());
        untrack(c.client());
        runUntil(in);
        assertNotEquals(0, rec.result(in) & (Completion.POLLIN | Completion.POLLHUP | Completion.POLLRDHUP),
                "peer close wakes a POLLIN poll: " + rec.result(in));
    }

    @Test
    void readAndWriteOpsWorkOnSockets() throws IOException {
        Conn c = connectPair();
        byte[] msg = ascii("via read/write");
        assertEquals(msg.length, await(new Completion().prepWrite(c.client(), segment(msg), Completion.OFFSET_CURRENT)));
        MemorySegment b = buffer(64);
        assertEquals(msg.length, await(new Completion().prepRead(c.server(), b, Completion.OFFSET_CURRENT)));
        assertArrayEquals(msg, bytes(b, msg.length));
        MemorySegment[] parts = {segment(ascii("ab")), segment(ascii("cd"))};
        assertEquals(4, await(new Completion().prepWritev(c.server(), parts, Completion.OFFSET_CURRENT)));
        MemorySegment x = buffer(1);
        MemorySegment y = buffer(8);
        int n = await(new Completion().prepReadv(c.client(), new MemorySegment[] {x, y}, Completion.OFFSET_CURRENT));
        assertTrue(n >= 1 && n <= 4, "readv got " + n);
        assertEquals('a', x.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void recvWithMsgDontWaitIsEAGAINWhenNothingIsThere() throws IOException {
        Conn c = connectPair();
        final int msgDontWait = 0x40;
        assertResult(-Errno.EAGAIN, await(new Completion().prepRecv(c.server(), buffer(16), msgDontWait)),
                "recv(MSG_DONTWAIT) without data");
        awaitOk(new Completion().prepSend(c.client(), segment(ascii("now")), 0));
        // once data is there, a waiting recv sees it; then MSG_DONTWAIT reads what is left without waiting
        assertEquals(1, await(new Completion().prepRecv(c.server(), buffer(1), 0)));
        MemorySegment b = buffer(16);
        assertEquals(2, await(new Completion().prepRecv(c.server(), b, msgDontWait)));
        assertArrayEquals(ascii("ow"), bytes(b, 2));
    }

    @Test
    void manyConnectionsThroughARearmedAccept() throws IOException {
        final int n = 20;
        int listener = track(loop.openTcpListener(LOOPBACK_ANY_PORT, 64));
        InetSocketAddress address = loop.localAddress(listener);
        List<Integer> accepted = new ArrayList<>();
        int[] acceptErrors = {0};
        Completion accept = submit(new Completion().prepAccept(listener), (l, c, r) -> {
            if (r < 0) {
                acceptErrors[0] = r;
                return Action.DISARM;
            }
            accepted.add(track(r));
            return accepted.size() < n ? Action.REARM : Action.DISARM;
        });
        List<Completion> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int client = track(loop.openTcpSocket(false));
            int id = i;
            submit(new Completion().prepConnect(client, address), (l, c, r) -> {
                if (r == 0) {
                    sends.add(submit(new Completion().prepSend(client, segment(new byte[] {(byte) id}), 0)));
                }
                return Action.DISARM;
            });
        }
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(0, acceptErrors[0], () -> "accept failed: " + CallbackRecorder.describe(acceptErrors[0]));
        assertEquals(n, rec.count(accept), "one callback per accepted connection");
        assertEquals(n, sends.size(), "every connect succeeded");
        for (Completion s : sends) {
            rec.assertOnce(s, 1);
        }
        assertEquals(n, accepted.stream().distinct().count(), "distinct descriptors");
        boolean[] seen = new boolean[n];
        for (int fd : accepted) {
            MemorySegment b = buffer(1);
            assertEquals(1, await(new Completion().prepRecv(fd, b, 0)));
            int id = b.get(ValueLayout.JAVA_BYTE, 0);
            assertFalse(seen[id], "each client's byte arrives once");
            seen[id] = true;
        }
    }

    @Test
    void socketOptionsRoundTrip() throws IOException {
        Conn c = connectPair();
        loop.setSocketOption(c.client(), SockOpt.TCP_NODELAY, 1);
        assertNotEquals(0, loop.getSocketOption(c.client(), SockOpt.TCP_NODELAY));
        loop.setSocketOption(c.client(), SockOpt.TCP_NODELAY, 0);
        assertEquals(0, loop.getSocketOption(c.client(), SockOpt.TCP_NODELAY));
        loop.setSocketOption(c.server(), SockOpt.SO_KEEPALIVE, 1);
        assertNotEquals(0, loop.getSocketOption(c.server(), SockOpt.SO_KEEPALIVE));
        assertNotEquals(0, loop.getSocketOption(c.listener(), SockOpt.SO_REUSEADDR), "listeners reuse addresses");
        loop.setSocketOption(c.client(), SockOpt.SO_SNDBUF, 64 * 1024);
        assertTrue(loop.getSocketOption(c.client(), SockOpt.SO_SNDBUF) >= 64 * 1024);
        assertTrue(loop.getSocketOption(c.server(), SockOpt.SO_LINGER) < 0, "lingering is off by default");
        loop.setSocketOption(c.server(), SockOpt.SO_LINGER, 5);
        assertEquals(5, loop.getSocketOption(c.server(), SockOpt.SO_LINGER));
        loop.setSocketOption(c.server(), SockOpt.SO_LINGER, -1);
        assertTrue(loop.getSocketOption(c.server(), SockOpt.SO_LINGER) < 0, "negative turns lingering off");
    }

    @Test
    void synchronousHelpersReportErrnoExceptions() throws IOException {
        int listener = track(loop.openTcpListener(LOOPBACK_ANY_PORT, 4));
        InetSocketAddress address = loop.localAddress(listener);
        ErrnoException inUse = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                () -> loop.openTcpListener(address, 4));
        assertEquals(Errno.EADDRINUSE, inUse.errno(), inUse.getMessage());

        int s = loop.openTcpSocket(false);
        loop.closeNow(s);
        ErrnoException badf = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                () -> loop.closeNow(s));
        assertEquals(Errno.EBADF, badf.errno(), badf.getMessage());
    }

    @Test
    void cancelRacingARecvExactlyOneWins() throws IOException {
        Conn c = connectPair();
        MemorySegment one = segment(new byte[] {7});
        int sent = 0;
        int received = 0;
        for (int i = 0; i < 300; i++) {
            int mode = i % 3; // 0: data already there, 1: data sent in the same turn, 2: no data
            if (mode == 0) {
                awaitOk(new Completion().prepSend(c.client(), one, 0));
                sent++;
            }
            int outstandingBefore = sent - received;
            Completion recv = submit(new Completion().prepRecv(c.server(), buffer(1), 0));
            Completion send = null;
            if (mode == 1) {
                send = submit(new Completion().prepSend(c.client(), one, 0));
                sent++;
            }
            Completion cancel = submit(new Completion().prepCancel(recv));
            if (send == null) {
                runUntil(recv, cancel);
            } else {
                runUntil(recv, cancel, send);
                rec.assertOnce(send, 1);
            }
            rec.assertOnce(recv);
            rec.assertOnce(cancel);
            int rr = rec.result(recv);
            int cr = rec.result(cancel);
            if (rr == -Errno.ECANCELED) {
                assertResult(0, cr, "iteration " + i + ": the recv was cancelled, so the cancel won");
            } else {
                assertResult(1, rr, "iteration " + i + ": recv");
                assertTrue(cr == -Errno.ENOENT || cr == -Errno.EALREADY,
                        "iteration " + i + ": the recv won, the cancel must fail, was " + CallbackRecorder.describe(cr));
                received++;
            }
            if (mode == 2 && outstandingBefore == 0) {
                assertResult(-Errno.ECANCELED, rr, "iteration " + i + ": no data, so the cancel must win");
            }
        }
        while (received < sent) { // nothing was lost: the bytes of cancelled recvs are still in the socket
            assertEquals(1, await(new Completion().prepRecv(c.server(), buffer(1), 0)));
            received++;
        }
    }

    @Test
    void cancelRacingFileReadsExactlyOneWins() throws IOException {
        Path path = dir.resolve("race.bin");
        Files.write(path, random(64 * 1024, 3));
        int fd = openFile(path, O_RDONLY, 0);
        List<Completion[]> pairs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Completion read = submit(new Completion().prepRead(fd, buffer(4096), 4096L * (i % 16)));
            pairs.add(new Completion[] {read, submit(new Completion().prepCancel(read))});
        }
        loop.run(RunMode.UNTIL_DONE);
        for (Completion[] p : pairs) {
            rec.assertOnce(p[0]);
            rec.assertOnce(p[1]);
            int rr = rec.result(p[0]);
            int cr = rec.result(p[1]);
            if (rr == -Errno.ECANCELED) {
                assertResult(0, cr, "the read was cancelled, so the cancel won");
            } else {
                assertResult(4096, rr, "read");
                assertTrue(cr == -Errno.ENOENT || cr == -Errno.EALREADY,
                        "the read won, the cancel must fail, was " + CallbackRecorder.describe(cr));
            }
        }
    }

    @Test
    void closeWithFileOperationsInFlightDeliversEachExactlyOnce() throws IOException {
        Path path = dir.resolve("close.bin");
        Files.write(path, random(256 * 1024, 4));
        int fd = openFile(path, O_RDONLY, 0);
        List<Completion> reads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            reads.add(submit(new Completion().prepRead(fd, buffer(64 * 1024), 64L * 1024 * (i % 4))));
        }
        loop.run(RunMode.NO_WAIT);
        loop.close();
        for (Completion r : reads) {
            rec.assertOnce(r);
            int res = rec.result(r);
            assertTrue(res == 64 * 1024 || res == -Errno.ECANCELED,
                    "a read ends with its real result or -ECANCELED: " + CallbackRecorder.describe(res));
        }
    }

    @Test
    void appendAndTruncateFlags() throws IOException {
        Path path = dir.resolve("log.txt");
        Files.writeString(path, "old content");
        int t = openFile(path, O_WRONLY | O_TRUNC, 0);
        assertEquals(0, Files.size(path), "O_TRUNC empties the file");
        assertEquals(5, await(new Completion().prepWrite(t, segment(ascii("first")), Completion.OFFSET_CURRENT)));
        int a = openFile(path, O_WRONLY | OpenFlags.O_APPEND, 0);
        assertEquals(1, await(new Completion().prepWrite(a, segment(ascii("+")), Completion.OFFSET_CURRENT)));
        assertEquals(2, await(new Completion().prepWrite(t, segment(ascii("!!")), Completion.OFFSET_CURRENT)),
                "the other descriptor keeps its own position");
        assertEquals(4, await(new Completion().prepWrite(a, segment(ascii("tail")), Completion.OFFSET_CURRENT)));
        assertEquals("first!!tail", Files.readString(path));
    }

    @Test
    void readingADirectoryIsEISDIR() throws IOException {
        int dfd = openFile(dir, O_RDONLY | O_DIRECTORY, 0);
        assertResult(-Errno.EISDIR, await(new Completion().prepRead(dfd, buffer(16), 0)), "read of a directory");
    }

    @Test
    void largeFileWriteAndVectoredReadBack() throws IOException {
        Path path = dir.resolve("big.bin");
        byte[] data = random(1024 * 1024, 5);
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        assertEquals(data.length, await(new Completion().prepWrite(fd, segment(data), 0)));
        MemorySegment[] parts = new MemorySegment[64];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = buffer(data.length / parts.length);
        }
        assertEquals(data.length, await(new Completion().prepReadv(fd, parts, 0)));
        byte[] got = new byte[data.length];
        for (int i = 0; i < parts.length; i++) {
            byte[] p = bytes(parts[i], parts[i].byteSize());
            System.arraycopy(p, 0, got, i * p.length, p.length);
        }
        assertEquals(crc(data), crc(got));
        assertEquals(crc(data), crc(Files.readAllBytes(path)));
    }

    // ================================================================== loop-wide behaviour

    @Test
    void closeWithOperationsPendingDeliversEachExactlyOnce() throws IOException {
        List<Completion> pending = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Conn c = connectPair();
            pending.add(submit(new Completion().prepRecv(c.server(), buffer(64), 0)));
            pending.add(submit(new Completion().prepRecv(c.client(), buffer(64), 0)));
            pending.add(submit(new Completion().prepPoll(c.server(), Completion.POLLIN)));
            pending.add(submit(new Completion().prepAccept(c.listener())));
        }
        pending.add(submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1))));
        spin(3);
        for (Completion p : pending) {
            assertEquals(0, rec.count(p), "still pending before close: " + p);
        }
        Completion queuedNop = submit(new Completion().prepNop()); // submitted, not yet seen by the backend
        loop.close();
        for (Completion p : pending) {
            rec.assertOnce(p, -Errno.ECANCELED);
        }
        rec.assertOnce(queuedNop);
        assertEquals(0, loop.active());
        rec.assertAllDelivered();
    }

    @Test
    void moreOperationsInFlightThanRingEntries() throws IOException {
        replaceLoop(EventLoop.builder().ringEntries(8));
        final int n = 40;
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            conns.add(connectPair());
        }
        List<Completion> recvs = new ArrayList<>();
        List<MemorySegment> bufs = new ArrayList<>();
        for (Conn c : conns) {
            MemorySegment b = buffer(8);
            bufs.add(b);
            recvs.add(submit(new Completion().prepRecv(c.server(), b, 0)));
        }
        spin(3);
        for (Completion r : recvs) {
            assertEquals(0, rec.count(r), "no data yet");
        }
        List<Completion> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sends.add(submit(new Completion().prepSend(conns.get(i).client(), segment(new byte[] {(byte) i}), 0)));
        }
        loop.run(RunMode.UNTIL_DONE); // 80 completions arrive together: more than the completion queue holds
        for (int i = 0; i < n; i++) {
            rec.assertOnce(sends.get(i), 1);
            rec.assertOnce(recvs.get(i), 1);
            assertEquals(i, bufs.get(i).get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void throwingCallbacksDoNotLoseTheRestOfTheBatch() {
        List<Completion> nops = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int k = i;
            nops.add(submit(new Completion().prepNop(), (l, c, r) -> {
                if (k % 10 == 0) {
                    throw new IllegalStateException("callback failure " + k + " (expected by the test)");
                }
                return Action.DISARM;
            }));
        }
        loop.run(RunMode.UNTIL_DONE);
        for (Completion c : nops) {
            rec.assertOnce(c, 0);
        }
        assertEquals(10, loop.callbackFailures());
    }

    @Test
    void closeFromInsideACallbackDeliversEverythingOnce() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(8), 0));
        Completion timer = submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1)));
        Completion accept = submit(new Completion().prepAccept(c.listener()));
        spin(2);
        Completion closer = submit(new Completion().prepNop(), (l, cc, r) -> {
            l.close();
            return Action.REARM; // ignored: the loop is closed
        });
        loop.run(RunMode.UNTIL_DONE);
        assertTrue(loop.isClosed());
        rec.assertOnce(closer, 0);
        rec.assertOnce(recv, -Errno.ECANCELED);
        rec.assertOnce(timer, -Errno.ECANCELED);
        rec.assertOnce(accept, -Errno.ECANCELED);
        assertEquals(0, loop.active());
    }

    @Test
    void executeFromAnotherThreadWakesTheBlockedLoop() throws Exception {
        replaceLoop(EventLoop.builder().idleMode(IdleMode.POWER_SAVE)); // block in the kernel at once
        Conn c = connectPair();
        // a recv that never completes keeps the loop waiting without a deadline
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(16), 0));
        final int rounds = 200;
        Semaphore next = new Semaphore(0);
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Thread> wrongThread = new AtomicReference<>();
        Thread loopThread = Thread.currentThread();
        List<Completion> cancel = new ArrayList<>();
        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            for (int i = 0; i < rounds; i++) {
                next.acquireUninterruptibly();
                loop.execute(() -> {
                    if (Thread.currentThread() != loopThread) {
                        wrongThread.set(Thread.currentThread());
                    }
                    if (ran.incrementAndGet() < rounds) {
                        next.release(); // the loop goes back to waiting; the producer races it
                    } else {
                        cancel.add(submit(new Completion().prepCancel(recv)));
                    }
                });
            }
        });
        next.release();
        loop.run(RunMode.UNTIL_DONE);
        producer.join();
        assertEquals(rounds, ran.get());
        assertSame(null, wrongThread.get(), "tasks run on the loop thread");
        rec.assertOnce(recv, -Errno.ECANCELED);
        rec.assertOnce(cancel.getFirst(), 0);
    }

    @Test
    void stopFromAnotherThreadEndsRun() throws Exception {
        replaceLoop(EventLoop.builder().idleMode(IdleMode.POWER_SAVE));
        Completion t = submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1)));
        Semaphore started = new Semaphore(0);
        submit(new Completion().prepNop(), (l, cc, r) -> {
            started.release();
            return Action.DISARM;
        });
        Thread stopper = Thread.ofPlatform().start(() -> {
            started.acquireUninterruptibly();
            loop.stop();
        });
        loop.run(RunMode.UNTIL_DONE); // returns only because of stop(): the timer is an hour away
        stopper.join();
        assertEquals(0, rec.count(t));
        assertTrue(t.isActive());
    }

    @Test
    void executeFromManyThreadsRunsEveryTaskOnceWhileIoIsPending() throws Exception {
        replaceLoop(EventLoop.builder().idleMode(IdleMode.POWER_SAVE));
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(16), 0));
        final int threads = 4;
        final int perThread = 5_000;
        int[] ran = new int[threads * perThread];
        int[] total = {0};
        Thread loopThread = Thread.currentThread();
        AtomicReference<Thread> wrongThread = new AtomicReference<>();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    int id = base + i;
                    loop.execute(() -> {
                        if (Thread.currentThread() != loopThread) {
                            wrongThread.set(Thread.currentThread());
                        }
                        ran[id]++;
                        if (++total[0] == threads * perThread) {
                            submit(new Completion().prepCancel(recv));
                        }
                    });
                }
            }));
        }
        loop.run(RunMode.UNTIL_DONE);
        for (Thread p : producers) {
            p.join();
        }
        assertSame(null, wrongThread.get());
        for (int i = 0; i < ran.length; i++) {
            assertEquals(1, ran[i], "task " + i);
        }
        rec.assertOnce(recv, -Errno.ECANCELED);
    }

    // ================================================================== helpers

    /**
     * Sends {@code data} from {@code from} (looping on short sends) while receiving it on {@code to} in chunks
     * of {@code chunk} bytes; both sides are in flight at once. Returns what was received.
     */
    protected final byte[] transfer(int from, int to, byte[] data, int chunk) {
        MemorySegment src = segment(data);
        MemorySegment dst = buffer(Math.max(1, data.length));
        MemorySegment recvBuf = buffer(chunk);
        long[] sent = {0};
        long[] received = {0};
        int[] errors = {0};
        Completion send = new Completion();
        Completion recv = new Completion();
        submit(send.prepSend(from, src, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion c, int r) {
                if (r <= 0) {
                    errors[0] = r == 0 ? -Errno.EIO : r;
                    return Action.DISARM;
                }
                sent[0] += r;
                if (sent[0] < data.length) {
                    submit(c.prepSend(from, src.asSlice(sent[0]), 0), this);
                }
                return Action.DISARM;
            }
        });
        submit(recv.prepRecv(to, recvBuf, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion c, int r) {
                if (r <= 0) {
                    errors[0] = r == 0 ? -Errno.EIO : r;
                    return Action.DISARM;
                }
                MemorySegment.copy(recvBuf, 0, dst, received[0], r);
                received[0] += r;
                if (received[0] < data.length) {
                    long want = Math.min(chunk, data.length - received[0]);
                    submit(c.prepRecv(to, recvBuf.asSlice(0, want), 0), this);
                }
                return Action.DISARM;
            }
        });
        while (errors[0] == 0 && !(rec.done(send) && rec.done(recv))) {
            loop.run(RunMode.ONCE);
        }
        assertEquals(0, errors[0], () -> "transfer failed: " + CallbackRecorder.describe(errors[0])
                + " after sending " + sent[0] + " and receiving " + received[0] + " of " + data.length);
        assertEquals(data.length, sent[0]);
        assertEquals(data.length, received[0]);
        return bytes(dst, data.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) rnd.nextInt();
        }
        return b;
    }

    private static int permissionBits(Path p) throws IOException {
        int bits = 0;
        for (var perm : Files.getPosixFilePermissions(p)) {
            bits |= 1 << (8 - perm.ordinal());
        }
        return bits;
    }
}
