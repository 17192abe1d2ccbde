package io.zokio.examples.tls;

import io.zokio.examples.SelfSigned;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/** Shared by the TLS example tests: the certificate the examples' command makes, a client trusting it, tools. */
final class TlsExampleFiles {
    private TlsExampleFiles() {
    }

    /** cert.pem and key.pem in {@code dir}, made as {@code ./zokio tls-selfsigned} makes them. */
    static Path[] selfSigned(Path dir) throws IOException {
        SelfSigned.write(dir, true);
        return new Path[] {dir.resolve("cert.pem"), dir.resolve("key.pem")};
    }

    /** A client context trusting exactly {@code cert}. */
    static SSLContext trusting(Path cert) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            ks.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Skips the test when {@code tool} is not on the PATH. */
    static void require(String tool, String debianPackage) {
        boolean found = false;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            found |= !d.isEmpty() && Files.isExecutable(Path.of(d, tool));
        }
        Assumptions.assumeTrue(found, "the " + tool + " binary is not installed (Debian package " + debianPackage + ")");
    }

    /** Runs {@code cmd} to its end (bounded); returns its standard output; stderr goes to {@code err}. */
    static String run(Path err, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd[0] + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + Files.readString(err));
        }
        return out;
    }
}
