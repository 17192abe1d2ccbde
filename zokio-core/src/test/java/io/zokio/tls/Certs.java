package io.zokio.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Test certificates, made once per JVM in a temporary directory with the running JDK's {@code keytool}
 * (PKCS#12 stores, self-signed, EC P-256 unless said) and, for the PEM cases, {@code openssl req}. Each
 * certificate is trusted directly by the peers that need it (its PEM file).
 */
final class Certs {
    static final char[] PASSWORD = "changeit".toCharArray();
    private static Certs instance;

    final Path dir;
    /** CN=localhost, SAN localhost and 127.0.0.1. */
    final Path serverP12;
    final Path serverCrt;
    /** RSA 2048, CN=localhost. */
    final Path rsaServerP12;
    final Path rsaServerCrt;
    /** CN=client, for client authentication. */
    final Path clientP12;
    final Path clientCrt;
    /** SAN other.test only: a hostname mismatch for localhost. */
    final Path otherP12;
    final Path otherCrt;
    /** A CA (basic constraints CA) that signed {@link #expiredChain}. */
    final Path caCrt;
    /** PEM chain (leaf, CA) of a SAN localhost certificate valid for one day ten days ago, and its PKCS#8 key. */
    final Path expiredChain;
    final Path expiredKey;

    private Certs(Path dir) throws IOException {
        this.dir = dir;
        serverP12 = keypair("server", "EC", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", null);
        rsaServerP12 = keypair("rsa-server", "RSA", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", null);
        clientP12 = keypair("client", "EC", "CN=client", null, null);
        otherP12 = keypair("other", "EC", "CN=other.test", "SAN=dns:other.test", null);
        Path caP12 = keypair("ca", "EC", "CN=Zokio Test CA", "bc:c", null);
        Path expiredP12 = keypair("expired", "EC", "CN=localhost", null, null);
        serverCrt = exportPem(serverP12);
        rsaServerCrt = exportPem(rsaServerP12);
        clientCrt = exportPem(clientP12);
        otherCrt = exportPem(otherP12);
        caCrt = exportPem(caP12);
        // the CA signs the leaf with dates in the past: the JDK checks the validity of certificates below an
        // anchor, not of the anchor itself, so a self-signed expired certificate would still be trusted
        Path csr = dir.resolve("expired.csr");
        run(List.of(keytool(), "-certreq", "-alias", "expired", "-keystore", expiredP12.toString(), "-storepass",
                new String(PASSWORD), "-file", csr.toString()), dir);
        Path leaf = dir.resolve("expired-leaf.crt");
        run(List.of(keytool(), "-gencert", "-alias", "ca", "-keystore", caP12.toString(), "-storepass",
                new String(PASSWORD), "-infile", csr.toString(), "-outfile", leaf.toString(), "-rfc", "-startdate",
                "-10d", "-validity", "1", "-ext", "SAN=dns:localhost"), dir);
        expiredChain = dir.resolve("expired-chain.pem");
        Files.writeString(expiredChain, Files.readString(leaf) + Files.readString(caCrt));
        expiredKey = dir.resolve("expired-key.pem");
        try (InputStream in = Files.newInputStream(expiredP12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            Files.writeString(expiredKey, pem("PRIVATE KEY", ks.getKey("expired", PASSWORD).getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    static synchronized Certs get() throws IOException {
        if (instance == null) {
            Path dir = Files.createTempDirectory("zokio-tls-certs");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            instance = new Certs(dir);
        }
        return instance;
    }

    private Path keypair(String name, String alg, String dname, String san, String startDate) throws IOException {
        Path p12 = dir.resolve(name + ".p12");
        List<String> cmd = new ArrayList<>(List.of(keytool(),
                "-genkeypair", "-alias", name, "-keyalg", alg, "-dname", dname, "-validity", "3",
                "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass",
                new String(PASSWORD)));
        if (alg.equals("EC")) {
            cmd.addAll(List.of("-groupname", "secp256r1"));
        } else {
            cmd.addAll(List.of("-keysize", "2048"));
        }
        if (san != null) {
            cmd.addAll(List.of("-ext", san));
        }
        if (startDate != null) {
            cmd.addAll(List.of("-startdate", startDate));
        }
        run(cmd, dir);
        return p12;
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    /** The store's certificate as a PEM file beside it (read in Java: one keytool run less). */
    private static Path exportPem(Path p12) throws IOException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            Certificate c = ks.getCertificate(ks.aliases().nextElement());
            Path pem = p12.resolveSibling(p12.getFileName().toString().replace(".p12", ".crt"));
            Files.writeString(pem, pem("CERTIFICATE", c.getEncoded()), StandardCharsets.US_ASCII);
            return pem;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /**
     * A PEM certificate and PKCS#8 key made by {@code openssl req} ({@code ec} for P-256, else {@code rsa:2048}),
     * for CN and SAN localhost; skips the test when openssl is missing.
     */
    Path[] opensslPem(String name, boolean ec) throws IOException {
        requireOpenssl();
        Path key = dir.resolve(name + "-key.pem");
        Path crt = dir.resolve(name + "-cert.pem");
        if (!Files.exists(crt)) {
            List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", ec ? "ec" : "rsa:2048"));
            if (ec) {
                cmd.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
            }
            cmd.addAll(List.of("-keyout", key.toString(), "-out", crt.toString(), "-nodes", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2"));
            run(cmd, dir);
        }
        return new Path[] {crt, key};
    }

    /** {@code key} (PKCS#8) rewritten in the traditional form (RSA PRIVATE KEY or EC PRIVATE KEY) by openssl. */
    Path traditional(Path key) throws IOException {
        Path out = key.resolveSibling(key.getFileName().toString().replace(".pem", "-trad.pem"));
        run(List.of("openssl", "pkey", "-in", key.toString(), "-traditional", "-out", out.toString()), dir);
        return out;
    }

    static void requireOpenssl() {
        Assumptions.assumeTrue(opensslPath() != null, "the openssl binary is not installed (Debian package openssl)");
    }

    static Path opensslPath() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, "openssl");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static String run(List<String> cmd, Path dir) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans it eventually
        }
    }
}
