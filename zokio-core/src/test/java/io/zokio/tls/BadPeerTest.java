package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.clientBuilder;
import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Peers that break the protocol: each case ends in a clear SSLException or IOException, every TLS buffer goes
 * back to the pool, and the same server keeps serving good clients. On each backend.
 */
@Timeout(60)
class BadPeerTest {
    private static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void brokenClientsFailCleanlyAndTheServerGoesOn(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            long baseline = TlsTestSupport.buffersInUse(rt);
            TlsConfig sc = serverBuilder(certs.serverP12).build();
            TlsConfig cc = clientBuilder(certs.serverCrt).build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> {
                ByteBuffer b = ByteBuffer.allocate(100);
                s.readFully(b);
                s.writeAll(b.flip());
            })) {
                // a plaintext HTTP client on the TLS port
                try (Socket plain = new Socket(localhost(0).getAddress(), server.port())) {
                    plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    SSLException e = assertInstanceOf(SSLException.class, server.next());
                    assertTrue(e.getMessage().contains("nrecognized SSL message") || e.getMessage().contains("plaintext"),
                            e.getMessage());
                }

                // a ClientHello cut short, then the connection closed
                byte[] hello = clientHello(cc, server.port());
                try (Socket cut = new Socket(localhost(0).getAddress(), server.port())) {
                    cut.getOutputStream().write(hello, 0, hello.length / 2);
                    cut.shutdownOutput();
                    SSLHandshakeException e = assertInstanceOf(SSLHandshakeException.class, server.next());
                    assertTrue(e.getMessage().contains("closed the connection during the TLS handshake"), e.getMessage());
                }

                // a handshake, then a record header announcing more than is sent, then TCP close
                on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()), cc, T)) {
                        c.tcp().writeAll(ByteBuffer.wrap(new byte[] {0x17, 0x03, 0x03, 0x00, 0x64, 1, 2, 3, 4, 5}));
                        // FIN, then wait for the server to give up: closing at once, with the server's session
                        // ticket unread, would send a reset that can reach the server before it reads the FIN
                        c.tcp().shutdownOutput();
                        drainUntilClosed(c.tcp());
                    }
                    return null;
                });
                TlsTruncationException trunc = assertInstanceOf(TlsTruncationException.class, server.next());
                assertTrue(trunc.getMessage().contains("middle of a TLS record"), trunc.getMessage());

                // a handshake, then random bytes: once with a plausible record header, once without
                for (boolean header : new boolean[] {true, false}) {
                    on(rt, () -> {
                        try (TlsStream c = TlsStream.connect(rt, localhost(server.port()), cc, T)) {
                            byte[] junk = new byte[200];
                            new Random(7).nextBytes(junk);
                            if (header) {
                                junk[0] = 0x17;
                                junk[1] = 0x03;
                                junk[2] = 0x03;
                                junk[3] = 0x00;
                                junk[4] = (byte) 195;
                            } else {
                                junk[0] = 0x42;
                            }
                            c.tcp().writeAll(ByteBuffer.wrap(junk));
                            // the server answers with a fatal alert or just closes; either way no data comes
                            assertThrows(IOException.class, () -> c.read(ByteBuffer.allocate(10)));
                        }
                        return null;
                    });
                    assertInstanceOf(SSLException.class, server.next(), "header " + header);
                }

                // after all that, a good client
                assertEquals(100, on(rt, () -> echo(rt, server.port(), cc)));
                server.expectOk();
            }
            assertEquals(baseline, TlsTestSupport.buffersInUse(rt), "every TLS buffer went back to the pool");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void untrustedAndExpiredServersAreRefused(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            long baseline = TlsTestSupport.buffersInUse(rt);
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> s.handshake(T))) {
                // trusts another certificate only
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> on(rt,
                        () -> echo(rt, server.port(), clientBuilder(certs.otherCrt).build())));
                assertTrue(e.getMessage().contains("PKIX") || e.getMessage().contains("certif"), e.getMessage());
                assertInstanceOf(SSLException.class, server.next());
                // the JDK's default trust store does not know a self-signed test certificate either
                assertThrows(SSLHandshakeException.class, () -> on(rt,
                        () -> echo(rt, server.port(), TlsConfig.clientDefaults())));
                assertInstanceOf(SSLException.class, server.next());
            }
            try (var server = new TlsTestSupport.Server(rt, TlsConfig.builder().keyPem(certs.expiredChain, certs.expiredKey).build(), s -> s.handshake(T))) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> on(rt,
                        () -> echo(rt, server.port(), clientBuilder(certs.caCrt).build())));
                assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("valid")
                        || e.getMessage().contains("expired"), e.getMessage());
                assertInstanceOf(SSLException.class, server.next());
            }
            assertEquals(baseline, TlsTestSupport.buffersInUse(rt));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aPeerThatNeverReadsMakesTheWriterTimeOut(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            long baseline = TlsTestSupport.buffersInUse(rt);
            CountDownLatch serverDone = new CountDownLatch(1);
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> {
                s.setWriteTimeout(Duration.ofMillis(300));
                ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
                for (int i = 0; i < 4096; i++) { // far more than any socket buffer holds
                    s.writeAll(chunk.clear());
                }
            })) {
                var client = rt.spawn(() -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()), clientBuilder(certs.serverCrt).build(), T)) {
                        serverDone.await(); // connected, never reading
                    }
                    return null;
                });
                Object outcome = server.next();
                serverDone.countDown();
                client.join();
                assertInstanceOf(SocketTimeoutException.class, outcome);
            }
            assertEquals(baseline, TlsTestSupport.buffersInUse(rt));
        }
    }

    private static int echo(Runtime rt, int port, TlsConfig cc) throws IOException {
        try (TlsStream c = TlsStream.connect(rt, localhost(port), cc, T)) {
            c.writeAll(ByteBuffer.allocate(100));
            ByteBuffer in = ByteBuffer.allocate(100);
            c.readFully(in);
            return in.position();
        }
    }

    /** The first flight of a real client: a ClientHello record. */
    private static byte[] clientHello(TlsConfig cc, int port) throws SSLException {
        SSLEngine e = cc.newEngine(true, "localhost", port);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        byte[] b = new byte[out.flip().remaining()];
        out.get(b);
        return b;
    }


    /** Reads raw bytes until the peer closes (end of stream or an error). */
    private static void drainUntilClosed(io.zokio.net.TcpStream tcp) {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            while (tcp.read(sink.clear()) >= 0) {
                // the server's session ticket and alert: not looked at
            }
        } catch (IOException closed) {
            // a reset is an end too
        }
    }
}
