package io.zokio.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.fs.AsyncFile;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AsyncFileChannel} at the edges of the {@link java.nio.channels.FileChannel} contract: empty buffers,
 * negative arguments, the end of the file in a scattering read, short gathering writes, truncate, a target that
 * takes nothing, and a file closed by its owner; on both backends.
 */
@Timeout(60)
class AsyncFileChannelBoundsTest {
    @TempDir
    Path dir;

    private static AsyncFile open(Runtime rt, Path p) throws Exception {
        return AsyncFile.open(rt, p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void emptyBuffersAndNegativeArgumentsTransferNothing(BackendKind kind) throws Exception {
        Path p = dir.resolve("e.bin");
        Files.write(p, new byte[] {1, 2, 3});
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                try (AsyncFileChannel ch = AsyncFileChannel.open(open(rt, p), true)) {
                    assertEquals(0, ch.read(ByteBuffer.allocate(0), 0));
                    assertEquals(0, ch.write(ByteBuffer.allocate(0), 0));
                    assertEquals(0, ch.read(ByteBuffer.allocate(0)));
                    assertEquals(0, ch.position(), "nothing moved");
                    assertThrows(IllegalArgumentException.class, () -> ch.position(-1));
                    assertThrows(IllegalArgumentException.class, () -> ch.truncate(-1));
                    assertThrows(IllegalArgumentException.class, () -> ch.write(ByteBuffer.allocate(1), -1));
                    assertThrows(IllegalArgumentException.class,
                            () -> ch.transferTo(0, -1, java.nio.channels.Channels.newChannel(
                                    java.io.OutputStream.nullOutputStream())));
                    assertThrows(IllegalArgumentException.class,
                            () -> ch.transferFrom(java.nio.channels.Channels.newChannel(
                                    java.io.InputStream.nullInputStream()), 0, -1));
                    assertEquals(3, ch.size());
                }
                return null;
            });
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void scatteringAndGatheringSkipEmptyBuffersAndStopAtTheFirstShortOne(BackendKind kind) throws Exception {
        Path p = dir.resolve("v.bin");
        byte[] big = new byte[100_000]; // more than one staged heap transfer moves
        Arrays.fill(big, (byte) 7);
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                try (AsyncFileChannel ch = AsyncFileChannel.open(open(rt, p), true)) {
                    ByteBuffer empty = ByteBuffer.allocate(0);
                    ByteBuffer head = ByteBuffer.wrap(new byte[] {1, 2});
                    ByteBuffer bulk = ByteBuffer.wrap(big);
                    ByteBuffer tail = ByteBuffer.wrap(new byte[] {3});
                    long n = ch.write(new ByteBuffer[] {empty, head, bulk, tail}, 0, 4);
                    assertTrue(n > 2 && n < 2 + big.length, "stops after the short heap write: " + n);
                    assertEquals(n, ch.position());
                    assertEquals(1, tail.remaining(), "nothing taken after the short buffer");
                    while (bulk.hasRemaining() || tail.hasRemaining()) {
                        ch.write(new ByteBuffer[] {bulk, tail});
                    }
                    assertEquals(3 + big.length, ch.size());

                    ch.position(big.length);
                    ByteBuffer a = ByteBuffer.allocate(0);
                    ByteBuffer b = ByteBuffer.allocate(2);
                    ByteBuffer c = ByteBuffer.allocate(10);
                    assertEquals(3, ch.read(new ByteBuffer[] {a, b, c}), "a short read ends the scattering read");
                    assertArrayEquals(new byte[] {7, 7}, b.array());
                    assertEquals(3, c.get(0));
                    ch.position(big.length + 1);
                    ByteBuffer d = ByteBuffer.allocate(2);
                    assertEquals(2, ch.read(new ByteBuffer[] {d, ByteBuffer.allocate(5)}),
                            "the end of the file after a full buffer: what was read, not -1");
                    assertArrayEquals(new byte[] {7, 3}, d.array());
                    assertEquals(-1, ch.read(new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.allocate(4)}));
                    ch.position(0);
                    ByteBuffer one = ByteBuffer.allocate(1);
                    ByteBuffer two = ByteBuffer.allocate(2);
                    assertEquals(3, ch.read(new ByteBuffer[] {one, two}), "every buffer filled");
                    assertEquals(3, ch.position());
                    assertArrayEquals(new byte[] {2, 7}, two.array());
                }
                return null;
            });
            byte[] got = Files.readAllBytes(p);
            assertEquals(1, got[0]);
            assertEquals(2, got[1]);
            assertEquals(7, got[2 + big.length - 1]);
            assertEquals(3, got[got.length - 1]);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void truncateCutsOnlyALongerFileAndPullsThePositionBack(BackendKind kind) throws Exception {
        Path p = dir.resolve("t.bin");
        Files.write(p, new byte[] {1, 2, 3, 4, 5, 6});
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                try (AsyncFileChannel ch = AsyncFileChannel.open(open(rt, p), true)) {
                    ch.position(2);
                    ch.truncate(100);
                    assertEquals(6, ch.size(), "truncate never grows a file");
                    assertEquals(2, ch.position(), "a position inside the size stays");
                    ch.position(5);
                    ch.truncate(4);
                    assertEquals(4, ch.size());
                    assertEquals(4, ch.position(), "a position beyond the new size moves back to it");
                }
                return null;
            });
            assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(p));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void transfersStopWhereTheOtherChannelDoes(BackendKind kind) throws Exception {
        Path p = dir.resolve("x.bin");
        Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                try (AsyncFileChannel ch = AsyncFileChannel.open(open(rt, p), true)) {
                    // a non-blocking target whose buffer takes three bytes, then nothing
                    ByteBuffer sink = ByteBuffer.allocate(3);
                    WritableByteChannel full = new WritableByteChannel() {
                        @Override
                        public int write(ByteBuffer src) {
                            int n = Math.min(src.remaining(), sink.remaining());
                            sink.put(src.slice(src.position(), n));
                            src.position(src.position() + n);
                            return n;
                        }

                        @Override
                        public boolean isOpen() {
                            return true;
                        }

                        @Override
                        public void close() {
                        }
                    };
                    assertEquals(3, ch.transferTo(2, 6, full), "what the target took");
                    assertArrayEquals(new byte[] {3, 4, 5}, sink.array());
                    assertEquals(0, ch.transferTo(0, 0, full));
                    assertEquals(0, ch.transferFrom(java.nio.channels.Channels.newChannel(
                            new java.io.ByteArrayInputStream(new byte[] {9})), 0, 0), "a count of zero copies nothing");
                    assertEquals(0, ch.position());
                }
                return null;
            });
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, Files.readAllBytes(p));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void aChannelOverAFileItsOwnerClosedReportsOpenButRefusesOperations(BackendKind kind) throws Exception {
        Path p = dir.resolve("o.bin");
        Files.write(p, new byte[] {1});
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                AsyncFile file = open(rt, p);
                AsyncFileChannel ch = AsyncFileChannel.of(file);
                assertEquals(1, ch.size());
                file.close();
                assertTrue(ch.isOpen(), "the channel's own state");
                assertThrows(ClosedChannelException.class, ch::size);
                assertThrows(ClosedChannelException.class, ch::position);
                assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1), 0));
                assertThrows(ClosedChannelException.class, () -> ch.write(ByteBuffer.allocate(1), 0));
                ch.close();
                return null;
            });
        }
    }
}
