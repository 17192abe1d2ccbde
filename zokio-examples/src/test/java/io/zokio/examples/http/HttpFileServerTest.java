package io.zokio.examples.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP file server over raw sockets: status codes, ranges, keep-alive, escapes, limits; each backend. */
@Timeout(60)
class HttpFileServerTest {
    @TempDir
    Path dir;

    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private HttpFileServer start(BackendKind kind) throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        Files.writeString(root.resolve("sub/index.html"), "<p>index</p>");
        Files.writeString(dir.resolve("secret.txt"), "do not serve");
        try {
            return HttpFileServer.start(root, "127.0.0.1", 0, kind, 2);
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    private static Socket connect(HttpFileServer s) throws IOException {
        Socket c = new Socket(InetAddress.getLoopbackAddress(), s.port());
        c.setSoTimeout(30_000);
        return c;
    }

    private static void send(Socket c, String raw) throws IOException {
        c.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        c.getOutputStream().flush();
    }

    /** Reads one response; {@code head}: the request was HEAD (no body despite Content-Length). */
    private static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String status = readLine(in, line);
        assertTrue(status.startsWith("HTTP/1.1 "), status);
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while (!(h = readLine(in, line)).isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        int len = head ? 0 : Integer.parseInt(headers.get("content-length"));
        byte[] body = in.readNBytes(len);
        assertEquals(len, body.length);
        return new Response(Integer.parseInt(status.substring(9, 12)), headers, body);
    }

    private static String readLine(InputStream in, ByteArrayOutputStream buf) throws IOException {
        buf.reset();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("end of stream inside a response head");
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static Response get(HttpFileServer s, String target) throws IOException {
        try (Socket c = connect(s)) {
            send(c, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return read(c.getInputStream(), false);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void servesFilesWithKeepAliveHeadAndRanges(BackendKind kind) throws Exception {
        try (HttpFileServer s = start(kind); Socket c = connect(s)) {
            InputStream in = c.getInputStream();
            // three requests pipelined on one connection, then two more on the same connection
            send(c, "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\nHEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=7-11\r\n\r\n");
            Response full = read(in, false);
            assertEquals(200, full.status());
            assertEquals("hello, world\n", new String(full.body(), StandardCharsets.UTF_8));
            assertEquals("text/plain; charset=utf-8", full.header("Content-Type"));
            Response head = read(in, true);
            assertEquals(200, head.status());
            assertEquals("13", head.header("Content-Length"));
            Response part = read(in, false);
            assertEquals(206, part.status());
            assertEquals("world", new String(part.body(), StandardCharsets.UTF_8));
            assertEquals("bytes 7-11/13", part.header("Content-Range"));
            send(c, "GET /hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=-3\r\n\r\n");
            assertEquals("ld\n", new String(read(in, false).body(), StandardCharsets.UTF_8));
            send(c, "GET /hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=50-\r\n\r\n");
            Response unsat = read(in, false);
            assertEquals(416, unsat.status());
            assertEquals("bytes */13", unsat.header("Content-Range"));
            send(c, "GET /sub/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Response index = read(in, false);
            assertEquals("<p>index</p>", new String(index.body(), StandardCharsets.UTF_8));
            assertEquals("close", index.header("Connection"));
            assertEquals(-1, in.read(), "the server closes after Connection: close");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void http10KeepsAliveOnlyWhenAsked(BackendKind kind) throws Exception {
        try (HttpFileServer s = start(kind); Socket c = connect(s)) {
            send(c, "GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Response r = read(c.getInputStream(), false);
            assertEquals(200, r.status());
            assertEquals("keep-alive", r.header("Connection"));
            send(c, "GET /hello.txt HTTP/1.0\r\n\r\n");
            assertEquals("close", read(c.getInputStream(), false).header("Connection"));
            assertEquals(-1, c.getInputStream().read());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void errorsForMissingMethodsEscapesAndMalformedRequests(BackendKind kind) throws Exception {
        try (HttpFileServer s = start(kind)) {
            assertEquals(404, get(s, "/nope.txt").status());
            assertEquals(400, get(s, "/../secret.txt").status());
            assertEquals(400, get(s, "/sub/../../secret.txt").status());
            assertEquals(400, get(s, "/%2e%2e/secret.txt").status());
            assertEquals(400, get(s, "/sub/%2E%2E/%2e%2E/secret.txt").status());
            assertEquals(400, get(s, "/hello.txt%00").status());
            assertEquals(400, get(s, "/%zz").status());
            assertEquals(400, get(s, "secret.txt").status());
            assertEquals(200, get(s, "//sub/./index.html?q=1").status());
            assertEquals(200, get(s, "/hello%2etxt").status());
            try (Socket c = connect(s)) {
                send(c, "DELETE /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                Response r = read(c.getInputStream(), false);
                assertEquals(405, r.status());
                assertEquals("GET, HEAD", r.header("Allow"));
            }
            for (String bad : new String[] {"garbage\r\n\r\n", "GET /hello.txt\r\n\r\n", "GET /hello.txt HTTP/1\r\n\r\n",
                    "GET /hello.txt HTTP/1.1\r\n\r\n" /* no Host */, "GET /hello.txt HTTP/1.1\r\nHost : x\r\n\r\n",
                    "GET /hello.txt HTTP/1.1\r\nno colon\r\n\r\n"}) {
                try (Socket c = connect(s)) {
                    send(c, bad);
                    Response r = read(c.getInputStream(), false);
                    assertEquals(400, r.status(), bad);
                    assertEquals(-1, c.getInputStream().read(), "closed after a 400");
                }
            }
            try (Socket c = connect(s)) {
                send(c, "POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
                assertEquals(413, read(c.getInputStream(), false).status());
            }
            try (Socket c = connect(s)) {
                // an endless head: answered 431 once the 8 KiB limit is reached
                StringBuilder big = new StringBuilder("GET /hello.txt HTTP/1.1\r\nHost: x\r\n");
                while (big.length() < 10_000) {
                    big.append("X-Filler: ").append("a".repeat(100)).append("\r\n");
                }
                send(c, big.toString());
                assertEquals(431, read(c.getInputStream(), false).status());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void largeFileAndLargeRangeArriveIntact(BackendKind kind) throws Exception {
        try (HttpFileServer s = start(kind)) {
            byte[] data = new byte[3 * 1024 * 1024 + 17];
            new Random(3).nextBytes(data);
            Files.write(dir.resolve("root/big.bin"), data);
            Response r = get(s, "/big.bin");
            assertEquals(200, r.status());
            assertEquals("application/octet-stream", r.header("Content-Type"));
            assertArrayEquals(data, r.body());
            try (Socket c = connect(s)) {
                send(c, "GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-2000999\r\n\r\n");
                Response part = read(c.getInputStream(), false);
                assertEquals(206, part.status());
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, 2_001_000), part.body());
            }
        }
    }
}
