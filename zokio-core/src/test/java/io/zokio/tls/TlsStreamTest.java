package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.OK;
import static io.zokio.tls.TlsTestSupport.clientBuilder;
import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Zokio TLS client against Zokio TLS server, blocking and async styles, on each backend. */
@Timeout(60)
class TlsStreamTest {
    private static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @CsvSource({"NIO, TLSv1.3", "NIO, TLSv1.2", "IO_URING, TLSv1.3", "IO_URING, TLSv1.2"})
    void bulkEchoThroughEveryReadAndWriteShape(BackendKind kind, String protocol) throws Exception {
        Certs certs = Certs.get();
        int size = 1 << 20;
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            long baseline = TlsTestSupport.buffersInUse(rt);
            TlsConfig sc = serverBuilder(certs.serverP12, protocol).build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> {
                // echo in small heap pieces (decrypted via appIn) until close_notify
                ByteBuffer b = ByteBuffer.allocate(1000);
                while (s.read(b) >= 0) {
                    s.writeAll(b.flip());
                    b.clear();
                }
            })) {
                TlsConfig cc = clientBuilder(certs.serverCrt, protocol).build();
                on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()), cc, T)) {
                        assertEquals(protocol, c.protocol());
                        assertTrue(c.isClient());
                        // writer: gathering writes of a direct and a heap piece; reader: scattering reads
                        var writer = rt.spawn(() -> {
                            for (int off = 0; off < size; off += 3000) {
                                ByteBuffer d = ByteBuffer.allocateDirect(1000).put(data, off, Math.min(1000, size - off)).flip();
                                int rest = Math.max(0, Math.min(2000, size - off - 1000));
                                ByteBuffer h = ByteBuffer.wrap(data, Math.min(size, off + 1000), rest);
                                ByteBuffer[] srcs = {d, h};
                                while (d.hasRemaining() || h.hasRemaining()) {
                                    c.write(srcs);
                                }
                            }
                            return null;
                        });
                        CRC32 want = new CRC32();
                        want.update(data);
                        CRC32 got = new CRC32();
                        ByteBuffer a = ByteBuffer.allocateDirect(20000);
                        ByteBuffer b = ByteBuffer.allocate(7000);
                        long total = 0;
                        while (total < size) {
                            long n = c.read(new ByteBuffer[] {a, b});
                            assertTrue(n > 0);
                            got.update(a.flip());
                            got.update(b.flip());
                            a.clear();
                            b.clear();
                            total += n;
                        }
                        writer.join();
                        assertEquals(size, total);
                        assertEquals(want.getValue(), got.getValue());
                    }
                    return null;
                });
                server.expectOk();
            }
            assertEquals(baseline, TlsTestSupport.buffersInUse(rt), "every TLS buffer went back to the pool");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void streamsAdaptersAlpnSniAndCloseNotify(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            TlsConfig sc = serverBuilder(certs.serverP12).applicationProtocols("h2", "http/1.1").build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> {
                s.handshake(T);
                String seen = s.applicationProtocol() + " " + s.requestedServerName();
                try (OutputStream out = s.outputStream()) {
                    out.write(seen.getBytes(StandardCharsets.US_ASCII));
                } // close: close_notify
            })) {
                TlsConfig cc = clientBuilder(certs.serverCrt).applicationProtocols("spdy/3", "http/1.1").build();
                String got = on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()), cc, T);
                         InputStream in = c.inputStream()) {
                        assertEquals("http/1.1", c.applicationProtocol());
                        return new String(in.readAllBytes(), StandardCharsets.US_ASCII); // ends at close_notify
                    }
                });
                assertEquals("http/1.1 localhost", got);
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"NIO, TLSv1.3", "NIO, TLSv1.2", "IO_URING, TLSv1.3", "IO_URING, TLSv1.2"})
    void clientCertificateRequiredPresentAndMissing(BackendKind kind, String protocol) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            long baseline = TlsTestSupport.buffersInUse(rt);
            TlsConfig sc = serverBuilder(certs.serverP12, protocol).trustPem(certs.clientCrt)
                    .clientAuth(TlsConfig.ClientAuth.REQUIRED).build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> {
                s.handshake(T);
                X509Certificate peer = (X509Certificate) s.peerCertificates()[0];
                s.writeAll(ByteBuffer.wrap(peer.getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8)));
            })) {
                TlsConfig withCert = clientBuilder(certs.serverCrt, protocol).keyStore(certs.clientP12, Certs.PASSWORD).build();
                assertEquals("CN=client", on(rt, () -> readAll(rt, server.port(), withCert)));
                server.expectOk();

                TlsConfig without = clientBuilder(certs.serverCrt, protocol).build();
                // TLS 1.3: the client finishes first and learns of the refusal on its first read
                assertThrows(SSLException.class, () -> on(rt, () -> readAll(rt, server.port(), without)));
                assertInstanceOf(SSLHandshakeException.class, server.next());
            }
            assertEquals(baseline, TlsTestSupport.buffersInUse(rt));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void clientCertificateOptional(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            TlsConfig sc = serverBuilder(certs.serverP12).trustPem(certs.clientCrt)
                    .clientAuth(TlsConfig.ClientAuth.OPTIONAL).build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> {
                s.handshake(T);
                String who;
                try {
                    who = ((X509Certificate) s.peerCertificates()[0]).getSubjectX500Principal().getName();
                } catch (SSLPeerUnverifiedException e) {
                    who = "anonymous";
                }
                s.writeAll(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)));
            })) {
                assertEquals("anonymous", on(rt, () -> readAll(rt, server.port(),
                        clientBuilder(certs.serverCrt).build())));
                assertEquals("CN=client", on(rt, () -> readAll(rt, server.port(),
                        clientBuilder(certs.serverCrt).keyStore(certs.clientP12, Certs.PASSWORD).build())));
                server.expectOk();
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"NIO, TLSv1.3", "NIO, TLSv1.2", "IO_URING, TLSv1.3", "IO_URING, TLSv1.2"})
    void sessionResumedOnSecondConnection(BackendKind kind, String protocol) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            TlsConfig sc = serverBuilder(certs.serverP12, protocol).build();
            try (var server = new TlsTestSupport.Server(rt, sc,
                    s -> s.writeAll(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII))))) {
                TlsConfig cc = clientBuilder(certs.serverCrt, protocol).build(); // one SSLContext: one cache
                SSLSession first = on(rt, () -> session(rt, server.port(), cc));
                SSLSession second = on(rt, () -> session(rt, server.port(), cc));
                server.expectOk();
                server.expectOk();
                if (protocol.equals("TLSv1.2")) {
                    assertArrayEquals(first.getId(), second.getId(), "TLS 1.2 resumption keeps the session id");
                } else {
                    // TLS 1.3 resumption (PSK) makes a new session id; the JDK keeps the resumed session's creation time
                    assertEquals(first.getCreationTime(), second.getCreationTime(), "TLS 1.3 resumed the first session");
                }
                SSLSession fresh = on(rt, () -> session(rt, server.port(), clientBuilder(certs.serverCrt, protocol).build()));
                server.expectOk();
                assertFalse(Arrays.equals(first.getId(), fresh.getId()), "another context has its own cache");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void hostnameMismatchFailsUnlessVerificationIsOff(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            long baseline = TlsTestSupport.buffersInUse(rt);
            TlsConfig sc = serverBuilder(certs.otherP12).build();
            try (var server = new TlsTestSupport.Server(rt, sc,
                    s -> s.writeAll(ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII))))) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                        () -> on(rt, () -> readAll(rt, server.port(), clientBuilder(certs.otherCrt).build())));
                assertTrue(e.getMessage().contains("localhost"), e.getMessage());
                assertInstanceOf(SSLException.class, server.next());
                assertEquals("ok", on(rt, () -> readAll(rt, server.port(),
                        clientBuilder(certs.otherCrt).hostnameVerification(false).build())));
                server.expectOk();
                assertEquals("ok", on(rt, () -> readAll(rt, server.port(),
                        clientBuilder(certs.otherCrt).serverName("other.test").build())), "verified against the SNI name");
                server.expectOk();
            }
            assertEquals(baseline, TlsTestSupport.buffersInUse(rt));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void affineWorkersHandshakeWithTasksOffTheLoop(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2, io.zokio.runtime.CarrierMode.AFFINE)) {
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(),
                    s -> s.writeAll(ByteBuffer.wrap("affine".getBytes(StandardCharsets.US_ASCII))))) {
                assertEquals("affine", on(rt, () -> {
                    assertTrue(rt.isCarriedByWorker(), "the client runs on a worker's carrier");
                    return readAll(rt, server.port(), clientBuilder(certs.serverCrt).build());
                }));
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncStyleChain(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> {
                ByteBuffer b = ByteBuffer.allocate(5);
                s.readFully(b);
                s.writeAll(b.flip());
            })) {
                ByteBuffer in = ByteBuffer.allocate(5);
                String got = TlsStream.connectAsync(rt, localhost(server.port()), clientBuilder(certs.serverCrt).build(), T)
                        .thenCompose(c -> c.handshakeAsync(T)
                                .thenCompose(v -> c.writeAllAsync(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), T))
                                .thenCompose(v -> c.readAsync(in, T))
                                .thenApply(n -> {
                                    assertFalse(Runtime.isWorkerThread(), "futures complete off the loop threads");
                                    try {
                                        c.close();
                                    } catch (java.io.IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                    return new String(in.array(), 0, n, StandardCharsets.US_ASCII);
                                }))
                        .get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals("hello", got);
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void readTimeoutLeavesTheStreamUsable(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            java.util.concurrent.CountDownLatch timedOut = new java.util.concurrent.CountDownLatch(1);
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> {
                s.handshake(T);
                timedOut.await(); // silent until the client's read timed out
                s.writeAll(ByteBuffer.wrap("late".getBytes(StandardCharsets.US_ASCII)));
            })) {
                on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()), clientBuilder(certs.serverCrt).build(), T)) {
                        c.setReadTimeout(Duration.ofMillis(100));
                        assertThrows(java.net.SocketTimeoutException.class, () -> c.read(ByteBuffer.allocate(10)));
                        timedOut.countDown();
                        ByteBuffer b = ByteBuffer.allocate(4);
                        c.setReadTimeout(null);
                        c.readFully(b);
                        assertEquals("late", new String(b.array(), StandardCharsets.US_ASCII));
                    }
                    return null;
                });
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void misuseIsRefusedClearly(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            try (var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> s.read(ByteBuffer.allocate(1)))) {
                on(rt, () -> {
                    TlsStream c = TlsStream.connect(rt, localhost(server.port()), clientBuilder(certs.serverCrt).build(), T);
                    assertThrows(java.nio.ReadOnlyBufferException.class, () -> c.read(ByteBuffer.allocate(1).asReadOnlyBuffer()));
                    assertThrows(IllegalArgumentException.class, () -> c.read(ByteBuffer.allocate(1), Duration.ofSeconds(-1)));
                    c.close();
                    c.close();
                    assertFalse(c.isOpen());
                    assertThrows(java.nio.channels.ClosedChannelException.class, () -> c.read(ByteBuffer.allocate(1)));
                    assertTrue(c.buffersReleased());
                    assertFalse(c.tcp().isOpen(), "the TCP stream is closed with it");
                    return null;
                });
                Object o = server.next();
                assertTrue(o == OK || o instanceof SSLException, String.valueOf(o));
            }
        }
    }

    static String readAll(Runtime rt, int port, TlsConfig cc) throws Exception {
        try (TlsStream c = TlsStream.connect(rt, localhost(port), cc, T)) {
            return new String(c.inputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static SSLSession session(Runtime rt, int port, TlsConfig cc) throws Exception {
        try (TlsStream c = TlsStream.connect(rt, localhost(port), cc, T)) {
            c.read(ByteBuffer.allocate(1)); // TLS 1.3: the session ticket comes after the handshake
            SSLSession s = c.session();
            assertNotEquals(0, s.getId().length + 1);
            return s;
        }
    }
}
