package io.zokio.examples.http;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.opentest4j.TestAbortedException;

/**
 * Bad input for the HTTP file server: random bytes and mutated valid requests (truncated, oversized heads, bad
 * methods and versions, NUL/CR/LF in odd places, huge Content-Length, malformed ranges, {@code ../} and
 * {@code %2e%2e} escapes, broken percent-encoding), through a live server on loopback on each backend (the
 * parser itself is fuzzed in the zokio-http module): an answer with a known status, or a close, never a hang;
 * never a byte of the file outside the root; nothing thrown out of a connection handler; and a valid request
 * is served after each bad one. Deterministic: seed {@value #DEFAULT_SEED} unless {@code -Dzokio.fuzz.seed}.
 */
@AddLifecycleHook(HttpFuzzTest.Seeded.class)
class HttpFuzzTest {
    static final String DEFAULT_SEED = "20261127";
    private static final String SECRET = "do not serve";
    private static final List<String> VALID = List.of(
            "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            "HEAD /sub/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=2-5\r\n\r\n",
            "GET /sub/index.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            "GET /hello.txt?x=1#f HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nContent-Length: 0\r\n\r\n");
    private static final List<String> PIECES = List.of("../", "..", "%2e%2e/", "%2E%2e%2f", "/..%2f", "%", "%z",
            "%zz", "%c0%ae", "%00", "%ff", "\0", "\r", "\n", "\r\n", "\r\n\r\n", " ", ":", "\t", "/", "//",
            "secret.txt", "/../secret.txt", "Content-Length: 99999999999999999999\r\n", "Content-Length: -1\r\n",
            "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n", "Range: bytes=-0\r\n",
            "Range: bytes=9223372036854775807-\r\n", "Range: bytes=--5\r\n", "Range: bytes=5-3,1-2\r\n",
            "Range: bytes=-99999999999999999999\r\n", "Range: bytes=0-0\r\n", "Range: octets=1-2\r\n",
            "Host: \r\n", " Host: x\r\n", "Host : x\r\n", "GET", "POST", "DELETE", "G\u00c9T", "HTTP/1.2",
            "HTTP/1.1 ", "HTTP/0.9", "\u00ff\u00fe", "Connection: close\r\n", "X-A: b\r\n");
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (200|206|400|404|405|413|414|416|417|431|501|505) .*");
    private static final Map<BackendKind, HttpFileServer> SERVERS = new EnumMap<>(BackendKind.class);
    private static Path dir;

    /** Sets the seed of every property (fixed unless {@code -Dzokio.fuzz.seed=N}). */
    public static final class Seeded implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setSeed(System.getProperty("zokio.fuzz.seed", DEFAULT_SEED));
            return property.execute();
        }

        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public int aroundPropertyProximity() {
            return -100;
        }
    }

    // ------------------------------------------------------------------ inputs

    /** One edit of a request: insert a piece, insert a byte, delete, truncate, or repeat a header. */
    record Edit(int kind, int at, int arg) {
        @Override
        public String toString() {
            return kind + "@" + at + ":" + arg;
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 10_000)).as(Edit::new);
        return Combinators.combine(Arbitraries.integers().between(0, VALID.size() - 1), edit.list().ofMaxSize(6))
                .as(HttpFuzzTest::mutate);
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(10_000);
        // random bytes that end a head, so that the parser (not only the head scanner) sees them
        return Arbitraries.oneOf(noise, noise.map(b -> concat(b, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))));
    }

    static byte[] mutate(int base, List<Edit> edits) {
        StringBuilder s = new StringBuilder(VALID.get(base));
        for (Edit e : edits) {
            int at = s.isEmpty() ? 0 : e.at() % (s.length() + 1);
            switch (e.kind()) {
                case 0, 1 -> s.insert(at, PIECES.get(e.arg() % PIECES.size()));
                case 2 -> s.insert(at, (char) (e.arg() % 256));
                case 3 -> s.delete(at, Math.min(s.length(), at + 1 + e.arg() % 8));
                case 4 -> s.setLength(at); // truncated
                default -> { // an oversized head: a header repeated past the 8 KiB limit, or just under it
                    int line = s.indexOf("\r\n");
                    if (line >= 0) {
                        s.insert(line + 2, "X-Pad: 0123456789abcdef0123456789abcdef\r\n".repeat(150 + e.arg() % 100));
                    }
                }
            }
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void check(boolean ok, String what, byte[] raw) {
        if (!ok) {
            throw new AssertionError(what + " for input " + printable(raw));
        }
    }

    // ------------------------------------------------------------------ a live server

    @Property(tries = 150)
    void serverOnNioAnswersOrClosesAndStaysUp(@ForAll("mutated") byte[] raw) throws Exception {
        exchange(BackendKind.NIO, raw);
    }

    @Property(tries = 150)
    void serverOnIoUringAnswersOrClosesAndStaysUp(@ForAll("mutated") byte[] raw) throws Exception {
        exchange(BackendKind.IO_URING, raw);
    }

    @Property(tries = 60)
    void serverOnNioSurvivesRandomBytes(@ForAll("randomBytes") byte[] raw) throws Exception {
        exchange(BackendKind.NIO, raw);
    }

    private static void exchange(BackendKind kind, byte[] raw) throws Exception {
        HttpFileServer server = server(kind);
        byte[] answer = send(server, raw);
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        if (answer.length > 0) {
            String status = text.substring(0, Math.max(0, text.indexOf("\r\n")));
            check(STATUS.matcher(status).matches(), "status line '" + status + "'", raw);
        }
        check(!text.contains(SECRET), "the file outside the root was served", raw);
        check(server.metrics().failedConnections() == 0, "a connection ended with an exception in the server", raw);
        // the server is still up and serves a valid request
        byte[] ok = send(server, VALID.get(0).replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        String okText = new String(ok, StandardCharsets.ISO_8859_1);
        check(okText.startsWith("HTTP/1.1 200 ") && okText.endsWith("hello, world\n"),
                "the next valid request got '" + okText + "'", raw);
    }

    /**
     * Sends {@code raw}, half-closes, and reads until the server closes. A reset (the server closed while we
     * still wrote, e.g. after a 413) counts as a close; a read that waits 10 s is a hang.
     */
    private static byte[] send(HttpFileServer server, byte[] raw) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            c.setSoTimeout(10_000);
            try {
                OutputStream out = c.getOutputStream();
                out.write(raw);
                out.flush();
                c.shutdownOutput(); // a truncated head then ends with the peer's close, not the idle timeout
            } catch (IOException reset) {
                // the server answered and closed early
            }
            InputStream in = c.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("hang: no answer and no close within 10 s for input " + printable(raw));
            } catch (IOException reset) {
                // closed with a reset
            }
        }
        return got.toByteArray();
    }

    private static synchronized HttpFileServer server(BackendKind kind) throws IOException {
        HttpFileServer s = SERVERS.get(kind);
        if (s != null) {
            return s;
        }
        if (kind == BackendKind.IO_URING && !IoUringBackend.probe().available()) {
            throw new TestAbortedException("io_uring refused by the kernel: " + IoUringBackend.probe().cause());
        }
        if (dir == null) {
            dir = Files.createTempDirectory("zokio-http-fuzz");
            Path root = dir.resolve("root");
            Files.createDirectories(root.resolve("sub"));
            Files.writeString(root.resolve("hello.txt"), "hello, world\n");
            Files.writeString(root.resolve("sub/index.html"), "<p>index</p>");
            Files.writeString(dir.resolve("secret.txt"), SECRET);
        }
        s = HttpFileServer.start(dir.resolve("root"), "127.0.0.1", 0, kind, 2);
        SERVERS.put(kind, s);
        return s;
    }

    @AfterContainer
    static void stopServers() throws IOException {
        SERVERS.values().forEach(HttpFileServer::close);
        SERVERS.clear();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            dir = null;
        }
    }

    private static String printable(byte[] raw) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(raw.length, 600); i++) {
            int c = raw[i] & 0xff;
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 32 || c >= 127) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.append((char) c);
            }
        }
        return b + (raw.length > 600 ? "... (" + raw.length + " bytes)" : "");
    }
}
