package io.zokio.http;

import static io.zokio.http.TestServers.exchange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.http.TestServers.Response;
import io.zokio.loop.BackendKind;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Static files: ranges, directories, symbolic links in and out of the root, zero-copy bodies; each backend. */
@Timeout(60)
class FileHandlerTest {
    @TempDir
    Path dir;

    private Path root() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        Files.writeString(root.resolve("sub/index.html"), "<p>index</p>");
        Files.writeString(dir.resolve("secret.txt"), "do not serve");
        Files.createDirectories(dir.resolve("outside"));
        Files.writeString(dir.resolve("outside/o.txt"), "outside");
        Files.createSymbolicLink(root.resolve("inner-link.txt"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("dangling"), dir.resolve("nothing-here"));
        return root;
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n";
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void linksLeavingTheRootAreRefusedUnlessFollowed(BackendKind kind) throws Exception {
        Path root = root();
        try (HttpServer s = TestServers.start(kind, FileHandler.of(root))) {
            assertEquals("hello, world\n", exchange(s, get("/hello.txt")).text());
            assertEquals("hello, world\n", exchange(s, get("/inner-link.txt")).text(), "a link inside the root");
            assertEquals(404, exchange(s, get("/escape.txt")).status());
            assertEquals(404, exchange(s, get("/escape-dir/o.txt")).status());
            assertEquals(404, exchange(s, get("/dangling")).status());
            assertEquals(400, exchange(s, get("/../secret.txt")).status());
            assertEquals(400, exchange(s, get("/%2e%2e/secret.txt")).status());
            assertEquals("<p>index</p>", exchange(s, get("/sub/")).text());
            assertEquals(404, exchange(s, get("/missing")).status());
            Response post = exchange(s, "POST /hello.txt HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.header("Allow"));
        }
        try (HttpServer s = TestServers.start(kind, FileHandler.of(root).followLinks(true))) {
            assertEquals("do not serve", exchange(s, get("/escape.txt")).text());
            assertEquals("outside", exchange(s, get("/escape-dir/o.txt")).text());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void rangesHeadAndLargeBodies(BackendKind kind) throws Exception {
        Path root = root();
        byte[] big = new byte[2 * 1024 * 1024 + 5];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        try (HttpServer s = TestServers.start(kind, FileHandler.of(root))) {
            Response part = exchange(s, "GET /hello.txt HTTP/1.1\r\nHost: h\r\nRange: bytes=7-11\r\n\r\n");
            assertEquals(206, part.status());
            assertEquals("world", part.text());
            assertEquals("bytes 7-11/13", part.header("Content-Range"));
            Response unsatisfiable = exchange(s, "GET /hello.txt HTTP/1.1\r\nHost: h\r\nRange: bytes=20-\r\n\r\n");
            assertEquals(416, unsatisfiable.status());
            assertEquals("bytes */13", unsatisfiable.header("Content-Range"));
            Response head = exchange(s, "HEAD /big.bin HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(String.valueOf(big.length), head.header("Content-Length"));
            assertArrayEquals(big, exchange(s, get("/big.bin")).body());
            Response tail = exchange(s, "GET /big.bin HTTP/1.1\r\nHost: h\r\nRange: bytes=100000-\r\n\r\n");
            assertArrayEquals(Arrays.copyOfRange(big, 100_000, big.length), tail.body());
            assertEquals(0, s.metrics().serverErrors());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void fileResponsesFromAHandler(BackendKind kind) throws Exception {
        Path root = root();
        HttpHandler handler = r -> HttpResponse.file(root.resolve(r.path().substring(1)), "text/plain");
        try (HttpServer s = TestServers.start(kind, handler)) {
            assertEquals("hello, world\n", exchange(s, get("/hello.txt")).text());
            assertEquals(404, exchange(s, get("/gone.txt")).status());
        }
    }

    @org.junit.jupiter.api.Test
    void rootMustBeADirectory() {
        assertThrows(UncheckedIOException.class, () -> FileHandler.of(dir.resolve("none")));
    }
}
