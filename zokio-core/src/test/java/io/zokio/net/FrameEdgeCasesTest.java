package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FrameReader and FrameWriter edge cases: read-only destinations, empty and CRLF lines, delimited frames larger
 * than the writer's copy limit (heap and direct payloads), async frames at the end of the stream or over the copy
 * limit, and their descriptions; on each backend.
 */
@Timeout(60)
class FrameEdgeCasesTest {

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

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void linesReadOnlyDestinationAndDescriptions(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            Framing lines = Framing.lines(16);
            FrameWriter w = new FrameWriter(s, lines);
            assertSame(lines, w.framing());
            assertEquals("FrameWriter[lines(max 16)]", w.toString());
            w.writeLine("first");
            w.writeLine("");
            s.writeAll(ByteBuffer.wrap("\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
            w.writeLine("last");
            s.shutdownOutput();
            FrameReader r = new FrameReader(c, lines);
            assertSame(lines, r.framing());
            assertThrows(ReadOnlyBufferException.class, () -> r.readFrame(ByteBuffer.allocate(16).asReadOnlyBuffer()));
            assertEquals("first", r.readLine(), "a refused destination leaves the frame unread");
            assertEquals("", r.readLine());
            assertEquals("", r.readLine(), "a lone \\r\\n is an empty line");
            assertEquals("x", r.readLine());
            assertEquals("last", r.readLine());
            assertEquals("FrameReader[lines(max 16), buffered=0]", r.toString());
            assertNull(r.readLine(), "null at a clean end of stream");
            assertNull(r.readFrame());
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void delimitedFramesBeyondTheCopyLimitAndAfterTheWriterGrows(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            Framing f = Framing.delimited((byte) 0, 100_000);
            byte[] big = pattern(FrameWriter.COPY_LIMIT + 5000);
            byte[] mid = pattern(5000); // more than the writer's first buffer
            ByteBuffer direct = ByteBuffer.allocateDirect(big.length).put(big).flip();
            var writer = rt.spawn(() -> {
                FrameWriter w = new FrameWriter(s, f);
                w.writeFrame(big); // heap payload: two plain writes
                w.writeFrame(direct); // direct payload: one gathering write
                w.writeFrame(mid);
                s.shutdownOutput();
                return direct.remaining();
            });
            FrameReader r = new FrameReader(c, f);
            assertArrayEquals(big, r.readFrame());
            assertArrayEquals(big, r.readFrame());
            byte[] third = r.readFrame();
            assertArrayEquals(mid, third);
            assertNull(r.readFrame());
            assertEquals(0, writer.join(), "the payload's position moved to its limit");
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncFramesEndOfStreamAndCopyLimit(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            Framing f = Framing.lengthPrefixed(4, 200_000);
            FrameWriter w = new FrameWriter(s, f);
            IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                    () -> w.writeFrameAsync(ByteBuffer.allocate(FrameWriter.COPY_LIMIT), null));
            assertEquals("an async frame is at most " + FrameWriter.COPY_LIMIT + " bytes with framing: "
                    + FrameWriter.COPY_LIMIT, tooBig.getMessage());
            ExecutionException overLimit = assertThrows(ExecutionException.class,
                    () -> new FrameWriter(s, Framing.lengthPrefixed(1, 4)).writeFrameAsync(
                            ByteBuffer.allocate(5), null).get());
            assertInstanceOf(FrameTooLongException.class, overLimit.getCause());
            w.writeFrameAsync(ByteBuffer.wrap(new byte[] {1, 2, 3}), null).get();
            s.shutdownOutput();
            FrameReader r = new FrameReader(c, f);
            assertArrayEquals(new byte[] {1, 2, 3}, r.readFrameAsync(null).get());
            assertNull(r.readFrameAsync(null).get(), "a clean end of stream gives null");
            assertNull(r.readFrameAsync(null).get(), "and again");
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncReadOfAFailedReaderFailsWithTheSameException(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            s.writeAll(ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 1, 2}));
            s.shutdownOutput();
            FrameReader r = new FrameReader(c, Framing.lengthPrefixed(4, 64));
            EOFException eof = assertThrows(EOFException.class, r::readFrame);
            ExecutionException async = assertThrows(ExecutionException.class, () -> r.readFrameAsync(null).get());
            assertSame(eof, async.getCause(), "the reader stays failed");
            assertEquals("FrameReader[lengthPrefixed(4 bytes, max 64), buffered=" + r.buffered() + ", failed]",
                    r.toString());
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncReadEndingInsideAFrameFailsWithEof(BackendKind kind) throws Exception {
        withPair(kind, (rt, c, s) -> {
            s.writeAll(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
            s.shutdownOutput();
            FrameReader r = new FrameReader(c, Framing.lines(64));
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.readFrameAsync(null).get());
            EOFException eof = assertInstanceOf(EOFException.class, e.getCause());
            assertSame(eof, assertThrows(EOFException.class, r::readLine), "the reader stays failed");
        });
    }
}
