package io.zokio.loop.uring.ffi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy_file_range whole-file copies: results, the errors that throw and the ones that mean "copy yourself". */
class FileCopiesTest {
    private static final int MODE = 0644;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireCopyFileRange() {
        assumeTrue(Native.hasCopyFileRange(), "libc without copy_file_range");
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void copiesEveryByteAndReplacesOnlyWhenAsked() throws Exception {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Path src = file("src", data);
        Path dst = dir.resolve("dst");
        assertEquals(data.length, FileCopies.copy(src, dst, false, MODE));
        assertArrayEquals(data, Files.readAllBytes(dst));

        ErrnoException exists = assertThrows(ErrnoException.class, () -> FileCopies.copy(src, dst, false, MODE));
        assertEquals(Errno.EEXIST, exists.errno());
        assertEquals("open", exists.syscall());

        Path small = file("small", new byte[] {1, 2, 3});
        assertEquals(3, FileCopies.copy(small, dst, true, MODE));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dst), "replace truncates the old content");
    }

    @Test
    void emptySourceCopiesNothing() throws Exception {
        Path src = file("empty", new byte[0]);
        assertEquals(0, FileCopies.copy(src, dir.resolve("out"), false, MODE));
        assertEquals(0, Files.size(dir.resolve("out")));
    }

    @Test
    void missingSourceIsEnoent() {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> FileCopies.copy(dir.resolve("nope"), dir.resolve("out"), false, MODE));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("open", e.syscall());
    }

    @Test
    void directorySourceFailsTheCopyItself() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> FileCopies.copy(sub, dir.resolve("out"), false, MODE));
        assertEquals("copy_file_range", e.syscall());
        assertEquals(Errno.EISDIR, e.errno());
    }

    @Test
    void copyAcrossFileSystemsIsLeftToTheCaller() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm");
        assumeTrue(!Files.getFileStore(shm).equals(Files.getFileStore(dir)), "/dev/shm and the temp dir share a file system");
        Path src = Files.createTempFile(shm, "zokio-copy", ".bin");
        try {
            Files.write(src, new byte[] {9, 8, 7});
            assertEquals(-1, FileCopies.copy(src, dir.resolve("out"), false, MODE),
                    "EXDEV (or EINVAL) on the first chunk: the caller copies");
        } finally {
            Files.deleteIfExists(src);
        }
    }
}
