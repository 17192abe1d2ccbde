package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.clientBuilder;
import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Zokio TLS against the JDK's own TLS: SSLSocket, SSLServerSocket and java.net.http.HttpClient; each backend. */
@Timeout(60)
class JdkInteropTest {
    private static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @CsvSource({"NIO, TLSv1.3", "NIO, TLSv1.2", "IO_URING, TLSv1.3", "IO_URING, TLSv1.2"})
    void jdkSslSocketClientToZokioServer(BackendKind kind, String protocol) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            // the server's SSLContext is the caller's own: any provider's context works
            TlsConfig sc = TlsConfig.builder().sslContext(serverContext(certs)).protocols(protocol)
                    .applicationProtocols("h2", "http/1.1").build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> {
                ByteBuffer b = ByteBuffer.allocate(4);
                s.readFully(b);
                String reply = protocol + " " + s.applicationProtocol();
                s.writeAll(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
            })) {
                SSLContext cc = clientBuilder(certs.rsaServerCrt).build().sslContext();
                try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port());
                     SSLSocket s = (SSLSocket) cc.getSocketFactory().createSocket(plain, "localhost", server.port(), true)) {
                    SSLParameters p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    p.setProtocols(new String[] {protocol});
                    p.setApplicationProtocols(new String[] {"http/1.1"});
                    s.setSSLParameters(p);
                    s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                    String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertEquals(protocol + " http/1.1", got);
                    assertEquals("http/1.1", s.getApplicationProtocol());
                }
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"NIO, TLSv1.3", "NIO, TLSv1.2", "IO_URING, TLSv1.3", "IO_URING, TLSv1.2"})
    void zokioClientToJdkSslServerSocketWithClientCertificate(BackendKind kind, String protocol) throws Exception {
        Certs certs = Certs.get();
        SSLContext serverCtx = serverBuilder(certs.serverP12).trustPem(certs.clientCrt).build().sslContext();
        try (Runtime rt = TlsTestSupport.open(kind, 2);
             SSLServerSocket ss = (SSLServerSocket) serverCtx.getServerSocketFactory()
                     .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SSLParameters p = ss.getSSLParameters();
            p.setNeedClientAuth(true);
            p.setProtocols(new String[] {protocol});
            p.setApplicationProtocols(new String[] {"h2"});
            ss.setSSLParameters(p);
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    byte[] in = new byte[5];
                    new DataInputStream(s.getInputStream()).readFully(in);
                    String who = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
                    OutputStream out = s.getOutputStream();
                    out.write(new String(in, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return who;
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> new Thread(r, "jdk-tls-server").start());
            TlsConfig cc = clientBuilder(certs.serverCrt, protocol).keyStore(certs.clientP12, Certs.PASSWORD)
                    .applicationProtocols("h2").build();
            String got = on(rt, () -> {
                try (TlsStream c = TlsStream.connect(rt, localhost(ss.getLocalPort()), cc, T)) {
                    assertEquals(protocol, c.protocol());
                    assertEquals("h2", c.applicationProtocol());
                    c.writeAll(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                    try (InputStream in = c.inputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.US_ASCII); // -1 at the JDK's close_notify
                    }
                }
            });
            assertEquals("HELLO", got);
            assertEquals("CN=client", served.get(30, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void jdkHttpClientAgainstATinyZokioHttpsResponder(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            TlsConfig sc = serverBuilder(certs.serverP12).applicationProtocols("http/1.1").build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> {
                // read the request head, answer, close (close_notify)
                InputStream in = s.inputStream();
                int state = 0;
                while (state < 4) {
                    int c = in.read();
                    if (c < 0) {
                        throw new java.io.EOFException("request head cut short");
                    }
                    state = (c == (state % 2 == 0 ? '\r' : '\n')) ? state + 1 : (c == '\r' ? 1 : 0);
                }
                String body = "hello over " + s.protocol();
                s.writeAll(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII)));
            })) {
                // java.net.http is not in the io.zokio module graph the tests compile in: the client runs as a
                // single-file program in its own JVM (the running JDK's launcher)
                Path probe = certs.dir.resolve("HttpProbe.java");
                Files.writeString(probe, HTTP_PROBE);
                String out = Certs.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        probe.toString(), "https://localhost:" + server.port() + "/", certs.serverCrt.toString()), certs.dir);
                assertEquals("200 hello over TLSv1.3", out.strip());
                server.expectOk();
            }
        }
    }

    /** GETs args[0] with java.net.http.HttpClient trusting the PEM certificate args[1]; prints status and body. */
    private static final String HTTP_PROBE = """
            import java.net.URI;
            import java.net.http.*;
            import java.security.KeyStore;
            import java.security.cert.CertificateFactory;
            import java.time.Duration;
            import javax.net.ssl.*;

            public class HttpProbe {
                public static void main(String[] args) throws Exception {
                    KeyStore ks = KeyStore.getInstance("PKCS12");
                    ks.load(null, null);
                    try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(args[1]))) {
                        ks.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
                    }
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                    tmf.init(ks);
                    SSLContext ctx = SSLContext.getInstance("TLS");
                    ctx.init(null, tmf.getTrustManagers(), null);
                    try (HttpClient http = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(20)).build()) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(args[0]))
                                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                        System.out.println(r.statusCode() + " " + r.body());
                    }
                }
            }
            """;

    private static SSLContext serverContext(Certs certs) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(certs.rsaServerP12)) {
            ks.load(in, Certs.PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, Certs.PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
