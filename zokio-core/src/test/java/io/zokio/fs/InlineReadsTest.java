package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.NoWaitReader;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inline read path on io_uring ({@code -Dzokio.fs.inlineReads=auto|true|false}): who takes it under each
 * policy, the fairness budget, and the same results as the loop path.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InlineReadsTest {
    private static final int READS = 500;

    @TempDir
    Path dir;
    private Path file;
    private byte[] data;

    @BeforeEach
    void writeFile() throws Exception {
        Assumptions.assumeTrue(IoUringBackend.probe().available(), "io_uring refused by the kernel");
        Assumptions.assumeTrue(NoWaitReader.available(), "libc has no preadv2");
        file = dir.resolve("inline.bin");
        data = new byte[256 * 1024 + 100];
        new SplittableRandom(17).nextBytes(data);
        java.nio.file.Files.write(file, data);
    }

    /** Counts of the calling thread after {@link #READS} checked random reads, the short read and EOF. */
    private long[] readAndCheck(AsyncFile f, Arena arena) throws Exception {
        long hits0 = InlineReads.hitsOfCurrentThread();
        long yields0 = InlineReads.yieldsOfCurrentThread();
        SplittableRandom rnd = new SplittableRandom(3);
        MemorySegment b = arena.allocate(4096);
        for (int i = 0; i < READS; i++) {
            int off = rnd.nextInt(data.length - 4096);
            assertEquals(4096, f.read(b, off));
            assertArrayEquals(Arrays.copyOfRange(data, off, off + 4096), b.toArray(ValueLayout.JAVA_BYTE));
        }
        assertEquals(100, f.read(b, data.length - 100), "short at the end");
        assertEquals(-1, f.read(b, data.length), "end of file");
        return new long[] {InlineReads.hitsOfCurrentThread() - hits0, InlineReads.yieldsOfCurrentThread() - yields0};
    }

    private static AsyncFile openWith(Runtime rt, Path p, String policy) throws Exception {
        if (policy == null) {
            System.clearProperty(InlineReads.PROPERTY);
        } else {
            System.setProperty(InlineReads.PROPERTY, policy);
        }
        try {
            return inTask(rt, () -> AsyncFile.open(rt, p, StandardOpenOption.READ));
        } finally {
            System.clearProperty(InlineReads.PROPERTY);
        }
    }

    private static Runtime runtime(CarrierMode mode) {
        Runtime rt = Runtime.builder().workers(2).backend(BackendKind.IO_URING).carrierMode(mode).build();
        if (rt.carrierMode() != mode) {
            rt.close();
            Assumptions.abort("AFFINE unavailable (needs --add-opens java.base/java.lang)");
        }
        return rt;
    }

    @Test
    void affineVirtualThreadsReadInlineByDefaultAndYieldWithinTheBudget() throws Exception {
        try (Runtime rt = runtime(CarrierMode.AFFINE); Arena arena = Arena.ofShared()) {
            AsyncFile f = openWith(rt, file, null);
            assertTrue(f.inlineReads());
            long[] n = inTask(rt, () -> readAndCheck(f, arena));
            // a page-cache miss may go to the loop, but the file was just written: nearly every read is a hit
            assertTrue(n[0] > READS / 2, "reads served inline: " + n[0]);
            assertTrue(n[1] >= n[0] / (InlineReads.AFFINE_BUDGET + 1) - 1, "yields " + n[1] + " for " + n[0] + " hits");
            closeAndCheck(rt, f, arena);
        }
    }

    @Test
    void platformThreadsReadInlineWithoutBudget() throws Exception {
        try (Runtime rt = runtime(CarrierMode.SHARED); Arena arena = Arena.ofShared()) {
            AsyncFile f = openWith(rt, file, null);
            long[] n = readAndCheck(f, arena); // the test thread is a platform thread
            assertTrue(n[0] > READS / 2, "reads served inline: " + n[0]);
            assertEquals(0, n[1], "a platform thread never yields for the budget");
            closeAndCheck(rt, f, arena);
        }
    }

    @Test
    void sharedVirtualThreadsUseTheLoopUnlessAskedAndThenParkWithinTheBudget() throws Exception {
        try (Runtime rt = runtime(CarrierMode.SHARED); Arena arena = Arena.ofShared()) {
            AsyncFile auto = openWith(rt, file, null);
            assertEquals(0, inTask(rt, () -> readAndCheck(auto, arena))[0], "auto: a SHARED virtual thread parks");
            AsyncFile all = openWith(rt, file, "true");
            long[] n = inTask(rt, () -> readAndCheck(all, arena));
            assertTrue(n[0] > READS / 2, "true: reads served inline: " + n[0]);
            // every (SHARED_BUDGET + 1)th read takes the loop path: at most that share is inline
            assertTrue(n[0] <= (long) (READS + 2) * InlineReads.SHARED_BUDGET / (InlineReads.SHARED_BUDGET + 1) + 1,
                    "the budget sent some reads to the loop: " + n[0]);
            assertEquals(0, n[1], "parks, never yields");
            inTask(rt, () -> {
                auto.close();
                return null;
            });
            closeAndCheck(rt, all, arena);
        }
    }

    @Test
    void offMeansEveryReadGoesThroughTheLoop() throws Exception {
        try (Runtime rt = runtime(CarrierMode.AFFINE); Arena arena = Arena.ofShared()) {
            AsyncFile f = openWith(rt, file, "false");
            assertTrue(!f.inlineReads());
            assertEquals(0, inTask(rt, () -> readAndCheck(f, arena))[0]);
            closeAndCheck(rt, f, arena);
        }
    }

    @Test
    void aBadPolicyIsRefusedAtOpen() throws Exception {
        try (Runtime rt = runtime(CarrierMode.SHARED)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> openWith(rt, file, "yes"));
            assertTrue(e.getMessage().contains(InlineReads.PROPERTY), e.getMessage());
        }
    }

    private static void closeAndCheck(Runtime rt, AsyncFile f, Arena arena) throws Exception {
        Callable<Void> body = () -> {
            f.close();
            MemorySegment b = arena.allocate(16);
            assertThrows(ClosedChannelException.class, () -> f.read(b, 0));
            return null;
        };
        inTask(rt, body);
    }
}
