package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The opt-in inline read path on io_uring ({@code -Dzokio.fs.inlineReads=true}): same results as the loop path. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InlineReadsTest {
    @TempDir
    Path dir;

    @Test
    void inlineReadsReturnWhatTheLoopPathWould() throws Exception {
        Path p = dir.resolve("inline.bin");
        byte[] data = new byte[256 * 1024 + 100];
        new SplittableRandom(17).nextBytes(data);
        java.nio.file.Files.write(p, data);
        try (Runtime rt = FsTestSupport.runtime(BackendKind.IO_URING, 2); Arena arena = Arena.ofShared()) {
            AsyncFile f;
            System.setProperty(InlineReads.PROPERTY, "true");
            try {
                f = inTask(rt, () -> AsyncFile.open(rt, p, StandardOpenOption.READ));
            } finally {
                System.clearProperty(InlineReads.PROPERTY);
            }
            assertTrue(f.inlineReads() || !InlineReads.enabled(), "inline path active (preadv2 available)");
            inTask(rt, () -> {
                SplittableRandom rnd = new SplittableRandom(3);
                MemorySegment b = arena.allocate(4096);
                for (int i = 0; i < 500; i++) { // crosses the budget many times: both paths interleave
                    int off = rnd.nextInt(data.length - 4096);
                    assertEquals(4096, f.read(b, off));
                    assertArrayEquals(Arrays.copyOfRange(data, off, off + 4096), b.toArray(ValueLayout.JAVA_BYTE));
                }
                assertEquals(100, f.read(b, data.length - 100), "short at the end");
                assertEquals(-1, f.read(b, data.length), "end of file");
                f.close();
                assertThrows(ClosedChannelException.class, () -> f.read(b, 0));
                return null;
            });
        }
    }
}
