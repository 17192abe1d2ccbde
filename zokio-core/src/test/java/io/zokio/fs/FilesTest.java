package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** io.zokio.fs.Files on both backends: whole-file reads and writes, copy, delete, rename, mkdir, mmap. */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FilesTest {
    @Parameter
    BackendKind backend;
    @TempDir
    Path dir;
    Runtime rt;

    @BeforeEach
    void start() {
        rt = FsTestSupport.runtime(backend, 2);
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
    }

    @Test
    void readAndWriteWholeFiles() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17]; // more than one read chunk
        new SplittableRandom(3).nextBytes(big);
        Path p = dir.resolve("big.bin");
        inTask(rt, () -> {
            Files.write(p, big);
            assertArrayEquals(big, Files.readAllBytes(p));
            Files.writeString(p, "héllo");
            assertEquals("héllo", Files.readString(p), "TRUNCATE_EXISTING by default");
            Files.write(p, " more".getBytes(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            assertEquals("héllo more", Files.readString(p));
            Path empty = dir.resolve("empty");
            Files.write(empty, new byte[0]);
            assertEquals(0, Files.readAllBytes(empty).length);
            java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                    () -> Files.readAllBytes(dir.resolve("nope")));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
            assertEquals(Errno.ENOENT, assertInstanceOf(ErrnoException.class, e.getCause()).errno());
            return null;
        });
        assertThrows(IllegalStateException.class, () -> Files.readAllBytes(p), "outside a runtime");
    }

    @Test
    void copyDeleteRenameMkdir() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 3];
        new SplittableRandom(5).nextBytes(data);
        Path src = dir.resolve("src.bin");
        java.nio.file.Files.write(src, data);
        inTask(rt, () -> {
            Path dst = dir.resolve("dst.bin");
            assertEquals(data.length, Files.copy(src, dst));
            assertArrayEquals(data, java.nio.file.Files.readAllBytes(dst));
            var exists = assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Files.copy(src, dst));
            assertEquals(Errno.EEXIST, ErrnoException.errnoOf(exists));
            java.nio.file.Files.write(dst, new byte[10_000_000]); // longer than the source: must be truncated
            assertEquals(data.length, Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING));
            assertArrayEquals(data, java.nio.file.Files.readAllBytes(dst));

            Path sub = Files.createDirectory(dir.resolve("sub"));
            assertTrue(java.nio.file.Files.isDirectory(sub));
            assertEquals(Errno.EEXIST, ErrnoException.errnoOf(assertThrows(java.nio.file.FileAlreadyExistsException.class,
                    () -> Files.createDirectory(sub))));
            Path moved = Files.rename(dst, sub.resolve("moved.bin"));
            assertFalse(java.nio.file.Files.exists(dst));
            assertArrayEquals(data, java.nio.file.Files.readAllBytes(moved));
            java.nio.file.Files.write(dst, new byte[1]);
            assertEquals(Errno.EEXIST, ErrnoException.errnoOf(assertThrows(java.nio.file.FileAlreadyExistsException.class,
                    () -> Files.rename(dst, moved))));
            Files.rename(dst, moved, StandardCopyOption.REPLACE_EXISTING);
            assertEquals(1, java.nio.file.Files.size(moved));

            assertEquals(ENOTEMPTY, ErrnoException.errnoOf(assertThrows(java.nio.file.DirectoryNotEmptyException.class,
                    () -> Files.delete(sub))));
            Files.delete(moved);
            Files.delete(sub); // an empty directory
            assertFalse(java.nio.file.Files.exists(sub));
            assertFalse(Files.deleteIfExists(sub));
            assertEquals(Errno.ENOENT, ErrnoException.errnoOf(assertThrows(java.nio.file.NoSuchFileException.class,
                    () -> Files.delete(sub))));
            return null;
        });
    }

    private static final int ENOTEMPTY = 39;

    @Test
    void mapReturnsAMemorySegment() throws Exception {
        Path p = dir.resolve("mapped.bin");
        java.nio.file.Files.write(p, new byte[8192]);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = Files.map(p, FileChannel.MapMode.READ_WRITE, 4096, 4096, arena);
            assertEquals(4096, m.byteSize());
            m.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 0x01020304);
            m.force();
            MemorySegment r = Files.map(p, FileChannel.MapMode.READ_ONLY, 0, 8192, arena);
            assertEquals(0x01020304, r.get(ValueLayout.JAVA_INT_UNALIGNED, 4096));
            assertTrue(r.isReadOnly());
        }
        byte[] onDisk = java.nio.file.Files.readAllBytes(p);
        assertEquals(4, onDisk[4096]); // little-endian int
    }

    @Test
    void deleteOnClose() throws Exception {
        Path p = dir.resolve("tmp.bin");
        inTask(rt, () -> {
            try (AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.DELETE_ON_CLOSE)) {
                assertTrue(java.nio.file.Files.exists(p));
                assertEquals(0, f.size());
            }
            assertFalse(java.nio.file.Files.exists(p));
            return null;
        });
    }
}
