package io.zokio.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.fs.AsyncFile;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The channel and stream views of {@link AsyncFile} keep NIO's and java.io's contracts, on both backends. */
@Timeout(60)
class FileViewsTest {
    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void channelReadsAndWritesAtItsPositionWithHeapAndDirectBuffers(BackendKind kind) throws Exception {
        byte[] data = random(200_000, 1);
        Path p = dir.resolve("c.bin");
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                try (AsyncFileChannel ch = AsyncFileChannel.open(AsyncFile.open(rt, p, StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE), true)) {
                    ByteBuffer heap = ByteBuffer.wrap(data, 0, 150_000);
                    while (heap.hasRemaining()) {
                        ch.write(heap);
                    }
                    ByteBuffer direct = ByteBuffer.allocateDirect(50_000).put(data, 150_000, 50_000).flip();
                    while (direct.hasRemaining()) {
                        ch.write(direct);
                    }
                    assertEquals(200_000, ch.position());
                    assertEquals(200_000, ch.size());
                    ch.position(1000);
                    ByteBuffer back = ByteBuffer.allocate(100_000);
                    while (back.hasRemaining() && ch.read(back) > 0) {
                        // a heap read is staged through 64 KiB at a time
                    }
                    assertArrayEquals(Arrays.copyOfRange(data, 1000, 101_000), back.array());
                    ch.position(200_000);
                    assertEquals(-1, ch.read(ByteBuffer.allocate(10)), "at the end: -1");
                    ch.truncate(5000);
                    assertEquals(5000, ch.size());
                    assertEquals(5000, ch.position(), "truncate moves a position beyond the new size back");
                }
                return null;
            });
            assertArrayEquals(Arrays.copyOf(data, 5000), Files.readAllBytes(p));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void channelRefusesUseAfterCloseAndWritesWhenReadOnly(BackendKind kind) throws Exception {
        Path p = dir.resolve("r.bin");
        Files.write(p, new byte[] {1, 2, 3});
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.READ);
                AsyncFileChannel ch = AsyncFileChannel.open(f, false);
                assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
                ch.close();
                assertFalse(ch.isOpen());
                assertFalse(f.isOpen(), "a channel that owns its file closes it");
                assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
                try (AsyncFile g = AsyncFile.open(rt, p, StandardOpenOption.READ)) {
                    AsyncFileChannel view = AsyncFileChannel.of(g);
                    view.close();
                    assertTrue(g.isOpen(), "a view made with of() leaves the file open");
                }
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void streamsCarryAZipRoundTrip(BackendKind kind) throws Exception {
        byte[] data = random(300_000, 2);
        Path p = dir.resolve("z.gz");
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            byte[] back = rt.blockOn(() -> {
                try (OutputStream out = new GZIPOutputStream(FileStreams.newOutputStream(rt, p))) {
                    out.write(data);
                }
                try (InputStream in = new GZIPInputStream(FileStreams.newInputStream(rt, p))) {
                    return in.readAllBytes();
                }
            });
            assertArrayEquals(data, back);
            try (InputStream jdk = new GZIPInputStream(Files.newInputStream(p))) {
                assertArrayEquals(data, jdk.readAllBytes(), "the file is an ordinary gzip file");
            }
        }
    }
}
