package io.zokio.loop.conformance;

import static io.zokio.sys.OpenFlags.AT_FDCWD;
import static io.zokio.sys.OpenFlags.O_CREAT;
import static io.zokio.sys.OpenFlags.O_DIRECTORY;
import static io.zokio.sys.OpenFlags.O_RDONLY;
import static io.zokio.sys.OpenFlags.O_RDWR;
import static io.zokio.loop.conformance.ConformanceSupport.ascii;
import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
import static io.zokio.loop.conformance.ConformanceSupport.bytes;
import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.FallocateFlags;
import io.zokio.loop.RenameFlags;
import io.zokio.loop.UnlinkFlags;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.loop.uring.IoUringBackend;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link BackendConformanceTest}: the file operations. FALLOCATE and FTRUNCATE (grow,
 * shrink, keep-size, a read-only descriptor), MKDIRAT, UNLINKAT (files, directories, {@code AT_REMOVEDIR},
 * errors), RENAMEAT (replace, {@code RENAME_NOREPLACE}, relative to a directory descriptor) and
 * READ_FIXED/WRITE_FIXED against buffers registered with the ring (on NIO: plain reads and writes of the same
 * segments).
 */
interface FileOpsConformance extends ConformanceContext {
    int ENOTEMPTY = 39;

    @Test
    default void fallocateGrowsTheFileUnlessKeepSize() throws IOException {
        Path path = dir().resolve("falloc.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        assertEquals(0, await(new Completion().prepFallocate(fd, 0, 0, 8192)));
        assertEquals(8192, Files.size(path));
        assertEquals(0, await(new Completion().prepFallocate(fd, 0, 0, 100)), "a range inside the file");
        assertEquals(8192, Files.size(path), "never shrinks");
        assertEquals(0, await(new Completion().prepFallocate(fd, FallocateFlags.FALLOC_FL_KEEP_SIZE, 8192, 4096)));
        assertEquals(8192, Files.size(path), "KEEP_SIZE leaves the size alone");
        byte[] all = Files.readAllBytes(path);
        assertArrayEquals(new byte[8192], all, "allocated space reads as zeros");
        assertThrows(IllegalArgumentException.class, () -> new Completion().prepFallocate(fd, 0, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Completion().prepFallocate(fd, 0, 0, 0));
    }

    @Test
    default void ftruncateShrinksAndGrows() throws IOException {
        Path path = dir().resolve("trunc.bin");
        byte[] data = random(100, 7);
        Files.write(path, data);
        int fd = openFile(path, O_RDWR, 0);
        assertEquals(0, await(new Completion().prepFtruncate(fd, 10)));
        assertArrayEquals(Arrays.copyOf(data, 10), Files.readAllBytes(path));
        assertEquals(0, await(new Completion().prepFtruncate(fd, 5000)));
        byte[] grown = Files.readAllBytes(path);
        assertEquals(5000, grown.length);
        assertArrayEquals(Arrays.copyOf(data, 10), Arrays.copyOf(grown, 10));
        assertArrayEquals(new byte[4990], Arrays.copyOfRange(grown, 10, 5000), "the extension reads as zeros");
        assertEquals(0, await(new Completion().prepFtruncate(fd, 0)));
        assertEquals(0, Files.size(path));

        int ro = openFile(path, O_RDONLY, 0);
        assertResult(-Errno.EINVAL, await(new Completion().prepFtruncate(ro, 1)), "ftruncate of a read-only fd");
        assertResult(-Errno.EBADF, await(new Completion().prepFtruncate(987, 1)), "unknown descriptor");
    }

    @Test
    default void mkdirUnlinkAndRename() throws IOException {
        Path sub = dir().resolve("sub");
        assertEquals(0, await(new Completion().prepMkdirAt(AT_FDCWD, sub.toString(), 0755)));
        assertTrue(Files.isDirectory(sub));
        assertResult(-Errno.EEXIST, await(new Completion().prepMkdirAt(AT_FDCWD, sub.toString(), 0755)), "again");
        assertResult(-Errno.ENOENT, await(new Completion().prepMkdirAt(AT_FDCWD,
                dir().resolve("no/such").toString(), 0755)), "missing parent");

        Path a = sub.resolve("a.txt");
        Path b = sub.resolve("b.txt");
        Files.write(a, ascii("A"));
        Files.write(b, ascii("B"));
        assertResult(-Errno.EEXIST, await(new Completion().prepRenameAt(AT_FDCWD, a.toString(), AT_FDCWD,
                b.toString(), RenameFlags.RENAME_NOREPLACE)), "NOREPLACE onto an existing file");
        assertEquals(0, await(new Completion().prepRenameAt(AT_FDCWD, a.toString(), AT_FDCWD, b.toString(), 0)));
        assertFalse(Files.exists(a));
        assertArrayEquals(ascii("A"), Files.readAllBytes(b), "rename replaces the target");
        assertResult(-Errno.ENOENT, await(new Completion().prepRenameAt(AT_FDCWD, a.toString(), AT_FDCWD,
                b.toString(), 0)), "missing source");

        assertResult(-Errno.EISDIR, await(new Completion().prepUnlinkAt(AT_FDCWD, sub.toString(), 0)),
                "unlink of a directory");
        assertResult(-ENOTEMPTY, await(new Completion().prepUnlinkAt(AT_FDCWD, sub.toString(),
                UnlinkFlags.AT_REMOVEDIR)), "rmdir of a non-empty directory");
        assertResult(-Errno.ENOTDIR, await(new Completion().prepUnlinkAt(AT_FDCWD, b.toString(),
                UnlinkFlags.AT_REMOVEDIR)), "rmdir of a file");
        assertEquals(0, await(new Completion().prepUnlinkAt(AT_FDCWD, b.toString(), 0)));
        assertFalse(Files.exists(b));
        assertResult(-Errno.ENOENT, await(new Completion().prepUnlinkAt(AT_FDCWD, b.toString(), 0)), "again");
        assertEquals(0, await(new Completion().prepUnlinkAt(AT_FDCWD, sub.toString(), UnlinkFlags.AT_REMOVEDIR)));
        assertFalse(Files.exists(sub));
    }

    @Test
    default void pathOpsRelativeToADirectoryDescriptor() throws IOException {
        int dirfd = openFile(dir(), O_RDONLY | O_DIRECTORY, 0);
        assertEquals(0, await(new Completion().prepMkdirAt(dirfd, "rel", 0700)));
        assertTrue(Files.isDirectory(dir().resolve("rel")));
        Files.write(dir().resolve("rel/f"), ascii("x"));
        assertEquals(0, await(new Completion().prepRenameAt(dirfd, "rel/f", AT_FDCWD,
                dir().resolve("g").toString(), 0)));
        assertTrue(Files.exists(dir().resolve("g")));
        assertEquals(0, await(new Completion().prepRenameAt(AT_FDCWD, dir().resolve("g").toString(), dirfd,
                "rel/h", 0)));
        assertTrue(Files.exists(dir().resolve("rel/h")));
        assertEquals(0, await(new Completion().prepUnlinkAt(dirfd, "rel/h", 0)));
        assertEquals(0, await(new Completion().prepUnlinkAt(dirfd, "rel", UnlinkFlags.AT_REMOVEDIR)));
        assertResult(-Errno.EBADF, await(new Completion().prepMkdirAt(4321, "x", 0700)), "unknown dirfd");
    }

    @Test
    default void fixedBuffersReadAndWrite() throws IOException {
        MemorySegment[] fixed = {buffer(4096), buffer(8192)};
        var table = loop().features().fixedBuffers();
        if (table.isPresent()) {
            var uring = table.get();
            try {
                uring.registerBuffers(fixed);
            } catch (ErrnoException e) {
                Assumptions.assumeTrue(e.errno() != Errno.ENOMEM && e.errno() != Errno.EPERM,
                        () -> "the kernel refused to pin fixed buffers (RLIMIT_MEMLOCK?): " + e.getMessage());
                throw e;
            }
            assertEquals(2, uring.fixedBuffers());
        }
        Path path = dir().resolve("fixed.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        byte[] data = random(6000, 11);
        MemorySegment.copy(MemorySegment.ofArray(data), 0, fixed[1], 0, data.length);
        assertEquals(6000, await(new Completion().prepWriteFixed(fd, fixed[1].asSlice(0, 6000), 100, 1)));
        byte[] onDisk = Files.readAllBytes(path);
        assertArrayEquals(data, Arrays.copyOfRange(onDisk, 100, 6100));

        MemorySegment into = fixed[0].asSlice(96, 4000); // a slice inside buffer 0
        assertEquals(4000, await(new Completion().prepReadFixed(fd, into, 1100, 0)));
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 5000), bytes(into, 4000));
        assertEquals(1100, await(new Completion().prepReadFixed(fd, fixed[1].asSlice(0, 4096), 5000, 1)),
                "a fixed read across EOF is short");
        assertEquals(0, await(new Completion().prepReadFixed(fd, fixed[0], 1 << 20, 0)), "past EOF: 0");
        assertThrows(IllegalArgumentException.class, () -> new Completion().prepReadFixed(fd, fixed[0], 0, -1));
    }
}
