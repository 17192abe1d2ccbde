package io.zokio.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed EC P-256 certificate and its key for local TLS: {@code DIR/cert.pem} (CN and SAN
 * {@code localhost}, SAN IP 127.0.0.1, valid 365 days) and {@code DIR/key.pem} (unencrypted PKCS#8). Made by
 * {@code openssl req} when openssl is on the PATH, else by the JDK's {@code keytool} into a temporary PKCS#12
 * store that is then exported to PEM here in Java. Prints which tool made them and the two file names.
 *
 * <p>Command line: {@code SelfSigned DIR} ({@code ./zokio tls-selfsigned DIR}).
 */
public final class SelfSigned {
    private static final char[] STORE_PASSWORD = "zokio-selfsigned".toCharArray();
    private static final int DAYS = 365;

    private SelfSigned() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: SelfSigned DIR   (writes DIR/cert.pem and DIR/key.pem)");
            System.exit(2);
            return;
        }
        Path dir = Path.of(args[0]);
        String tool = write(dir, true);
        System.out.println("tls-selfsigned: EC P-256, CN/SAN localhost, IP 127.0.0.1, made with " + tool);
        System.out.println(dir.resolve("cert.pem"));
        System.out.println(dir.resolve("key.pem"));
    }

    /**
     * Writes {@code dir/cert.pem} and {@code dir/key.pem} (creating {@code dir}); returns the tool used,
     * {@code "openssl"} or {@code "keytool"}. {@code preferOpenssl} false always uses keytool.
     */
    public static String write(Path dir, boolean preferOpenssl) throws IOException {
        Files.createDirectories(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        if (preferOpenssl && onPath("openssl")) {
            run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-keyout", key.toString(), "-out", cert.toString(), "-nodes", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", String.valueOf(DAYS)));
            return "openssl";
        }
        Path p12 = Files.createTempFile(dir, "selfsigned", ".p12");
        try {
            Files.delete(p12); // keytool refuses an existing empty file
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity",
                    String.valueOf(DAYS), "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass",
                    new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD)));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, STORE_PASSWORD);
            }
            Files.writeString(cert, pem("CERTIFICATE", ks.getCertificate("server").getEncoded()),
                    StandardCharsets.US_ASCII);
            // getEncoded() of a private key is its PKCS#8 form
            Files.writeString(key, pem("PRIVATE KEY", ks.getKey("server", STORE_PASSWORD).getEncoded()),
                    StandardCharsets.US_ASCII);
            return "keytool";
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot export the keytool store to PEM: " + e, e);
        } finally {
            Files.deleteIfExists(p12);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
