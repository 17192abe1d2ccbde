package io.zokio.loop.conformance;

import static io.zokio.sys.OpenFlags.O_CREAT;
import static io.zokio.sys.OpenFlags.O_DIRECTORY;
import static io.zokio.sys.OpenFlags.O_EXCL;
import static io.zokio.sys.OpenFlags.O_RDONLY;
import static io.zokio.sys.OpenFlags.O_RDWR;
import static io.zokio.sys.OpenFlags.O_TRUNC;
import static io.zokio.sys.OpenFlags.O_WRONLY;
import static io.zokio.loop.conformance.ConformanceSupport.ascii;
import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
import static io.zokio.loop.conformance.ConformanceSupport.bytes;
import static io.zokio.loop.conformance.ConformanceSupport.crc;
import static io.zokio.loop.conformance.ConformanceSupport.permissionBits;
import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.FsyncFlags;
import io.zokio.sys.Errno;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import io.zokio.loop.RunMode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link BackendConformanceTest}: file operations. Read/write at an offset and at the file position,
 * vectored I/O, fsync/fdatasync, openat flags and errors, paths (long, relative, relative to a directory
 * descriptor), statx, and misuse ({@code EBADF}, {@code EISDIR}).
 */
interface FileConformance extends ConformanceContext {

    @Test
    default void readAndWriteAtAnOffset() throws IOException {
        Path path = dir().resolve("a.bin");
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
    default void offsetCurrentUsesAndAdvancesTheFilePosition() throws IOException {
        Path path = dir().resolve("pos.bin");
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
    default void vectoredWriteAndRead() throws IOException {
        Path path = dir().resolve("v.bin");
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
    default void largeFileWriteAndVectoredReadBack() throws IOException {
        Path path = dir().resolve("big.bin");
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

    @Test
    default void appendAndTruncateFlags() throws IOException {
        Path path = dir().resolve("log.txt");
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
    default void fsyncAndFdatasync() throws IOException {
        Path path = dir().resolve("sync.bin");
        int fd = openFile(path, O_WRONLY | O_CREAT, 0644);
        assertEquals(4, await(new Completion().prepWrite(fd, segment(ascii("sync")), 0)));
        assertResult(0, await(new Completion().prepFsync(fd, 0)), "fsync");
        assertResult(0, await(new Completion().prepFsync(fd, FsyncFlags.FSYNC_DATASYNC)), "fdatasync");
        assertArrayEquals(ascii("sync"), Files.readAllBytes(path));
    }

    @Test
    default void fsyncOfADirectoryAndZeroLengthTransfers() throws IOException {
        int dfd = openFile(dir(), O_RDONLY | O_DIRECTORY, 0);
        assertResult(0, await(new Completion().prepFsync(dfd, 0)), "fsync of a directory (after creating a file)");
        Path path = dir().resolve("zero.bin");
        Files.writeString(path, "abc");
        int fd = openFile(path, O_RDWR, 0);
        MemorySegment empty = buffer(8).asSlice(0, 0);
        assertResult(0, await(new Completion().prepRead(fd, empty, 0)), "zero-length read");
        assertResult(0, await(new Completion().prepWrite(fd, empty, 0)), "zero-length write");
        assertEquals("abc", Files.readString(path));
    }

    @Test
    default void openatCreatesAndReportsENOENTAndEEXIST() throws IOException {
        Path created = dir().resolve("new.txt");
        int fd = openFile(created, O_WRONLY | O_CREAT | O_EXCL, 0600);
        assertTrue(fd >= 0);
        assertTrue(Files.isRegularFile(created));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));

        String missing = dir().resolve("missing.txt").toString();
        assertResult(-Errno.ENOENT, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, missing, O_RDONLY, 0)),
                "open of a missing file");
        assertResult(-Errno.EEXIST, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, created.toString(),
                O_WRONLY | O_CREAT | O_EXCL, 0600)), "O_CREAT|O_EXCL of an existing file");
        assertResult(-Errno.ENOTDIR, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, created.toString(),
                O_RDONLY | O_DIRECTORY, 0)), "O_DIRECTORY on a regular file");
        assertResult(-Errno.EISDIR, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, dir().toString(),
                O_WRONLY, 0)), "opening a directory for writing");
    }

    @Test
    default void openatRelativeToADirectoryDescriptor() throws IOException {
        Path sub = Files.createDirectory(dir().resolve("sub"));
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
    default void longAndRelativePaths() throws IOException {
        Path deep = dir();
        while (deep.toString().length() < 600) { // longer than any small fixed path buffer
            deep = deep.resolve("d".repeat(60));
        }
        Files.createDirectories(deep);
        Path file = deep.resolve("f.txt");
        int fd = openFile(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
        assertEquals(3, await(new Completion().prepWrite(fd, segment(ascii("abc")), 0)));
        assertEquals("abc", Files.readString(file));

        // from real paths, so that ".." means what the kernel makes of it under a symlinked directory
        Path relative = Path.of("").toRealPath().relativize(file.toRealPath());
        FileStat st = new FileStat();
        assertResult(0, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, relative.toString(), 0, st)),
                "statx of a path relative to the working directory");
        assertEquals(3, st.sizeBytes());

        int dfd = openFile(deep, O_RDONLY | O_DIRECTORY, 0);
        FileStat st2 = new FileStat();
        assertResult(0, await(new Completion().prepStatx(dfd, "f.txt", 0, st2)), "statx relative to a dirfd");
        assertEquals(3, st2.sizeBytes());

        String tooLong = dir().resolve("x".repeat(5000)).toString();
        assertResult(-Errno.ENAMETOOLONG, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, tooLong,
                O_RDONLY, 0)), "path longer than PATH_MAX");
        String longComponent = dir().resolve("y".repeat(300)).toString();
        assertResult(-Errno.ENAMETOOLONG, await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, longComponent,
                O_WRONLY | O_CREAT, 0644)), "a name longer than NAME_MAX");
        assertResult(-Errno.ENAMETOOLONG, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, tooLong, 0,
                new FileStat())), "statx of a path longer than PATH_MAX");
    }

    @Test
    default void wrongAccessModeIsEBADF() throws IOException {
        Path path = dir().resolve("mode.txt");
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
    default void readingADirectoryIsEISDIR() throws IOException {
        int dfd = openFile(dir(), O_RDONLY | O_DIRECTORY, 0);
        assertResult(-Errno.EISDIR, await(new Completion().prepRead(dfd, buffer(16), 0)), "read of a directory");
    }

    @Test
    default void closeThenUseIsEBADF() throws IOException {
        Path path = dir().resolve("closed.txt");
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
    default void operationsSubmittedBeforeACloseInTheSameTurnKeepTheirResult() throws IOException {
        Path path = dir().resolve("then-close.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        List<Completion> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(submit(new Completion().prepWrite(fd, segment(ascii(String.format("%03d|", i))), 4L * i)));
        }
        Completion close = submit(new Completion().prepClose(fd));
        untrack(fd);
        loop().run(RunMode.UNTIL_DONE);
        for (Completion w : writes) {
            rec().assertOnce(w, 4); // each write got its descriptor before the close was issued
        }
        rec().assertOnce(close, 0);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            expected.append(String.format("%03d|", i));
        }
        assertEquals(expected.toString(), Files.readString(path));
    }

    @Test
    default void statxReportsSizeTypeAndTimes() throws IOException {
        Path file = dir().resolve("s.bin");
        Files.write(file, new byte[1234]);
        FileStat st = new FileStat();
        assertResult(0, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, file.toString(), 0, st)), "statx");
        assertEquals(1234, st.sizeBytes());
        assertTrue(st.isRegularFile(), st::toString);
        assertFalse(st.isDirectory());
        assertEquals(Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS), st.modifiedEpochNs());
        assertEquals(permissionBits(file), st.mode() & 0777, "permission bits");
        assertEquals(1, st.linkCount());
        int blockSize = st.blockSizeBytes(); // 0 where the backend cannot tell
        assertTrue(blockSize == 0 || blockSize >= 512 && Integer.bitCount(blockSize) == 1, "block size " + blockSize);

        FileStat dst = new FileStat();
        assertResult(0, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, dir().toString(), 0, dst)), "statx dir");
        assertTrue(dst.isDirectory(), dst::toString);
        assertFalse(dst.isRegularFile());

        assertResult(-Errno.ENOENT, await(new Completion().prepStatx(OpenFlags.AT_FDCWD,
                dir().resolve("missing").toString(), 0, new FileStat())), "statx of a missing path");
    }

    @Test
    default void statxOfAnOpenDescriptorWithAtEmptyPath() throws IOException {
        Path file = dir().resolve("grow.bin");
        int fd = openFile(file, O_RDWR | O_CREAT, 0644);
        assertEquals(10, await(new Completion().prepWrite(fd, segment(new byte[10]), 90)));
        FileStat st = new FileStat();
        assertResult(0, await(new Completion().prepStatx(fd, "", OpenFlags.AT_EMPTY_PATH, st)), "fstat");
        assertEquals(100, st.sizeBytes());
        assertTrue(st.isRegularFile());
    }
}
