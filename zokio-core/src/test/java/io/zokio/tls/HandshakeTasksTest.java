package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where a server's handshake tasks run on a worker-carried virtual thread (AFFINE), as
 * {@link TlsConfig.HandshakeTasks} says: the server's key manager, which the engine consults inside its
 * delegated task, records the thread that called it.
 */
@Timeout(60)
class HandshakeTasksTest {
    private static final Duration T = Duration.ofSeconds(20);

    /** A thread seen inside the server's delegated task, and whether a worker carried it. */
    record Seen(Thread thread, boolean carriedByWorker) {
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void offLoopRunsTasksOnAnotherThread(BackendKind kind) throws Exception {
        Seen seen = handshakeAndRecord(kind, TlsConfig.HandshakeTasks.OFF_LOOP);
        assertFalse(seen.carriedByWorker(), "not on the worker's carrier");
        assertFalse(seen.thread().isVirtual(), "on a blocking-pool thread: " + seen.thread());
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void onCallerRunsTasksOnTheConnectionsVirtualThread(BackendKind kind) throws Exception {
        Seen seen = handshakeAndRecord(kind, TlsConfig.HandshakeTasks.ON_CALLER);
        assertTrue(seen.thread().isVirtual(), "on the connection's virtual thread: " + seen.thread());
        assertTrue(seen.carriedByWorker(), "carried by a worker");
    }

    @Test
    void theDefaultIsOffLoopAndNullIsRefused() {
        assertEquals(TlsConfig.HandshakeTasks.OFF_LOOP, TlsConfig.clientDefaults().handshakeTasks());
        assertThrows(NullPointerException.class, () -> TlsConfig.builder().handshakeTasks(null));
        assertTrue(TlsConfig.builder().handshakeTasks(TlsConfig.HandshakeTasks.ON_CALLER).build().toString()
                .contains("handshakeTasks=ON_CALLER"));
    }

    /**
     * Serves one connection from a JDK client socket on an AFFINE runtime; returns what the key manager saw
     * during the server's handshake.
     */
    private static Seen handshakeAndRecord(BackendKind kind, TlsConfig.HandshakeTasks tasks) throws Exception {
        Certs certs = Certs.get();
        AtomicReference<Seen> seen = new AtomicReference<>();
        try (Runtime rt = TlsTestSupport.open(kind, 2, CarrierMode.AFFINE)) {
            TlsConfig server = TlsConfig.builder().sslContext(recordingContext(certs, rt, seen))
                    .handshakeTasks(tasks).build();
            try (var s = new TlsTestSupport.Server(rt, server, c -> {
                c.handshake(T);
                c.writeAll(ByteBuffer.wrap("served".getBytes(StandardCharsets.US_ASCII)));
            })) {
                String got = on(rt, () -> {
                    try (TlsStream c = TlsStream.connect(rt, localhost(s.port()),
                            TlsTestSupport.clientBuilder(certs.serverCrt).build(), T)) {
                        ByteBuffer b = ByteBuffer.allocate(6);
                        c.readFully(b);
                        return new String(b.array(), StandardCharsets.US_ASCII);
                    }
                });
                assertEquals("served", got);
                s.expectOk();
            }
        }
        assertNotNull(seen.get(), "the key manager was consulted");
        return seen.get();
    }

    /** An SSLContext with the server's key whose key manager records the thread choosing the server alias. */
    private static SSLContext recordingContext(Certs certs, Runtime rt, AtomicReference<Seen> seen)
            throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.serverP12)) {
            ks.load(in, Certs.PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, Certs.PASSWORD);
        X509KeyManager real = (X509KeyManager) kmf.getKeyManagers()[0];
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new javax.net.ssl.KeyManager[] {new Recording(real, rt, seen)}, null, null);
        return ctx;
    }

    private static final class Recording extends X509ExtendedKeyManager {
        private final X509KeyManager real;
        private final Runtime rt;
        private final AtomicReference<Seen> seen;

        Recording(X509KeyManager real, Runtime rt, AtomicReference<Seen> seen) {
            this.real = real;
            this.rt = rt;
            this.seen = seen;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            seen.compareAndSet(null, new Seen(Thread.currentThread(), rt.isCarriedByWorker()));
            return real.chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return real.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return real.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return real.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return real.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return real.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return real.getPrivateKey(alias);
        }
    }
}
