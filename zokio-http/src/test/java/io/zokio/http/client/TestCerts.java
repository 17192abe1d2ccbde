package io.zokio.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed EC P-256 certificates made with the running JDK's {@code keytool} in a temporary directory:
 * {@code localhost} (SAN localhost and 127.0.0.1) and {@code other} (SAN other.test only, a name mismatch for
 * localhost).
 */
final class TestCerts {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static Path dir;

    private TestCerts() {
    }

    /** The store of {@code name} ("localhost" or "other"), made on first use. */
    static synchronized KeyStore store(String name) throws IOException {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("zokio-http-client-certs");
                dir.toFile().deleteOnExit();
                make("localhost", "SAN=dns:localhost,ip:127.0.0.1");
                make("other", "SAN=dns:other.test");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
                ks.load(in, PASSWORD);
            }
            return ks;
        } catch (GeneralSecurityException | InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** A server context presenting {@code name}'s certificate. */
    static SSLContext serverContext(String name) throws IOException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store(name), PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A trust store holding only {@code name}'s certificate. */
    static KeyStore trusting(String name) throws IOException {
        try {
            KeyStore source = store(name);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(name, source.getCertificate(source.aliases().nextElement()));
            return trust;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void make(String name, String san) throws IOException, InterruptedException {
        Path p12 = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-validity", "3", "-ext", san,
                "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        p12.toFile().deleteOnExit();
    }
}
