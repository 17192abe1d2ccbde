package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.clientBuilder;
import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import java.io.EOFException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shapes of TLS reads and writes at their edges: empty buffers, native segments, scattering reads into
 * buffers smaller than a record, readFully cut short by close_notify, reads after it, toString through the
 * stream's life, SNI for an IP literal, and the async calls on a closed runtime; Zokio to Zokio, each backend.
 */
@Timeout(60)
class TlsStreamShapesTest {
    private static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void edgeShapesOfReadsAndWrites(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        byte[] record = new byte[100];
        for (int i = 0; i < record.length; i++) {
            record[i] = (byte) i;
        }
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12, "TLSv1.3").build(), s -> {
                ByteBuffer in = ByteBuffer.allocate(9);
                s.readFully(in);
                assertEquals("hellotail", new String(in.array(), StandardCharsets.US_ASCII));
                s.writeAll(ByteBuffer.wrap(record));
                s.writeAll(ByteBuffer.wrap("end".getBytes(StandardCharsets.US_ASCII)));
            })) {
                on(rt, () -> {
                    TcpStream tcp = TcpStream.connect(rt, localhost(server.port()), T);
                    try (TlsStream c = TlsStream.client(rt, tcp, clientBuilder(certs.serverCrt, "TLSv1.3").build(),
                            "localhost", server.port()); Arena arena = Arena.ofConfined()) {
                        assertEquals("TlsStream[client, " + tcp + ", handshaking]", c.toString());
                        c.setReadTimeout(T);
                        c.handshake();
                        assertEquals("TlsStream[client, " + tcp + ", TLSv1.3]", c.toString());
                        assertEquals(0, c.write(ByteBuffer.allocate(0)), "an empty write sends nothing");
                        assertEquals(0, c.read(ByteBuffer.allocate(0), T), "an empty read waits for nothing");

                        MemorySegment hello = arena.allocateFrom("hello").asSlice(0, 5);
                        assertEquals(5, c.write(hello, T));
                        assertEquals(4, c.writeAsync(ByteBuffer.wrap("tail".getBytes(StandardCharsets.US_ASCII)), T)
                                .get());

                        // a 100-byte record into 3 + 4 bytes of room: the rest waits in the stream
                        ByteBuffer a = ByteBuffer.allocate(3);
                        ByteBuffer b = ByteBuffer.allocate(4);
                        assertEquals(7, c.read(new ByteBuffer[] {a, b}));
                        assertArrayEquals(new byte[] {0, 1, 2}, a.array());
                        assertArrayEquals(new byte[] {3, 4, 5, 6}, b.array());
                        MemorySegment rest = arena.allocate(200);
                        assertEquals(93, c.read(rest, T));
                        assertEquals(99, rest.get(ValueLayout.JAVA_BYTE, 92));

                        ByteBuffer tooMuch = ByteBuffer.allocate(10);
                        EOFException eof = assertThrows(EOFException.class, () -> c.readFully(tooMuch));
                        assertEquals("TLS stream ended (close_notify) with 7 bytes still expected", eof.getMessage());
                        assertEquals("end", new String(tooMuch.array(), 0, 3, StandardCharsets.US_ASCII));
                        assertEquals(-1, c.read(ByteBuffer.allocate(1)), "after close_notify: -1, again");
                        c.close();
                        assertFalse(c.isOpen());
                        assertEquals("TlsStream[client, " + tcp + ", TLSv1.3, closed]", c.toString());
                    }
                    return null;
                });
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aClientConnectingToAnIpLiteralSendsNoSni(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> {
                s.handshake(T);
                assertTrue(s.toString().startsWith("TlsStream[server, "), s.toString());
                s.writeAll(ByteBuffer.wrap(String.valueOf(s.requestedServerName()).getBytes(StandardCharsets.US_ASCII)));
                assertEquals(-1, s.read(ByteBuffer.allocate(1)), "the client's close_notify");
            })) {
                // no host name: the certificate's IP address entry is what is verified
                InetSocketAddress ip = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                        server.port());
                String seen = on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, ip, clientBuilder(certs.serverCrt).build(), T)) {
                        assertThrows(IllegalArgumentException.class, () -> c.setWriteTimeout(Duration.ofSeconds(-1)));
                        c.setWriteTimeout(Duration.ZERO); // none: close waits for close_notify as long as it allows
                        ByteBuffer in = ByteBuffer.allocate(4);
                        c.readFully(in);
                        return new String(in.array(), StandardCharsets.US_ASCII);
                    }
                });
                assertEquals("null", seen);
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncCallsOnAClosedRuntimeFailWithRuntimeClosed(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        Runtime rt = TlsTestSupport.open(kind, 1);
        rt.close();
        CompletableFuture<TlsStream> f = TlsStream.connectAsync(rt, localhost(1), clientBuilder(certs.serverCrt).build(),
                T);
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(RuntimeClosedException.class, e.getCause());
        assertTrue(f.isCompletedExceptionally());
    }
}
