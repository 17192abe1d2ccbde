package io.zokio.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * <b>Threading:</b> immutable; share one config between any number of streams and threads. Its
 * {@link SSLContext} holds the client session cache, so streams made from one config resume each other's
 * sessions with the same host and port.
 *
 * <p>What a {@link TlsStream} needs to make an {@link SSLEngine}: an {@code SSLContext} (the caller's own, so any
 * JCA provider works, or one built here from PEM files or keystores), protocols (default TLSv1.3 and TLSv1.2
 * only), cipher suites (default: the JDK's), ALPN protocols, client authentication (servers), the SNI server name
 * and hostname verification (clients; on by default, endpoint identification {@code "HTTPS"}). Trust defaults to
 * the JDK's default trust store.
 */
public final class TlsConfig {
    /** Whether a server asks for a client certificate. */
    public enum ClientAuth {
        /** Not asked for. */
        NONE,
        /** Asked for; a client without one is still accepted (one that sends an untrusted one is not). */
        OPTIONAL,
        /** Required: the handshake fails without a trusted client certificate. */
        REQUIRED
    }

    /**
     * Where the engine's handshake tasks ({@code SSLEngine.getDelegatedTask()}: key agreement, signatures,
     * certificate checks; about 1-2 ms of CPU for a server's EC P-256 handshake) run when the handshaking
     * thread is a virtual thread carried by a worker ({@link io.zokio.runtime.CarrierMode#AFFINE}). Any other
     * thread runs them itself.
     */
    public enum HandshakeTasks {
        /**
         * The default: on the runtime's blocking pool while the virtual thread parks, so the worker's event loop
         * keeps serving its other connections during the task.
         */
        OFF_LOOP,
        /**
         * On the calling virtual thread, as Netty's {@code SslHandler} runs them on its event loop by default:
         * the worker and its event loop are held for the task's length (other connections' completions on that
         * worker wait), in exchange for no hand-off: less CPU per handshake (see {@code docs/benchmarks.md}).
         * For servers whose load is mostly new connections.
         */
        ON_CALLER
    }

    /** Protocols enabled unless {@link Builder#protocols} says otherwise. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final String[] protocols;
    private final String[] cipherSuites;
    private final String[] alpn;
    private final ClientAuth clientAuth;
    private final String serverName;
    private final boolean hostnameVerification;
    private final HandshakeTasks handshakeTasks;

    private TlsConfig(Builder b, SSLContext context) {
        this.context = context;
        this.protocols = b.protocols.clone();
        this.cipherSuites = b.cipherSuites == null ? null : b.cipherSuites.clone();
        this.alpn = b.alpn.clone();
        this.clientAuth = b.clientAuth;
        this.serverName = b.serverName;
        this.hostnameVerification = b.hostnameVerification;
        this.handshakeTasks = b.handshakeTasks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client config with the JDK's default trust store and every default. */
    public static TlsConfig clientDefaults() {
        return builder().build();
    }

    public SSLContext sslContext() {
        return context;
    }

    public List<String> protocols() {
        return List.of(protocols);
    }

    /** The enabled cipher suites, or null for the JDK's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites == null ? null : List.of(cipherSuites);
    }

    public List<String> applicationProtocols() {
        return List.of(alpn);
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** The SNI name clients send, or null: the host they connect to. */
    public String serverName() {
        return serverName;
    }

    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    public HandshakeTasks handshakeTasks() {
        return handshakeTasks;
    }

    /**
     * A client engine for {@code host:port} (the session cache's key) or a server engine. Clients send SNI
     * (the configured server name, else {@code host} unless it is an IP literal) and check the server's
     * certificate against that name when verification is on.
     */
    SSLEngine newEngine(boolean client, String host, int port) {
        SSLEngine e = client && host != null ? context.createSSLEngine(host, port) : context.createSSLEngine();
        e.setUseClientMode(client);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(protocols);
        if (cipherSuites != null) {
            p.setCipherSuites(cipherSuites);
        }
        p.setApplicationProtocols(alpn);
        if (client) {
            p.setEndpointIdentificationAlgorithm(hostnameVerification ? "HTTPS" : null);
            String sni = serverName != null ? serverName : host;
            if (sni != null && !isIpLiteral(sni)) {
                p.setServerNames(List.of(new SNIHostName(sni)));
            }
        } else {
            switch (clientAuth) {
                case REQUIRED -> p.setNeedClientAuth(true);
                case OPTIONAL -> p.setWantClientAuth(true);
                case NONE -> p.setWantClientAuth(false);
            }
        }
        e.setSSLParameters(p);
        return e;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    @Override
    public String toString() {
        return "TlsConfig[protocols=" + Arrays.toString(protocols) + ", alpn=" + Arrays.toString(alpn)
                + ", clientAuth=" + clientAuth + ", serverName=" + serverName + ", hostnameVerification="
                + hostnameVerification + ", handshakeTasks=" + handshakeTasks + ", provider="
                + context.getProvider().getName() + "]";
    }

    /** <b>Threading:</b> not thread-safe; build on one thread. Each setter replaces the earlier value. */
    public static final class Builder {
        private SSLContext context;
        private KeyStore keyStore;
        private char[] keyPassword;
        private KeyStore trustStore;
        private String[] protocols = DEFAULT_PROTOCOLS.toArray(String[]::new);
        private String[] cipherSuites;
        private String[] alpn = new String[0];
        private ClientAuth clientAuth = ClientAuth.NONE;
        private String serverName;
        private boolean hostnameVerification = true;
        private HandshakeTasks handshakeTasks = HandshakeTasks.OFF_LOOP;

        private Builder() {
        }

        /** Uses {@code context} as it is; key and trust material must then not be set here too. */
        public Builder sslContext(SSLContext context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Certificate chain (leaf first) and unencrypted private key (PKCS#8, or PKCS#1 RSA / SEC1 EC) in PEM. */
        public Builder keyPem(Path certificateChain, Path privateKey) throws IOException {
            List<X509Certificate> chain = Pem.certificates(certificateChain);
            PrivateKey key = Pem.privateKey(privateKey);
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] pw = new char[0];
                ks.setKeyEntry("key", key, pw, chain.toArray(X509Certificate[]::new));
                return keyStore(ks, pw);
            } catch (GeneralSecurityException e) {
                throw new IOException(privateKey + " does not fit " + certificateChain + ": " + e.getMessage(), e);
            }
        }

        /** Key material from a PKCS#12 (or JKS) file; {@code password} opens the store and its key. */
        public Builder keyStore(Path file, char[] password) throws IOException {
            return keyStore(load(file, password), password);
        }

        public Builder keyStore(KeyStore store, char[] password) {
            this.keyStore = Objects.requireNonNull(store, "store");
            this.keyPassword = password == null ? new char[0] : password.clone();
            return this;
        }

        /** Trusts exactly the CERTIFICATE blocks of a PEM file (instead of the JDK's default trust store). */
        public Builder trustPem(Path caCertificates) throws IOException {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int i = 0;
                for (X509Certificate c : Pem.certificates(caCertificates)) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
                return trustStore(ks);
            } catch (GeneralSecurityException e) {
                throw new IOException(caCertificates + ": " + e.getMessage(), e);
            }
        }

        /** Trusts the certificates of a keystore file (PKCS#12 or JKS). */
        public Builder trustStore(Path file, char[] password) throws IOException {
            return trustStore(load(file, password));
        }

        public Builder trustStore(KeyStore store) {
            this.trustStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Enabled protocols, e.g. {@code "TLSv1.3"}; default {@link #DEFAULT_PROTOCOLS}. */
        public Builder protocols(String... protocols) {
            this.protocols = nonEmpty(protocols, "protocols");
            return this;
        }

        /** Enabled cipher suites (standard names); default the JDK's. */
        public Builder cipherSuites(String... suites) {
            this.cipherSuites = nonEmpty(suites, "cipher suites");
            return this;
        }

        /**
         * ALPN protocols, e.g. {@code "h2", "http/1.1"}: what a client offers, and what a server accepts in its
         * order of preference. None by default (no ALPN).
         */
        public Builder applicationProtocols(String... protocols) {
            this.alpn = Objects.requireNonNull(protocols, "protocols").clone();
            return this;
        }

        /** Servers: whether to ask for a client certificate. Default {@link ClientAuth#NONE}. */
        public Builder clientAuth(ClientAuth auth) {
            this.clientAuth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** Clients: the SNI name sent and verified (default: the host connected to). */
        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /** Clients: check the server's certificate names the host (default on). Off is for tests and pinning. */
        public Builder hostnameVerification(boolean on) {
            this.hostnameVerification = on;
            return this;
        }

        /** Where handshake tasks run on a worker-carried virtual thread (default {@link HandshakeTasks#OFF_LOOP}). */
        public Builder handshakeTasks(HandshakeTasks where) {
            this.handshakeTasks = Objects.requireNonNull(where, "where");
            return this;
        }

        public TlsConfig build() {
            if (context != null) {
                if (keyStore != null || trustStore != null) {
                    throw new IllegalStateException("set either an SSLContext or key/trust material, not both: put"
                            + " the key and trust managers into the SSLContext");
                }
                return new TlsConfig(this, context);
            }
            try {
                KeyManagerFactory kmf = null;
                if (keyStore != null) {
                    kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(keyStore, keyPassword);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore); // null: the JDK's default trust store
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                return new TlsConfig(this, ctx);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the SSLContext: " + e.getMessage(), e);
            }
        }

        private static KeyStore load(Path file, char[] password) throws IOException {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            String type = name.endsWith(".jks") ? "JKS" : "PKCS12";
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore ks = KeyStore.getInstance(type);
                ks.load(in, password);
                return ks;
            } catch (GeneralSecurityException e) {
                throw new IOException(file + ": cannot load as " + type + ": " + e.getMessage(), e);
            }
        }

        private static String[] nonEmpty(String[] values, String what) {
            if (Objects.requireNonNull(values, what).length == 0) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return values.clone();
        }
    }
}
