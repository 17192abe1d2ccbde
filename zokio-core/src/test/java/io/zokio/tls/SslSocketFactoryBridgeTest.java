package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.clientBuilder;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.bridge.ZokioSocket;
import io.zokio.bridge.ZokioSslSocketFactory;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ZokioSslSocketFactory} (in {@code io.zokio.bridge}; tested here for the test certificates): the JDK's
 * TLS over a {@link ZokioSocket} against the JDK's {@link SSLServerSocket}, on both backends; bytes flow, and
 * the server's certificate must name the host.
 */
@Timeout(60)
class SslSocketFactoryBridgeTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void bytesFlowOverTheJdksTlsOnAZokioSocket(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2); SSLServerSocket ss = server(certs.serverP12)) {
            CompletableFuture<Void> served = echoOnce(ss);
            SSLContext cc = clientBuilder(certs.serverCrt).build().sslContext();
            ZokioSslSocketFactory f = new ZokioSslSocketFactory(rt, cc, true);
            String got = on(rt, () -> {
                try (SSLSocket s = (SSLSocket) f.createSocket("localhost", ss.getLocalPort())) {
                    s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                    byte[] in = new byte[5];
                    new DataInputStream(s.getInputStream()).readFully(in);
                    assertEquals("HTTPS", s.getSSLParameters().getEndpointIdentificationAlgorithm());
                    return new String(in, StandardCharsets.US_ASCII);
                }
            });
            assertEquals("HELLO", got);
            served.get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aCertificateForAnotherHostFailsTheHandshakeUnlessVerificationIsOff(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2); SSLServerSocket ss = server(certs.otherP12)) {
            // trusted, but issued to other.test only: the name check is what fails
            SSLContext cc = clientBuilder(certs.otherCrt).build().sslContext();
            CompletableFuture<Void> refused = acceptOneQuietly(ss);
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> on(rt, () -> {
                try (Socket s = new ZokioSslSocketFactory(rt, cc, true).createSocket("localhost", ss.getLocalPort())) {
                    ((SSLSocket) s).startHandshake();
                }
                return null;
            }));
            assertTrue(String.valueOf(e.getMessage()).contains("localhost")
                    || String.valueOf(e.getCause()).contains("localhost"), String.valueOf(e));
            refused.get(30, TimeUnit.SECONDS);

            CompletableFuture<Void> served = echoOnce(ss);
            String got = on(rt, () -> {
                // layered over a connected ZokioSocket, as a library upgrading a plain connection does
                ZokioSocket plain = new ZokioSocket(rt);
                plain.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()));
                try (Socket s = new ZokioSslSocketFactory(rt, cc, false).createSocket(plain, "localhost",
                        ss.getLocalPort(), true)) {
                    s.getOutputStream().write("again".getBytes(StandardCharsets.US_ASCII));
                    byte[] in = new byte[5];
                    new DataInputStream(s.getInputStream()).readFully(in);
                    return new String(in, StandardCharsets.US_ASCII);
                }
            });
            assertEquals("AGAIN", got);
            served.get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aServerGivenByAddressIsVerifiedUnderThatAddresssHostName(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2); SSLServerSocket ss = server(certs.serverP12)) {
            CompletableFuture<Void> served = echoOnce(ss);
            SSLContext cc = clientBuilder(certs.serverCrt).build().sslContext();
            InetAddress loopback = InetAddress.getLoopbackAddress(); // named localhost, as the certificate is
            String got = on(rt, () -> {
                try (SSLSocket s = (SSLSocket) new ZokioSslSocketFactory(rt, cc, true).createSocket(loopback,
                        ss.getLocalPort())) {
                    s.getOutputStream().write("bytes".getBytes(StandardCharsets.US_ASCII));
                    byte[] in = new byte[5];
                    new DataInputStream(s.getInputStream()).readFully(in);
                    assertEquals("localhost", s.getSession().getPeerHost());
                    assertEquals("HTTPS", s.getSSLParameters().getEndpointIdentificationAlgorithm());
                    return new String(in, StandardCharsets.US_ASCII);
                }
            });
            assertEquals("BYTES", got);
            served.get(30, TimeUnit.SECONDS);
        }
    }

    private static SSLServerSocket server(Path p12) throws Exception {
        SSLContext ctx = serverBuilder(p12).build().sslContext();
        return (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    /** Accepts one connection and echoes five bytes in upper case, on a platform thread. */
    private static CompletableFuture<Void> echoOnce(SSLServerSocket ss) {
        return CompletableFuture.runAsync(() -> {
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                byte[] in = new byte[5];
                new DataInputStream(s.getInputStream()).readFully(in);
                OutputStream out = s.getOutputStream();
                out.write(new String(in, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, r -> new Thread(r, "jdk-tls-server").start());
    }

    /** Accepts one connection whose handshake the client aborts. */
    private static CompletableFuture<Void> acceptOneQuietly(SSLServerSocket ss) {
        return CompletableFuture.runAsync(() -> {
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                s.startHandshake();
            } catch (Exception expected) {
                assertInstanceOf(Exception.class, expected); // the client refused the certificate
            }
        }, r -> new Thread(r, "jdk-tls-server").start());
    }

    private static <T> T on(Runtime rt, Callable<T> body) throws Exception {
        try {
            return rt.blockOn(body);
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
