package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One reader and one writer at a time: a second read (or write) while the first is inside the stream is
 * refused, and a close while an operation is inside gives the buffers back only once it left. The first
 * operation is held inside the handshake by a trust manager that waits for the test; each backend.
 */
@Timeout(60)
class TlsConcurrentUseTest {
    private static final Duration T = Duration.ofSeconds(20);

    /** Trusts the test server's certificate; the first check waits until the test lets it go on. */
    static final class HeldTrust extends X509ExtendedTrustManager {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final X509ExtendedTrustManager delegate;

        HeldTrust(X509Certificate trusted) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("server", trusted);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            delegate = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
        }

        private void hold() throws CertificateException {
            inside.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new CertificateException("the test never released the handshake");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            hold();
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            hold();
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            hold();
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }

        TlsConfig config() throws Exception {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {this}, null);
            return TlsConfig.builder().sslContext(ctx).build();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aSecondReadIsRefusedAndACloseWaitsForTheFirstToLeave(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        HeldTrust trust = new HeldTrust(Pem.certificates(certs.serverCrt).getFirst());
        try (Runtime rt = TlsTestSupport.open(kind, 2);
             var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> s.handshake(T))) {
            TlsStream c = on(rt, () -> TlsStream.client(rt, TcpStream.connect(rt, localhost(server.port()), T),
                    trust.config(), "localhost", server.port()));
            Task<Integer> reader = rt.spawn(() -> c.read(ByteBuffer.allocate(10), T));
            assertTrue(trust.inside.await(30, TimeUnit.SECONDS), "the reader reached the certificate check");

            IllegalStateException second = assertThrows(IllegalStateException.class,
                    () -> c.read(ByteBuffer.allocate(1), T));
            assertEquals("another read is in progress on this TLS stream", second.getMessage());

            c.close();
            assertFalse(c.isOpen());
            assertFalse(c.buffersReleased(), "the reader is still inside: its buffers stay");
            trust.release.countDown();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> reader.toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause(), "the connection was closed under the handshake");
            assertTrue(c.buffersReleased(), "given back once the reader left");
            server.next(); // the server's side of the aborted handshake ended, one way or another
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aSecondWriteIsRefusedWhileTheFirstIsInside(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        HeldTrust trust = new HeldTrust(Pem.certificates(certs.serverCrt).getFirst());
        try (Runtime rt = TlsTestSupport.open(kind, 2);
             var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> {
                 ByteBuffer in = ByteBuffer.allocate(3);
                 s.readFully(in);
                 s.writeAll(in.flip());
             })) {
            TlsStream c = on(rt, () -> TlsStream.client(rt, TcpStream.connect(rt, localhost(server.port()), T),
                    trust.config(), "localhost", server.port()));
            try (c) {
                Task<Integer> writer = rt.spawn(() -> c.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), T));
                assertTrue(trust.inside.await(30, TimeUnit.SECONDS), "the writer reached the certificate check");
                IllegalStateException second = assertThrows(IllegalStateException.class,
                        () -> c.write(ByteBuffer.allocate(1), T));
                assertEquals("another write is in progress on this TLS stream", second.getMessage());
                trust.release.countDown();
                assertEquals(3, writer.toCompletableFuture().get(30, TimeUnit.SECONDS));
                ByteBuffer back = ByteBuffer.allocate(3);
                on(rt, () -> {
                    c.readFully(back);
                    return null;
                });
                assertEquals(3, back.get(2), "the stream works on after the refused write");
            }
            server.expectOk();
        }
    }
}
