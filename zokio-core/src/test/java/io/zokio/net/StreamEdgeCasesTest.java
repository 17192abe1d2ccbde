package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TcpStream edge cases: end of stream inside readFully, writing a whole native segment, vectored calls with
 * nothing to transfer, single bytes through the stream views, and sendFile's argument check; on each backend.
 */
@Timeout(60)
class StreamEdgeCasesTest {

    private interface PairBody {
        void run(Runtime rt, TcpStream c, TcpStream s) throws Exception;
    }

    private static void withPair(BackendKind kind, PairBody body) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), Duration.ofSeconds(10));
                     TcpStream s = l.accept(Duration.ofSeconds(10))) {
                    body.run(rt, c, s);
                }
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void readFullyReportsTheMissingBytesAtEndOfStream(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            s.writeAll(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            s.shutdownOutput();
            ByteBuffer dst = ByteBuffer.allocate(10);
            EOFException e = assertThrows(EOFException.class, () -> c.readFully(dst));
            assertEquals("end of stream with 7 bytes still expected", e.getMessage());
            assertEquals(3, dst.position(), "the bytes that did arrive are in the buffer");
            assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(dst.array(), 3));
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void writeAllOfASegmentDeliversEveryByte(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            int size = 300 * 1024; // more than one write takes on loopback
            byte[] expected = new byte[size];
            for (int i = 0; i < size; i++) {
                expected[i] = (byte) (i * 31 + 7);
            }
            var reader = rt.spawn(() -> {
                ByteBuffer in = ByteBuffer.allocate(size);
                s.readFully(in);
                return in.array();
            });
            try (Arena arena = Arena.ofShared()) {
                MemorySegment seg = arena.allocate(size);
                MemorySegment.copy(expected, 0, seg, ValueLayout.JAVA_BYTE, 0, size);
                c.writeAll(seg);
            }
            assertArrayEquals(expected, reader.join());
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aConfinedSegmentIsRefusedBeforeAnythingIsSubmitted(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            try (Arena confined = Arena.ofConfined()) {
                MemorySegment seg = confined.allocate(16);
                for (var call : List.<Executable>of(() -> c.write(seg, null),
                        () -> c.writeAll(seg), () -> c.sendZeroCopy(seg, null), () -> s.read(seg, null))) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
                    assertTrue(e.getMessage().contains("confined arena"), e.getMessage());
                }
            }
            c.writeAll(ByteBuffer.wrap(new byte[] {7})); // the stream is still usable
            ByteBuffer one = ByteBuffer.allocate(1);
            s.readFully(one);
            assertEquals(7, one.get(0));
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void vectoredCallsOnHeapBuffersUseTheFirstWithRoomOrTransferNothing(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            ByteBuffer[] none = {ByteBuffer.allocate(0), ByteBuffer.allocate(4).position(4)};
            assertEquals(0, c.write(none), "no bytes to write");
            assertEquals(0, s.read(none), "no room to read into");
            ByteBuffer[] out = {ByteBuffer.allocate(0), ByteBuffer.wrap(new byte[] {9, 8})};
            assertEquals(2, c.write(out));
            ByteBuffer full = ByteBuffer.allocate(0);
            ByteBuffer room = ByteBuffer.allocate(2);
            long got = 0;
            while (got < 2) {
                got += s.read(new ByteBuffer[] {full, room});
            }
            assertArrayEquals(new byte[] {9, 8}, room.array());
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void singleBytesThroughTheStreamViewsAndMinusOneAtEnd(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            OutputStream out = c.outputStream();
            out.write(0x1ff); // the low eight bits, as OutputStream specifies
            out.write(0x7f);
            c.shutdownOutput();
            InputStream in = s.inputStream();
            assertEquals(0xff, in.read());
            assertEquals(0x7f, in.read());
            assertEquals(-1, in.read());
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void sendFileRefusesNegativeArguments(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.sendFile(3, -1, 10, null));
            assertEquals("fileFd, offset and length must not be negative: 3, -1, 10", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.sendFile(-1, 0, 10, null));
            assertThrows(IllegalArgumentException.class, () -> c.sendFile(3, 0, -1, null));
            // the stream is still usable
            c.writeAll(ByteBuffer.wrap(new byte[] {5}));
            ByteBuffer b = ByteBuffer.allocate(1);
            s.readFully(b);
            assertEquals(5, b.get(0));
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void scatteringReadRefusesAReadOnlyBuffer(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            ByteBuffer[] dsts = {ByteBuffer.allocateDirect(4), ByteBuffer.allocateDirect(4).asReadOnlyBuffer()};
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> s.read(dsts));
            c.writeAll(ByteBuffer.wrap(new byte[] {1}));
            ByteBuffer ok = ByteBuffer.allocateDirect(1);
            assertEquals(1, s.read(new ByteBuffer[] {ok}), "the stream is still usable");
            assertEquals(1, ok.get(0));
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void bindAndConnectOnTheCurrentRuntime(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            byte got = on(rt, () -> {
                try (TcpListener l = TcpListener.bind(ANY_LOOPBACK);
                     TcpStream c = TcpStream.connect(loopback(l.port()));
                     TcpStream s = l.accept(Duration.ofSeconds(10))) {
                    c.writeAll(ByteBuffer.wrap(new byte[] {3}));
                    ByteBuffer b = ByteBuffer.allocate(1);
                    s.readFully(b);
                    return b.get(0);
                }
            });
            assertEquals(3, got);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void theDescriptorServesTheLoopLevelApiOnTheStreamsWorker(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            try (Arena arena = Arena.ofShared()) {
                MemorySegment seg = arena.allocate(3);
                seg.copyFrom(MemorySegment.ofArray(new byte[] {4, 5, 6}));
                int sent = rt.submitAndAwait(c.worker(), new io.zokio.loop.Completion().prepSend(c.fd(), seg, 0));
                assertEquals(3, sent);
            }
            ByteBuffer b = ByteBuffer.allocate(3);
            s.readFully(b);
            assertArrayEquals(new byte[] {4, 5, 6}, b.array(), "a send on fd() goes out on the stream");
        });
    }
}
