package io.zokio.examples.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.examples.ExampleTls;
import io.zokio.examples.http.HttpFileServer;
import io.zokio.loop.BackendKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file server over HTTPS ({@code --tls-cert/--tls-key}) against curl and the JDK's HttpClient, on each
 * backend: a small file and one larger than the server's buffer (which plain HTTP would send zero-copy).
 */
@Timeout(60)
class HttpsInteropTest {
    @TempDir
    Path dir;
    private byte[] big;

    private HttpFileServer start(BackendKind kind) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "hello, tls\n");
        big = new byte[1_300_000];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Path[] pem = TlsExampleFiles.selfSigned(dir.resolve("pem"));
        try {
            return HttpFileServer.start(root, "127.0.0.1", 0, kind, 2,
                    ExampleTls.serverConfig(pem[0].toString(), pem[1].toString()));
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void curlFetchesTwoFilesOverOneConnection(BackendKind kind) throws Exception {
        TlsExampleFiles.require("curl", "curl");
        try (HttpFileServer server = start(kind)) {
            String base = "https://localhost:" + server.port();
            Path a = dir.resolve("a.out");
            Path b = dir.resolve("b.out");
            // one curl call, two URLs: the second reuses the first's connection (num_connects 0)
            String out = TlsExampleFiles.run(dir.resolve("curl.err"), "curl", "-sS", "--cacert",
                    dir.resolve("pem/cert.pem").toString(), "-w", "%{http_code} %{num_connects}\\n",
                    "-o", a.toString(), base + "/hello.txt", "-o", b.toString(), base + "/big.bin");
            assertEquals("200 1\n200 0\n", out);
            assertEquals("hello, tls\n", Files.readString(a));
            assertArrayEquals(big, Files.readAllBytes(b));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void jdkHttpClientFetchesFilesAndA404(BackendKind kind) throws Exception {
        try (HttpFileServer server = start(kind);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .sslContext(TlsExampleFiles.trusting(dir.resolve("pem/cert.pem"))).build()) {
            String base = "https://localhost:" + server.port();
            HttpResponse<String> small = client.send(HttpRequest.newBuilder(URI.create(base + "/hello.txt")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, small.statusCode());
            assertEquals("hello, tls\n", small.body());
            HttpResponse<byte[]> large = client.send(HttpRequest.newBuilder(URI.create(base + "/big.bin")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, large.statusCode());
            assertArrayEquals(big, large.body());
            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
        }
    }
}
