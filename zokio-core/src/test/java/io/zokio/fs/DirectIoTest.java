package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * {@link ZokioOpenOption#DIRECT} on both backends: aligned blocks written and read back through a file opened
 * for direct I/O (io_uring passes O_DIRECT; NIO ignores it and goes through the page cache). Skips where the
 * temporary directory's filesystem refuses O_DIRECT.
 */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectIoTest {
    static final int BLOCK = 4096;

    @Parameter
    BackendKind backend;
    @TempDir
    Path dir;
    Runtime rt;
    Arena arena;

    @BeforeEach
    void start() {
        rt = FsTestSupport.runtime(backend, 1);
        arena = Arena.ofShared();
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    private AsyncFile openDirect(Path p) throws Exception {
        try {
            return inTask(rt, () -> AsyncFile.open(rt, p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, ZokioOpenOption.DIRECT));
        } catch (ErrnoException e) {
            Assumptions.assumeTrue(e.errno() != Errno.EINVAL, "the filesystem refuses O_DIRECT: " + e);
            throw e;
        }
    }

    @Test
    void alignedBlocksRoundTrip() throws Exception {
        Path p = dir.resolve("direct.bin");
        byte[] data = new byte[3 * BLOCK];
        new SplittableRandom(17).nextBytes(data);
        MemorySegment out = arena.allocate(data.length, BLOCK);
        MemorySegment.copy(data, 0, out, ValueLayout.JAVA_BYTE, 0, data.length);
        MemorySegment in = arena.allocate(4L * BLOCK, BLOCK);
        try (AsyncFile f = openDirect(p)) {
            inTask(rt, () -> {
                f.writeAll(out, BLOCK); // a hole of one block, then three
                assertEquals(4L * BLOCK, f.size());
                assertEquals(4 * BLOCK, f.read(in, 0), "the hole and the three blocks");
                assertArrayEquals(new byte[BLOCK], in.asSlice(0, BLOCK).toArray(ValueLayout.JAVA_BYTE));
                assertArrayEquals(data, in.asSlice(BLOCK, data.length).toArray(ValueLayout.JAVA_BYTE));
                assertEquals(-1, f.read(in.asSlice(0, BLOCK), 4L * BLOCK));
                return null;
            });
        }
        assertArrayEquals(data, java.util.Arrays.copyOfRange(java.nio.file.Files.readAllBytes(p), BLOCK, 4 * BLOCK));
    }
}
