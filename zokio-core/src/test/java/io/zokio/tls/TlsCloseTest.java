package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.clientBuilder;
import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The end of a TLS stream: close_notify, truncation, half-close in TLS 1.3 and 1.2; Zokio to Zokio, each backend. */
@Timeout(60)
class TlsCloseTest {
    private static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void tcpCloseWithoutCloseNotifyIsTruncation(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> {
                s.writeAll(ByteBuffer.wrap("partial".getBytes(StandardCharsets.US_ASCII)));
                s.tcp().close(); // no close_notify
            })) {
                on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()), clientBuilder(certs.serverCrt).build(), T)) {
                        ByteBuffer b = ByteBuffer.allocate(100);
                        assertEquals(7, c.read(b));
                        TlsTruncationException e = assertThrows(TlsTruncationException.class, () -> c.read(b));
                        assertTrue(e.getMessage().contains("close_notify"), e.getMessage());
                        assertThrows(SSLException.class, () -> c.read(b), "a failed stream stays failed");
                    }
                    return null;
                });
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void tls13HalfCloseLetsThePeerAnswer(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12, "TLSv1.3").build(), s -> {
                long total = 0;
                ByteBuffer b = ByteBuffer.allocate(4096);
                int k;
                while ((k = s.read(b)) >= 0) {
                    total += k;
                    b.clear();
                }
                s.writeAll(ByteBuffer.allocate(8).putLong(0, total));
            })) {
                long answer = on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()),
                            clientBuilder(certs.serverCrt, "TLSv1.3").build(), T)) {
                        c.writeAll(ByteBuffer.allocate(50_000));
                        c.shutdownOutput();
                        assertThrows(java.io.IOException.class, () -> c.write(ByteBuffer.allocate(1)));
                        ByteBuffer in = ByteBuffer.allocate(8);
                        c.readFully(in);
                        assertEquals(-1, c.read(ByteBuffer.allocate(1)));
                        return in.getLong(0);
                    }
                });
                assertEquals(50_000, answer);
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void tls12CloseNotifyClosesBothDirections(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12, "TLSv1.2").build(), s -> {
                assertEquals(-1, s.read(ByteBuffer.allocate(10)));
                // the engine answered the close_notify with its own: nothing more can be sent
                java.io.IOException e = assertThrows(java.io.IOException.class, () -> s.write(ByteBuffer.allocate(1)));
                assertTrue(e.getMessage().contains("close_notify"), e.getMessage());
            })) {
                on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()),
                            clientBuilder(certs.serverCrt, "TLSv1.2").build(), T)) {
                        c.shutdownOutput();
                        assertEquals(-1, c.read(ByteBuffer.allocate(1)), "the peer's close_notify answer");
                    }
                    return null;
                });
                server.expectOk();
            }
        }
    }
}
