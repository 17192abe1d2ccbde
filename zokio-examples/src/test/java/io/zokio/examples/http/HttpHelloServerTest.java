package io.zokio.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.http.HttpServer;
import io.zokio.loop.BackendKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmark's hello server: its two routes on each backend, and its command line as the bench starts it. */
@Timeout(60)
class HttpHelloServerTest {
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void plaintextAndJson(BackendKind kind) throws Exception {
        HttpServer server;
        try {
            server = HttpServer.builder().backend(kind).workers(2).handler(HttpHelloServer.routes()).start();
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
        try (server; HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create(base + "/plaintext")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("Hello, World!", plain.body());
            assertEquals("text/plain", plain.headers().firstValue("content-type").orElseThrow());
            HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(base + "/json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"message\":\"Hello, World!\"}", json.body());
            assertEquals("application/json", json.headers().firstValue("content-type").orElseThrow());
            assertTrue(json.headers().firstValue("date").isPresent());
        }
    }

    @Test
    void commandLinePrintsItsPortAndServes() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), HttpHelloServer.class.getName(), "--port", "0",
                "--workers", "1")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.matches("listening on \\d+"), "first line: " + line);
            int port = Integer.parseInt(line.substring("listening on ".length()));
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/plaintext")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("Hello, World!", r.body());
            }
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook closes the server
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue(), "a SIGTERM stop is a clean exit");
    }
}
