package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On io_uring, asynchronous operations started by an outside thread go to the workers in turn (descriptors are
 * process-wide), instead of all to the worker that opened the file; on NIO they stay on the file's worker.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncSpreadTest {
    private static final int OPS = 64;

    @TempDir
    Path dir;

    @Test
    void uringSpreadsAnOutsideThreadsOperationsOverTheWorkers() throws Exception {
        long[] perWorker = run(BackendKind.IO_URING);
        for (int w = 0; w < perWorker.length; w++) {
            assertTrue(perWorker[w] >= OPS / perWorker.length / 2,
                    "worker " + w + " ran " + perWorker[w] + " of " + OPS + " reads: " + Arrays.toString(perWorker));
        }
    }

    @Test
    void nioKeepsThemOnTheFilesWorker() throws Exception {
        long[] perWorker = run(BackendKind.NIO);
        long max = Arrays.stream(perWorker).max().orElse(0);
        assertTrue(max >= OPS, "one worker ran all " + OPS + " reads: " + Arrays.toString(perWorker));
    }

    /** Completions each worker's loop delivered while {@value #OPS} checked async reads ran. */
    private long[] run(BackendKind backend) throws Exception {
        Path p = dir.resolve("spread-" + backend + ".bin");
        byte[] data = new byte[64 * 1024];
        new SplittableRandom(5).nextBytes(data);
        java.nio.file.Files.write(p, data);
        try (Runtime rt = FsTestSupport.runtime(backend, 2); Arena arena = Arena.ofShared()) {
            AsyncFile f = inTask(rt, () -> AsyncFile.open(rt, p, StandardOpenOption.READ));
            long[] before = completions(rt);
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            List<MemorySegment> bufs = new ArrayList<>();
            for (int i = 0; i < OPS; i++) {
                MemorySegment b = arena.allocate(1024);
                bufs.add(b);
                reads.add(f.readAsync(b, (long) i * 1024).toCompletableFuture());
            }
            for (int i = 0; i < OPS; i++) {
                assertEquals(1024, reads.get(i).get(30, TimeUnit.SECONDS));
                assertArrayEquals(Arrays.copyOfRange(data, i * 1024, i * 1024 + 1024),
                        bufs.get(i).toArray(ValueLayout.JAVA_BYTE));
            }
            long[] after = completions(rt);
            inTask(rt, () -> {
                f.close();
                return null;
            });
            long[] d = new long[after.length];
            for (int w = 0; w < d.length; w++) {
                d[w] = after[w] - before[w];
            }
            return d;
        }
    }

    private static long[] completions(Runtime rt) {
        return rt.metrics().workers().stream().mapToLong(w -> w.loop().completions()).toArray();
    }
}
