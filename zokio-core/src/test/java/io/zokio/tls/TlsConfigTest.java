package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TlsConfig: defaults, PEM key material (EC P-256 and RSA, PKCS#8 and traditional) and its error messages. */
@Timeout(60)
class TlsConfigTest {

    @Test
    void secureDefaults() {
        TlsConfig c = TlsConfig.clientDefaults();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), c.protocols());
        assertNull(c.cipherSuites());
        assertTrue(c.hostnameVerification());
        assertEquals(TlsConfig.ClientAuth.NONE, c.clientAuth());
        SSLEngine e = c.newEngine(true, "localhost", 443);
        assertEquals("HTTPS", e.getSSLParameters().getEndpointIdentificationAlgorithm());
        assertEquals(List.of(new SNIHostName("localhost")), e.getSSLParameters().getServerNames());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(e.getEnabledProtocols()));
        assertEquals("localhost", e.getPeerHost());
        assertEquals(443, e.getPeerPort());
        SSLEngine ip = c.newEngine(true, "127.0.0.1", 443);
        assertTrue(ip.getSSLParameters().getServerNames() == null || ip.getSSLParameters().getServerNames().isEmpty(),
                "no SNI for an IP literal");
        SSLEngine off = TlsConfig.builder().hostnameVerification(false).serverName("example.test").build()
                .newEngine(true, "localhost", 443);
        assertNull(off.getSSLParameters().getEndpointIdentificationAlgorithm());
        assertEquals(List.of(new SNIHostName("example.test")), off.getSSLParameters().getServerNames());
        SSLEngine server = TlsConfig.builder().clientAuth(TlsConfig.ClientAuth.REQUIRED).build().newEngine(false, null, -1);
        assertTrue(server.getNeedClientAuth());
    }

    @Test
    void contextAndMaterialTogetherAreRefused() throws Exception {
        Certs certs = Certs.get();
        SSLContext ctx = SSLContext.getDefault();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TlsConfig.builder().sslContext(ctx).trustPem(certs.serverCrt).build());
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().protocols());
    }

    @Test
    void badPemFilesGetClearMessages(@TempDir Path dir) throws Exception {
        Path enc = dir.resolve("enc.pem");
        Files.writeString(enc, Certs.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));
        IOException e = assertThrows(IOException.class, () -> Pem.privateKey(enc));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());

        Path legacyEnc = dir.resolve("legacy.pem");
        Files.writeString(legacyEnc, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n");
        e = assertThrows(IOException.class, () -> Pem.privateKey(legacyEnc));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());

        Path none = dir.resolve("none.pem");
        Files.writeString(none, "nothing here\n");
        e = assertThrows(IOException.class, () -> Pem.privateKey(none));
        assertTrue(e.getMessage().contains("BEGIN PRIVATE KEY"), e.getMessage());
        e = assertThrows(IOException.class, () -> TlsConfig.builder().trustPem(none));
        assertTrue(e.getMessage().contains("BEGIN CERTIFICATE"), e.getMessage());

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, Certs.pem("PRIVATE KEY", "not a key".getBytes(StandardCharsets.US_ASCII)));
        e = assertThrows(IOException.class, () -> Pem.privateKey(garbage));
        assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"NIO, true, false", "NIO, true, true", "NIO, false, false", "NIO, false, true",
        "IO_URING, true, true", "IO_URING, false, true"})
    void pemKeysFromOpensslServeAHandshake(BackendKind kind, boolean ec, boolean traditional) throws Exception {
        Certs certs = Certs.get();
        Path[] pem = certs.opensslPem(ec ? "ossl-ec" : "ossl-rsa", ec);
        Path key = traditional ? certs.traditional(pem[1]) : pem[1];
        String firstLine = Files.readAllLines(key).getFirst();
        assertEquals(traditional ? (ec ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----")
                : "-----BEGIN PRIVATE KEY-----", firstLine);
        assertEquals(ec ? "EC" : "RSA", Pem.privateKey(key).getAlgorithm());
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            TlsConfig sc = TlsConfig.builder().keyPem(pem[0], key).build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> s.writeAll(ByteBuffer.wrap(new byte[] {1})))) {
                String keyAlg = on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(server.port()),
                            TlsConfig.builder().trustPem(pem[0]).build(), Duration.ofSeconds(20))) {
                        assertEquals(1, c.read(ByteBuffer.allocate(4)));
                        return ((X509Certificate) c.peerCertificates()[0]).getPublicKey().getAlgorithm();
                    }
                });
                assertEquals(ec ? "EC" : "RSA", keyAlg);
                server.expectOk();
            }
        }
    }
}
