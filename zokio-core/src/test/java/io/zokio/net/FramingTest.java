package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** FrameReader and FrameWriter over a loopback connection, on each backend. */
@Timeout(60)
class FramingTest {

    /** A connected pair: {@code c} reads frames, {@code s} is the peer that writes raw bytes or frames. */
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

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void linesSplitAcrossReadsThenEndOfStreamInsideALine(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            String[] chunks = {"a\nb", "b\r", "\nccc"};
            Semaphore next = new Semaphore(0);
            var feeder = rt.spawn(() -> {
                for (String chunk : chunks) {
                    next.acquire();
                    s.writeAll(ascii(chunk));
                }
                s.shutdownOutput();
                return null;
            });
            FrameReader r = new FrameReader(c, Framing.lines(16));
            next.release();
            assertEquals("a", r.readLine());
            // "b" arrived with "a\n" at most: the rest of the line comes in later reads
            next.release(2);
            assertEquals("bb", r.readLine(), "\\r\\n is a line end too");
            EOFException eof = assertThrows(EOFException.class, r::readLine);
            assertTrue(eof.getMessage().contains("3 bytes"), eof.getMessage());
            assertSame(eof, assertThrows(EOFException.class, r::readFrame), "the reader stays failed");
            feeder.join();
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void lengthPrefixedFramesOfEachFieldSizeRoundTrip(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            for (int field : new int[] {1, 2, 4}) {
                int max = switch (field) {
                    case 1 -> 255;
                    case 2 -> 65_535;
                    default -> 100_000;
                };
                Framing f = Framing.lengthPrefixed(field, max);
                FrameWriter w = new FrameWriter(s, f);
                FrameReader r = new FrameReader(c, f);
                byte[] big = new byte[max]; // over the writer's copy limit for 2 and 4
                Arrays.fill(big, (byte) 7);
                var writes = rt.spawn(() -> {
                    w.writeFrame(new byte[0]);
                    w.writeFrame(new byte[] {1, 2, 3});
                    w.writeFrame(big); // heap payload
                    ByteBuffer direct = ByteBuffer.allocateDirect(big.length).put(big).flip();
                    w.writeFrame(direct); // direct payload: gathering write when large
                    return null;
                });
                assertArrayEquals(new byte[0], r.readFrame());
                assertArrayEquals(new byte[] {1, 2, 3}, r.readFrame());
                assertArrayEquals(big, r.readFrame());
                ByteBuffer into = ByteBuffer.allocate(big.length);
                assertEquals(big.length, r.readFrame(into));
                assertArrayEquals(big, into.array());
                writes.join();
                assertEquals(0, r.buffered(), field + "-byte field");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void lengthFieldSplitAcrossReadsAndCleanEnd(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            FrameReader r = new FrameReader(c, Framing.lengthPrefixed(2, 1000));
            // the length field's first byte alone, then the rest: the reader must wait for the whole field
            var first = r.readFrameAsync(null);
            s.writeAll(ByteBuffer.wrap(new byte[] {0}));
            s.writeAll(ByteBuffer.wrap(new byte[] {3, 'x', 'y'}));
            s.writeAll(ByteBuffer.wrap(new byte[] {'z', 0, 1, 'q'}));
            assertArrayEquals("xyz".getBytes(StandardCharsets.US_ASCII), first.get());
            assertEquals("q", r.readLine());
            s.shutdownOutput();
            assertNull(r.readFrame(), "end of stream between frames");
            assertEquals(-1, r.readFrame(ByteBuffer.allocate(4)));
            assertNull(r.readFrameAsync(null).get());
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void framesOverTheLimitFailTheReaderAndAreRefusedByTheWriter(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            FrameWriter w = new FrameWriter(s, Framing.lengthPrefixed(4, 10));
            FrameTooLongException refused = assertThrows(FrameTooLongException.class, () -> w.writeFrame(new byte[11]));
            assertEquals(11, refused.frameBytes());
            w.writeFrame(new byte[] {5}); // the writer and the stream are still fine
            s.writeAll(ByteBuffer.wrap(new byte[] {0, 0, 0, 11, 1, 2}));
            FrameReader r = new FrameReader(c, Framing.lengthPrefixed(4, 10));
            assertArrayEquals(new byte[] {5}, r.readFrame());
            FrameTooLongException tooLong = assertThrows(FrameTooLongException.class, r::readFrame);
            assertEquals(11, tooLong.frameBytes());
            assertEquals(10, tooLong.maxFrameBytes());
            assertSame(tooLong, assertThrows(FrameTooLongException.class, r::readFrame), "the reader stays failed");
        });
        withPair(kind, (rt, c, s) -> {
            FrameReader r = new FrameReader(c, Framing.lines(4));
            s.writeAll(ascii("abcd\r\nabcde\n"));
            assertEquals("abcd", r.readLine(), "a '\\r' beyond the limit is part of the line end");
            FrameTooLongException e = assertThrows(FrameTooLongException.class, r::readLine);
            assertEquals(5, e.frameBytes());
        });
        withPair(kind, (rt, c, s) -> {
            FrameReader r = new FrameReader(c, Framing.delimited((byte) 0, 4));
            s.writeAll(ascii("abcdef")); // no delimiter within the limit: refused before it arrives
            FrameTooLongException e = assertThrows(FrameTooLongException.class, r::readFrame);
            assertEquals(-1, e.frameBytes());
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void callerBufferTimeoutAndBuffering(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            FrameWriter w = new FrameWriter(s, Framing.delimited((byte) 0, 64));
            FrameReader r = new FrameReader(c, Framing.delimited((byte) 0, 64));
            assertThrows(IllegalArgumentException.class, () -> w.writeFrame(new byte[] {1, 0, 2}));
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                many.append("frame").append(i).append('\0');
            }
            s.writeAll(ascii(many.toString()));
            // a frame too large for the caller's buffer stays unread
            assertThrows(BufferOverflowException.class, () -> r.readFrame(ByteBuffer.allocate(3)));
            ByteBuffer dst = ByteBuffer.allocate(64);
            assertEquals(6, r.readFrame(dst));
            assertEquals("frame0", new String(dst.array(), 0, 6, StandardCharsets.US_ASCII));
            assertTrue(r.buffered() > 0, "one read brought several frames");
            for (int i = 1; i < 100; i++) {
                assertEquals("frame" + i, r.readLine());
            }
            // a read timeout inside a frame keeps what arrived; the next call completes the frame
            s.writeAll(ascii("hal"));
            c.setReadTimeout(Duration.ofMillis(20));
            assertThrows(SocketTimeoutException.class, r::readLine);
            c.setReadTimeout(null);
            w.writeFrameAsync(ascii("f"), null).get();
            assertEquals("half", r.readLine());
        });
    }

    @Test
    void framingArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Framing.lengthPrefixed(3, 10));
        assertThrows(IllegalArgumentException.class, () -> Framing.lengthPrefixed(1, 256));
        assertThrows(IllegalArgumentException.class, () -> Framing.lengthPrefixed(2, 65_536));
        assertThrows(IllegalArgumentException.class, () -> Framing.lines(0));
        assertEquals(Framing.Kind.LINES, Framing.lines(10).kind());
        assertEquals(4, Framing.lengthPrefixed(4, Integer.MAX_VALUE - 16).lengthFieldBytes());
    }
}
