package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.RandomAccessFile;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * io.zokio.fs.Files at its edges on both backends: a copy between two filesystems (where the kernel may refuse
 * {@code copy_file_range} and the stream copy runs), copy options it does not support, a file whose size is
 * unknown until read (procfs reports 0), and a file too large for an array.
 */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FilesBoundariesTest {
    @Parameter
    BackendKind backend;
    @TempDir
    Path dir;
    Runtime rt;

    @BeforeEach
    void start() {
        rt = FsTestSupport.runtime(backend, 1);
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
    }

    @Test
    void copyFromAnotherFilesystemKeepsBytesAndMode() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(java.nio.file.Files.isDirectory(shm) && java.nio.file.Files.isWritable(shm),
                "no writable /dev/shm");
        byte[] data = new byte[(1 << 20) + 7];
        new SplittableRandom(11).nextBytes(data);
        Path src = java.nio.file.Files.createTempFile(shm, "zokio-copy-", ".bin");
        try {
            java.nio.file.Files.write(src, data);
            java.nio.file.Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-------"));
            Path dst = dir.resolve("copied.bin");
            long n = inTask(rt, () -> Files.copy(src, dst));
            assertEquals(data.length, n);
            assertArrayEquals(data, java.nio.file.Files.readAllBytes(dst));
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    java.nio.file.Files.getPosixFilePermissions(dst));

            java.nio.file.Files.write(dst, new byte[3 << 20]); // longer than the source: must be truncated
            assertEquals(data.length, (long) inTask(rt, () -> Files.copy(src, dst,
                    StandardCopyOption.REPLACE_EXISTING)));
            assertArrayEquals(data, java.nio.file.Files.readAllBytes(dst));
        } finally {
            java.nio.file.Files.deleteIfExists(src);
        }
    }

    @Test
    void copyOptionsOtherThanReplaceExistingAreRefused() throws Exception {
        Path src = dir.resolve("src");
        java.nio.file.Files.write(src, new byte[] {1});
        Path dst = dir.resolve("dst");
        inTask(rt, () -> {
            UnsupportedOperationException attrs = assertThrows(UnsupportedOperationException.class,
                    () -> Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES));
            assertEquals("unsupported copy option: COPY_ATTRIBUTES", attrs.getMessage());
            assertThrows(UnsupportedOperationException.class,
                    () -> Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS));
            return null;
        });
        assertFalse(java.nio.file.Files.exists(dst), "nothing copied");
    }

    @Test
    void aFileThatReportsNoSizeIsReadToItsEnd() throws Exception {
        Path version = Path.of("/proc/version");
        Assumptions.assumeTrue(java.nio.file.Files.isReadable(version), "no procfs");
        Assumptions.assumeTrue(java.nio.file.Files.size(version) == 0, "procfs reports a size here");
        byte[] expected = java.nio.file.Files.readAllBytes(version);
        assertArrayEquals(expected, inTask(rt, () -> Files.readAllBytes(version)));
        assertEquals(new String(expected), inTask(rt, () -> Files.readString(version)));
    }

    @Test
    void aFileOfTwoGibibytesOrMoreIsRefusedBeforeReading() throws Exception {
        Path big = dir.resolve("sparse.bin");
        long size = Integer.MAX_VALUE - 7L; // one more than an array may hold
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(size); // sparse: no blocks written
        }
        String message = inTask(rt, () -> assertThrows(OutOfMemoryError.class, () -> Files.readAllBytes(big))
                .getMessage());
        assertEquals("file too large for an array: " + big + " (" + size + " bytes)", message);
    }
}
