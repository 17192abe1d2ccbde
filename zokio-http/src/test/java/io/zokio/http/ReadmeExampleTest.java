package io.zokio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's HTTP example, compiled and run (on an ephemeral port, closed by the test). */
@Timeout(60)
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExampleServes() throws Exception {
        Files.createDirectories(dir.resolve("public"));
        Files.writeString(dir.resolve("public/a.css"), "p{}");
        Router routes = new Router()
                .get("/hello/{name}", req -> HttpResponse.text("Hello, " + req.pathParam("name") + "!"))
                .post("/echo", req -> HttpResponse.bytes(200, "application/octet-stream", req.bodyBytes()))
                .notFound(FileHandler.of(dir.resolve("public")).stripPrefix("/static"));
        try (HttpServer server = HttpServer.builder().port(0).workers(2).handler(routes).start()) {
            assertEquals("Hello, zokio!", TestServers.exchange(server, "GET /hello/zokio HTTP/1.1\r\nHost: h\r\n\r\n").text());
            assertEquals("p{}", TestServers.exchange(server, "GET /static/a.css HTTP/1.1\r\nHost: h\r\n\r\n").text());
            assertEquals(404, TestServers.exchange(server, "GET /a.css HTTP/1.1\r\nHost: h\r\n\r\n").status());
        }
    }
}
