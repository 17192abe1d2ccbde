package io.zokio.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.fs.AsyncFile;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link AsyncFileChannel} keeps the {@link FileChannel} contract where it supports it, on both backends. */
@Timeout(60)
class AsyncFileChannelTest {
    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static AsyncFileChannel open(Runtime rt, Path p) throws Exception {
        return AsyncFileChannel.open(AsyncFile.open(rt, p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), true);
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void positionalAndVectoredTransfersLeaveOrMoveThePositionAsSpecified(BackendKind kind) throws Exception {
        Path p = dir.resolve("p.bin");
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                try (FileChannel ch = open(rt, p)) {
                    assertEquals(4, ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 10)); // a hole before it
                    assertEquals(0, ch.position(), "a positional write leaves the position");
                    assertEquals(14, ch.size());
                    ByteBuffer direct = ByteBuffer.allocateDirect(2);
                    assertEquals(2, ch.read(direct, 11));
                    assertEquals(2, direct.get(0));
                    assertEquals(-1, ch.read(ByteBuffer.allocate(1), 14), "at the end: -1");
                    assertEquals(-1, ch.read(ByteBuffer.allocate(1), 100), "beyond the end: -1");
                    assertEquals(0, ch.position());

                    ByteBuffer[] parts = {ByteBuffer.wrap(new byte[] {9, 9}), ByteBuffer.allocateDirect(3).put(
                            new byte[] {8, 8, 8}).flip()};
                    assertEquals(5, ch.write(parts, 0, 2));
                    assertEquals(5, ch.position(), "a gathering write moves the position");
                    ch.position(0);
                    ByteBuffer a = ByteBuffer.allocate(3);
                    ByteBuffer b = ByteBuffer.allocate(20);
                    assertEquals(14, ch.read(new ByteBuffer[] {a, b}));
                    assertEquals(14, ch.position());
                    assertArrayEquals(new byte[] {9, 9, 8}, a.array());
                    assertEquals(-1, ch.read(new ByteBuffer[] {ByteBuffer.allocate(1)}));
                    assertThrows(IllegalArgumentException.class, () -> ch.read(ByteBuffer.allocate(1), -1));
                    assertThrows(IllegalArgumentException.class,
                            () -> ch.read(ByteBuffer.allocate(1).asReadOnlyBuffer(), 0));
                    ch.force(true);
                    ch.force(false);
                }
                return null;
            });
            byte[] want = new byte[14];
            want[0] = 9;
            want[1] = 9;
            want[2] = 8;
            want[3] = 8;
            want[4] = 8;
            want[10] = 1;
            want[11] = 2;
            want[12] = 3;
            want[13] = 4;
            assertArrayEquals(want, Files.readAllBytes(p));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void transferToAndFromCopyThroughOtherChannelsWithoutMovingThePosition(BackendKind kind) throws Exception {
        byte[] data = random(150_000, 3); // more than one staging buffer
        Path p = dir.resolve("t.bin");
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                try (FileChannel ch = open(rt, p)) {
                    long in = ch.transferFrom(Channels.newChannel(new java.io.ByteArrayInputStream(data)), 0,
                            Long.MAX_VALUE);
                    assertEquals(data.length, in);
                    assertEquals(0, ch.position());
                    assertEquals(data.length, ch.size());
                    assertEquals(0, ch.transferFrom(Channels.newChannel(new java.io.ByteArrayInputStream(data)),
                            data.length + 1, 10), "beyond the size: nothing");

                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    long sent = ch.transferTo(1000, 100_000, Channels.newChannel(out));
                    assertEquals(100_000, sent);
                    assertArrayEquals(Arrays.copyOfRange(data, 1000, 101_000), out.toByteArray());
                    out.reset();
                    assertEquals(50, ch.transferTo(data.length - 50, 1000, Channels.newChannel(out)),
                            "up to the end of the file");
                    assertEquals(0, ch.transferTo(data.length + 5, 10, Channels.newChannel(out)));
                    assertEquals(0, ch.position());
                }
                return null;
            });
            assertArrayEquals(data, Files.readAllBytes(p));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void mapAndLockAreRefusedAndAnInterruptClosesTheChannel(BackendKind kind) throws Exception {
        Path p = dir.resolve("i.bin");
        Files.write(p, new byte[] {1, 2, 3});
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            rt.blockOn(() -> {
                FileChannel ch = open(rt, p);
                UnsupportedOperationException map = assertThrows(UnsupportedOperationException.class,
                        () -> ch.map(FileChannel.MapMode.READ_ONLY, 0, 3));
                assertTrue(map.getMessage().contains("FileChannel.open"), map.getMessage());
                assertThrows(UnsupportedOperationException.class, ch::lock);
                assertThrows(UnsupportedOperationException.class, () -> ch.tryLock(0, 1, true));

                // as every FileChannel: an interrupted thread's operation closes the channel
                Thread.currentThread().interrupt();
                assertThrows(ClosedByInterruptException.class, () -> ch.read(ByteBuffer.allocate(1), 0));
                assertTrue(Thread.interrupted(), "the interrupt status stays set");
                assertFalse(ch.isOpen());
                assertFalse(((AsyncFileChannel) ch).file().isOpen(), "the owned file closed with it");
                assertInstanceOf(ClosedChannelException.class,
                        assertThrows(ClosedChannelException.class, () -> ch.size()));
                return null;
            });
        }
    }
}
