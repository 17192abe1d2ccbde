package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.FallocateFlags;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * File and path operations of the NIO backend at the edges of what it emulates: fallocate modes it cannot do,
 * ftruncate that grows a file, rename onto a non-empty directory, and an absolute path given with a directory
 * descriptor (which openat ignores), O_APPEND on a read-only open.
 */
@Timeout(20)
class NioFilePathEdgeCasesTest extends NioLoopFixture {
    /** FALLOC_FL_PUNCH_HOLE, which NIO cannot do. */
    private static final int PUNCH_HOLE = 0x02;

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

    private int open(Path p, int flags) {
        int fd = await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, p.toString(), flags, 0644));
        assertTrue(fd >= 0, "openat " + p + ": " + fd);
        return fd;
    }

    @Test
    void fallocateModesOtherThanKeepSizeAreNotSupported() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "0123456789");
        int fd = open(f, OpenFlags.O_RDWR);
        assertEquals(-Errno.EOPNOTSUPP,
                await(new Completion().prepFallocate(fd, PUNCH_HOLE | FallocateFlags.FALLOC_FL_KEEP_SIZE, 0, 4)));
        assertEquals(0, await(new Completion().prepFallocate(fd, FallocateFlags.FALLOC_FL_KEEP_SIZE, 0, 100)));
        assertEquals(10, Files.size(f), "KEEP_SIZE does not grow the file");
        assertEquals("0123456789", Files.readString(f));
    }

    @Test
    void ftruncateGrowsWithZeroesAndShrinks() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "abc");
        int fd = open(f, OpenFlags.O_RDWR);
        assertEquals(0, await(new Completion().prepFtruncate(fd, 6)));
        assertEquals(6, Files.size(f));
        byte[] b = Files.readAllBytes(f);
        assertEquals("abc", new String(b, 0, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, b[3] | b[4] | b[5]);
        assertEquals(0, await(new Completion().prepFtruncate(fd, 6)), "the same size: nothing to do");
        assertEquals(0, await(new Completion().prepFtruncate(fd, 2)));
        assertEquals("ab", Files.readString(f));
    }

    @Test
    void renameOntoANonEmptyDirectoryIsEnotempty() throws Exception {
        Path from = Files.createDirectory(dir.resolve("from"));
        Path to = Files.createDirectory(dir.resolve("to"));
        Files.writeString(to.resolve("keep"), "x");
        assertEquals(-39 /* ENOTEMPTY */, await(new Completion().prepRenameAt(OpenFlags.AT_FDCWD, from.toString(),
                OpenFlags.AT_FDCWD, to.toString(), 0)));
        assertTrue(Files.isDirectory(from));
        assertTrue(Files.exists(to.resolve("keep")));
    }

    @Test
    void anAbsolutePathIgnoresTheDirectoryDescriptor() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path f = Files.writeString(dir.resolve("top"), "top");
        int dirfd = open(sub, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        int fd = await(new Completion().prepOpenAt(dirfd, f.toString(), OpenFlags.O_RDONLY, 0));
        assertTrue(fd >= 0, "openat: " + fd);
        MemorySegment in = arena.allocate(8);
        assertEquals(3, await(new Completion().prepRead(fd, in, 0)));
        assertEquals("top", string(in, 3));
        Path created = dir.resolve("made");
        assertEquals(0, await(new Completion().prepMkdirAt(dirfd, created.toString(), 0755)));
        assertTrue(Files.isDirectory(created), "made where the absolute path points, not under sub");
    }

    @Test
    void appendOnAReadOnlyOpenIsIgnoredAsByOpen() throws Exception {
        Path f = Files.writeString(dir.resolve("ro"), "read me");
        int fd = open(f, OpenFlags.O_RDONLY | OpenFlags.O_APPEND);
        MemorySegment in = arena.allocate(16);
        assertEquals(7, await(new Completion().prepRead(fd, in, 0)));
        assertEquals("read me", string(in, 7));
        assertEquals(-Errno.EBADF, await(new Completion().prepWrite(fd, bytes("x"), 0)), "not open for writing");
    }
}
