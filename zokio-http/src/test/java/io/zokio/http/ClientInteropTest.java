package io.zokio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.tls.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real clients against the server: the JDK's HttpClient (HTTP and HTTPS), curl (keep-alive, chunked upload,
 * Range), and short wrk (plain and pipelined) and h2load --h1 runs that check only that every request got a 2xx.
 * Tools missing from the PATH are installed with apt-get when running as root, else the test is skipped.
 */
@Timeout(120)
class ClientInteropTest {
    @TempDir
    Path dir;

    private HttpServer start(BackendKind kind) throws IOException {
        Files.writeString(dir.resolve("hello.txt"), "hello, world\n");
        return TestServers.start(kind, HttpServerTest.router().notFound(FileHandler.of(dir).stripPrefix("/files")));
    }

    static void require(String tool, String debianPackage) {
        if (!onPath(tool) && "0".equals(uid())) {
            try {
                new ProcessBuilder("apt-get", "install", "-y", "-q", debianPackage).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(300, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // reported by the assumption below
            }
        }
        Assumptions.assumeTrue(onPath(tool), tool + " is not installed (Debian package " + debianPackage + ")");
    }

    private static String uid() {
        try {
            return run("id", "-u").strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command to its end (bounded); returns stdout and stderr together. */
    static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd[0] + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void jdkHttpClient(BackendKind kind) throws Exception {
        try (HttpServer s = start(kind); HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build()) {
            String base = "http://127.0.0.1:" + s.port();
            for (int i = 0; i < 3; i++) {
                var r = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/users/" + i)).build(),
                        BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("user " + i, r.body());
            }
            byte[] payload = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
            var chunked = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/echo"))
                    .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload))).build(),
                    BodyHandlers.ofByteArray());
            assertEquals(payload.length, chunked.body().length, "a body of unknown length goes chunked");
            var streamed = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/stream")).build(),
                    BodyHandlers.ofString());
            assertEquals("part0\npart1\npart2\n", streamed.body());
            var range = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/files/hello.txt"))
                    .header("Range", "bytes=0-4").build(), BodyHandlers.ofString());
            assertEquals(206, range.statusCode());
            assertEquals("hello", range.body());
            assertEquals(1, s.metrics().acceptedConnections(), "one kept-alive connection for every request");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void curlKeepAliveChunkedUploadAndRange(BackendKind kind) throws Exception {
        require("curl", "curl");
        try (HttpServer s = start(kind)) {
            String base = "http://127.0.0.1:" + s.port();
            String two = run("curl", "-sv", "--http1.1", base + "/plaintext", base + "/users/5");
            assertTrue(two.contains("Hello, World!") && two.contains("user 5"), two);
            assertTrue(two.toLowerCase().contains("re-using existing connection")
                    || two.toLowerCase().contains("reusing existing"), "keep-alive: " + two);
            Path upload = dir.resolve("upload.bin");
            Files.writeString(upload, "chunked upload body");
            String echoed = run("curl", "-s", "--http1.1", "-H", "Transfer-Encoding: chunked", "--data-binary",
                    "@" + upload, base + "/echo");
            assertEquals("chunked upload body", echoed);
            assertEquals("world", run("curl", "-s", "--http1.1", "-r", "7-11", base + "/files/hello.txt"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void wrkAndH2loadSmoke(BackendKind kind) throws Exception {
        require("wrk", "wrk");
        require("h2load", "nghttp2-client");
        try (HttpServer s = start(kind)) {
            String url = "http://127.0.0.1:" + s.port() + "/plaintext";
            String plain = run("wrk", "-t1", "-c8", "-d1s", url);
            assertTrue(plain.contains("requests in") && !plain.contains("Non-2xx") && !plain.contains("Socket errors"),
                    plain);
            Path script = dir.resolve("pipeline.lua");
            Files.writeString(script, """
                    init = function(args)
                      local r = {}
                      for i = 1, 16 do r[i] = wrk.format(nil, "/plaintext") end
                      req = table.concat(r)
                    end
                    request = function() return req end
                    """);
            String pipelined = run("wrk", "-t1", "-c8", "-d1s", "-s", script.toString(), url);
            assertTrue(pipelined.contains("requests in") && !pipelined.contains("Non-2xx")
                    && !pipelined.contains("Socket errors"), pipelined);
            String h2load = run("h2load", "--h1", "-n", "2000", "-c", "8", "-m", "16", url);
            assertTrue(h2load.contains("2000 succeeded, 0 failed, 0 errored"), h2load);
            assertEquals(0, s.metrics().serverErrors() + s.metrics().clientErrors());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void httpsWithTheJdkClient(BackendKind kind) throws Exception {
        require("openssl", "openssl");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
                key.toString(), "-out", cert.toString());
        Assumptions.assumeTrue(Files.exists(cert) && Files.exists(key), "openssl made no certificate");
        byte[] big = new byte[300_000];
        new java.util.Random(5).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        TlsConfig tls = TlsConfig.builder().keyPem(cert, key).build();
        Router router = new Router().get("/plaintext", r -> HttpResponse.text("Hello, World!"));
        try (HttpServer s = TestServers.start(kind, FileHandler.of(dir), b -> b.tls(tls));
             HttpServer routes = TestServers.start(kind, router, b -> b.tls(tls));
             HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert))
                     .version(HttpClient.Version.HTTP_1_1).build()) {
            var r = client.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("https://localhost:" + routes.port() + "/plaintext")).build(), BodyHandlers.ofString());
            assertEquals("Hello, World!", r.body());
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                bodies.add(client.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("https://localhost:" + s.port() + "/big.bin")).build(), BodyHandlers.ofByteArray())
                        .body());
            }
            for (byte[] b : bodies) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(big, b, "a file body through TLS");
            }
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
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
}
