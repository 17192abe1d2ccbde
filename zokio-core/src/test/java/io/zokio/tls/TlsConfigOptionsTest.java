package io.zokio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TlsConfig}'s options reach the engines it makes (cipher suites, client authentication, SNI for names and
 * IP literals), trust comes from PKCS#12 and JKS files, and bad key material fails with the file or the cause
 * named. Handshakes here run engine to engine in memory.
 */
@Timeout(60)
class TlsConfigOptionsTest {
    private static final String SUITE = "TLS_AES_256_GCM_SHA384";

    @TempDir
    Path dir;

    @Test
    void cipherSuitesAlpnAndServerNameAreKeptAndApplied() throws Exception {
        Certs certs = Certs.get();
        TlsConfig cc = TlsTestSupport.clientBuilder(certs.serverCrt).cipherSuites(SUITE)
                .applicationProtocols("h2").serverName("localhost").build();
        assertEquals(List.of(SUITE), cc.cipherSuites());
        assertEquals(List.of("h2"), cc.applicationProtocols());
        assertEquals("localhost", cc.serverName());
        SSLEngine client = cc.newEngine(true, "127.0.0.1", 8443);
        assertEquals(List.of(SUITE), List.of(client.getEnabledCipherSuites()));
        assertEquals(List.of(new SNIHostName("localhost")), client.getSSLParameters().getServerNames(),
                "the configured name, even for an IP literal");
        SSLEngine server = TlsTestSupport.serverBuilder(certs.serverP12).applicationProtocols("h2").build()
                .newEngine(false, null, -1);
        handshake(client, server);
        assertEquals(SUITE, client.getSession().getCipherSuite());
        assertEquals("h2", client.getApplicationProtocol());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().cipherSuites());

        String s = cc.toString();
        assertTrue(s.startsWith("TlsConfig[protocols=[TLSv1.3, TLSv1.2], alpn=[h2], clientAuth=NONE, serverName=localhost,"
                + " hostnameVerification=true, handshakeTasks=OFF_LOOP, provider="), s);
    }

    @Test
    void clientsSendSniForHostNamesOnly() {
        TlsConfig c = TlsConfig.clientDefaults();
        assertEquals(List.of(new SNIHostName("localhost")), serverNames(c.newEngine(true, "localhost", 443)));
        assertEquals(List.of(), serverNames(c.newEngine(true, "::1", 443)), "no SNI for an IPv6 literal");
        assertEquals(List.of(), serverNames(c.newEngine(true, "127.0.0.2", 443)), "nor for an IPv4 literal");
        SSLEngine noHost = c.newEngine(true, null, -1);
        assertTrue(noHost.getUseClientMode());
        assertNull(noHost.getPeerHost());
        assertEquals(List.of(), serverNames(noHost));
    }

    @Test
    void serversAskForClientCertificatesAsConfigured() throws Exception {
        Certs certs = Certs.get();
        SSLEngine optional = TlsTestSupport.serverBuilder(certs.serverP12).trustPem(certs.clientCrt)
                .clientAuth(TlsConfig.ClientAuth.OPTIONAL).build().newEngine(false, null, -1);
        assertTrue(optional.getWantClientAuth());
        assertFalse(optional.getNeedClientAuth());
        SSLEngine none = TlsTestSupport.serverBuilder(certs.serverP12).build().newEngine(false, null, -1);
        assertFalse(none.getWantClientAuth());
        assertFalse(none.getNeedClientAuth());

        // OPTIONAL: a client without a certificate is accepted, one with a trusted certificate is identified
        handshake(TlsTestSupport.clientBuilder(certs.serverCrt).build().newEngine(true, "localhost", 1), optional);
        SSLEngine server = TlsTestSupport.serverBuilder(certs.serverP12).trustPem(certs.clientCrt)
                .clientAuth(TlsConfig.ClientAuth.OPTIONAL).build().newEngine(false, null, -1);
        handshake(TlsTestSupport.clientBuilder(certs.serverCrt).keyStore(certs.clientP12, Certs.PASSWORD).build()
                .newEngine(true, "localhost", 1), server);
        X509Certificate peer = (X509Certificate) server.getSession().getPeerCertificates()[0];
        assertEquals("CN=client", peer.getSubjectX500Principal().getName());
    }

    @Test
    void trustComesFromPkcs12AndJksFiles() throws Exception {
        Certs certs = Certs.get();
        X509Certificate serverCert = Pem.certificates(certs.serverCrt).getFirst();
        char[] pw = "storepass".toCharArray();
        for (String type : new String[] {"PKCS12", "JKS"}) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(null, null);
            ks.setCertificateEntry("server", serverCert);
            Path file = dir.resolve("trust." + (type.equals("JKS") ? "jks" : "p12"));
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, pw);
            }
            TlsConfig cc = TlsConfig.builder().trustStore(file, pw).build();
            SSLEngine server = TlsTestSupport.serverBuilder(certs.serverP12).build().newEngine(false, null, -1);
            handshake(cc.newEngine(true, "localhost", 1), server);

            assertThrows(IOException.class, () -> TlsConfig.builder().trustStore(file, "wrong".toCharArray()));
        }
        // a store that does not hold the server's certificate: the handshake fails
        SSLEngine server = TlsTestSupport.serverBuilder(certs.serverP12).build().newEngine(false, null, -1);
        assertThrows(SSLHandshakeException.class, () -> handshake(TlsConfig.builder()
                .trustStore(certs.otherP12, Certs.PASSWORD).build().newEngine(true, "localhost", 1), server));
    }

    @Test
    void badKeyMaterialIsRefusedWithItsCause() throws Exception {
        Certs certs = Certs.get();
        // two self-signed certificates that do not form a chain
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(certs.serverCrt) + Files.readString(certs.clientCrt));
        IOException e = assertThrows(IOException.class, () -> TlsConfig.builder().keyPem(chain, certs.expiredKey));
        assertTrue(e.getMessage().startsWith(certs.expiredKey + " does not fit " + chain + ": "), e.getMessage());

        // a key store whose key the given password does not open
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(certs.serverP12)) {
            ks.load(in, Certs.PASSWORD);
        }
        TlsConfig.Builder noPassword = TlsConfig.builder().keyStore(ks, null);
        IllegalStateException build = assertThrows(IllegalStateException.class, noPassword::build);
        assertTrue(build.getMessage().startsWith("cannot build the SSLContext: "), build.getMessage());

        IllegalStateException both = assertThrows(IllegalStateException.class,
                () -> TlsConfig.builder().sslContext(SSLContext.getDefault()).keyStore(ks, Certs.PASSWORD).build());
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    private static List<?> serverNames(SSLEngine e) {
        SSLParameters p = e.getSSLParameters();
        return p.getServerNames() == null ? List.of() : p.getServerNames();
    }

    /** Runs a handshake between two engines in memory; throws what either engine throws. */
    static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(4 * packet);
        ByteBuffer toClient = ByteBuffer.allocate(4 * packet);
        ByteBuffer sink = ByteBuffer.allocate(app);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            boolean c = step(client, toServer, toClient, sink);
            boolean s = step(server, toClient, toServer, sink);
            if (!c && !s && done(client) && done(server)) {
                return;
            }
        }
        throw new AssertionError("the handshake did not finish: " + client.getHandshakeStatus() + " / "
                + server.getHandshakeStatus());
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus hs = e.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    /** One engine's turn: wraps into {@code out}, unwraps from {@code in}; whether it made progress. */
    private static boolean step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer sink) throws SSLException {
        boolean progress = false;
        while (true) {
            switch (e.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable t;
                    while ((t = e.getDelegatedTask()) != null) {
                        t.run();
                    }
                    progress = true;
                }
                case NEED_WRAP -> {
                    var r = e.wrap(ByteBuffer.allocate(0), out);
                    progress = true;
                    if (r.getStatus() == javax.net.ssl.SSLEngineResult.Status.CLOSED) {
                        return progress;
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    in.flip();
                    var r = e.unwrap(in, sink.clear());
                    in.compact();
                    if (r.bytesConsumed() == 0 && r.getHandshakeStatus() != HandshakeStatus.NEED_TASK
                            && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                        return progress;
                    }
                    progress = true;
                }
                default -> {
                    return progress;
                }
            }
        }
    }
}
