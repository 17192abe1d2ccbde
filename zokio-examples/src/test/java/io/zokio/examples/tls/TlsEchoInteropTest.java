package io.zokio.examples.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.examples.ExampleTls;
import io.zokio.examples.SelfSigned;
import io.zokio.examples.VthreadEchoServer;
import io.zokio.loop.BackendKind;
import io.zokio.loop.IdleMode;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The echo server over TLS against {@code openssl s_client} and the JDK's SSLSocket; the certificate command. */
@Timeout(60)
class TlsEchoInteropTest {
    @TempDir
    Path dir;

    private VthreadEchoServer start(BackendKind kind, Path[] pem) throws Exception {
        try {
            return VthreadEchoServer.start(0, kind, IdleMode.BALANCED, 2,
                    ExampleTls.serverConfig(pem[0].toString(), pem[1].toString()));
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void opensslClientGetsItsLinesBack(BackendKind kind) throws Exception {
        TlsExampleFiles.require("openssl", "openssl");
        Path[] pem = TlsExampleFiles.selfSigned(dir);
        try (VthreadEchoServer server = start(kind, pem)) {
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                    "-servername", "localhost", "-CAfile", pem[0].toString(), "-verify_hostname", "localhost",
                    "-verify_return_error", "-tls1_3", "-quiet")
                    .redirectError(dir.resolve("s_client.err").toFile()).start();
            try {
                String lines = "first line\nsecond line over TLS\n";
                OutputStream in = p.getOutputStream();
                in.write(lines.getBytes(StandardCharsets.US_ASCII));
                in.flush();
                byte[] back = p.getInputStream().readNBytes(lines.length());
                assertEquals(lines, new String(back, StandardCharsets.US_ASCII),
                        () -> "s_client stderr: " + read(dir.resolve("s_client.err")));
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void jdkClientsEchoLargeMessages(BackendKind kind) throws Exception {
        Path[] pem = TlsExampleFiles.selfSigned(dir);
        try (VthreadEchoServer server = start(kind, pem)) {
            for (int c = 0; c < 4; c++) {
                try (SSLSocket s = (SSLSocket) TlsExampleFiles.trusting(pem[0]).getSocketFactory()
                        .createSocket("localhost", server.port())) {
                    s.setSoTimeout(30_000);
                    byte[] payload = new byte[100_000];
                    new Random(c).nextBytes(payload);
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    out.write(payload);
                    assertArrayEquals(payload, in.readNBytes(payload.length));
                    assertEquals("TLSv1.3", s.getSession().getProtocol());
                }
            }
        }
    }

    @Test
    void keytoolFallbackWritesALoadablePemPair() throws Exception {
        assertEquals("keytool", SelfSigned.write(dir, false));
        String cert = Files.readString(dir.resolve("cert.pem"));
        assertTrue(cert.startsWith("-----BEGIN CERTIFICATE-----"), cert);
        assertTrue(Files.readString(dir.resolve("key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        try (VthreadEchoServer server = start(BackendKind.NIO, new Path[] {dir.resolve("cert.pem"),
                dir.resolve("key.pem")});
             SSLSocket s = (SSLSocket) TlsExampleFiles.trusting(dir.resolve("cert.pem")).getSocketFactory()
                     .createSocket("localhost", server.port())) {
            s.setSoTimeout(30_000);
            javax.net.ssl.SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the SAN localhost must match
            s.setSSLParameters(p);
            s.getOutputStream().write(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, s.getInputStream().readNBytes(3));
            assertEquals("EC", ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0])
                    .getPublicKey().getAlgorithm());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
