package io.zokio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.http.wire.RequestHead;
import io.zokio.http.wire.RequestParser;
import io.zokio.loop.BackendKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded, deterministic fuzzing ({@value #SEED}, or {@code -Dzokio.fuzz.seed}): mutated valid requests and random
 * bytes, straight into the parser (a request or an error status, never an exception) and through a live server
 * on each backend (every input gets well-formed responses with known statuses, or a close, never a hang; the
 * server never fails a connection; and a valid request on a fresh connection is answered after each input).
 */
@Timeout(120)
class HttpFuzzTest {
    static final long SEED = 20261207L;
    private static final List<String> VALID = List.of(
            "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "HEAD /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /users/42 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
    private static final List<String> PIECES = List.of("\r", "\n", "\r\n", "\r\n\r\n", " ", ":", "\t", "\0", "/",
            "Content-Length: 5\r\n", "Content-Length: -1\r\n", "Content-Length: 99999999999999999999\r\n",
            "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip\r\n", "Host: y\r\n", " folded\r\n",
            "Expect: 100-continue\r\n", "Connection: close\r\n", "ffffffff\r\n", "0\r\n\r\n", "HTTP/1.0", "HTTP/9.9",
            "\u00ff", "%00", "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
    private static final Set<Integer> STATUSES = Set.of(100, 200, 400, 404, 405, 413, 414, 417, 431, 500, 501, 505);

    static long seed() {
        return Long.getLong("zokio.fuzz.seed", SEED);
    }

    static byte[] mutate(Random rnd) {
        StringBuilder s = new StringBuilder(VALID.get(rnd.nextInt(VALID.size())));
        int edits = 1 + rnd.nextInt(5);
        for (int e = 0; e < edits; e++) {
            int at = rnd.nextInt(s.length() + 1);
            switch (rnd.nextInt(6)) {
                case 0, 1 -> s.insert(at, PIECES.get(rnd.nextInt(PIECES.size())));
                case 2 -> s.insert(at, (char) rnd.nextInt(256));
                case 3 -> s.delete(at, Math.min(s.length(), at + 1 + rnd.nextInt(8)));
                case 4 -> s.setLength(at);
                default -> {
                    int line = s.indexOf("\r\n");
                    s.insert(line < 0 ? 0 : line + 2, "X-Pad: 0123456789\r\n".repeat(rnd.nextInt(1200)));
                }
            }
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] random(Random rnd) {
        byte[] b = new byte[rnd.nextInt(4000)];
        rnd.nextBytes(b);
        if (rnd.nextBoolean()) {
            b = (new String(b, StandardCharsets.ISO_8859_1) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        return b;
    }

    @Test
    void parserAnswersEveryInputWithARequestOrAStatus() {
        Random rnd = new Random(seed());
        RequestHead head = new RequestHead(100);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = i % 2 == 0 ? mutate(rnd) : random(rnd);
            int end = RequestParser.findEnd(b, 0, 0, b.length);
            if (end > 0) {
                int status = RequestParser.parse(b, 0, end, head);
                assertTrue(status == 0 || Set.of(400, 417, 431, 501, 505).contains(status), "status " + status);
                if (status == 0) {
                    assertTrue(head.targetEnd() > head.targetStart() && head.contentLength() >= 0);
                }
            } else {
                assertTrue(end == RequestParser.INCOMPLETE || end == RequestParser.BARE_LF);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void serverAnswersOrClosesAndStaysUp(Serving kind) throws Exception {
        Random rnd = new Random(seed() + kind.ordinal());
        try (HttpServer s = TestServers.start(kind, HttpServerTest.router(), b -> b.maxBodyBytes(1000))) {
            for (int i = 0; i < 150; i++) {
                byte[] raw = i % 3 == 2 ? random(rnd) : mutate(rnd);
                checkAnswers(send(s, raw), raw);
                byte[] ok = send(s, "GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                String text = new String(ok, StandardCharsets.ISO_8859_1);
                assertTrue(text.startsWith("HTTP/1.1 200 ") && text.endsWith("Hello, World!"), text);
            }
            assertEquals(0, s.metrics().failedConnections());
        }
    }

    /**
     * Every response in {@code answer} has a known status and a complete head; bodies with a Content-Length are
     * skipped to reach the next response (checking stops at a streamed body, or after the first response when a
     * HEAD request may have been pipelined, whose Content-Length announces no bytes).
     */
    private static void checkAnswers(byte[] answer, byte[] raw) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        boolean mayHaveHead = new String(raw, StandardCharsets.ISO_8859_1).contains("HEAD");
        int at = 0;
        while (at < text.length()) {
            assertTrue(text.startsWith("HTTP/1.1 ", at) && text.length() >= at + 12, "status line for " + show(raw));
            int status = Integer.parseInt(text.substring(at + 9, at + 12));
            assertTrue(STATUSES.contains(status), "status " + status + " for " + show(raw));
            int headEnd = text.indexOf("\r\n\r\n", at);
            assertTrue(headEnd > 0, "complete head for " + show(raw));
            if (status == 100) {
                at = headEnd + 4;
                continue;
            }
            String head = text.substring(at, headEnd + 2).toLowerCase(java.util.Locale.ROOT);
            int cl = head.indexOf("\r\ncontent-length: ");
            if (mayHaveHead || cl < 0) {
                return;
            }
            int valueStart = cl + "\r\ncontent-length: ".length();
            at = headEnd + 4 + Integer.parseInt(head.substring(valueStart, head.indexOf("\r\n", valueStart)));
        }
    }

    /** Sends {@code raw}, half-closes, and reads until the server closes; a 10 s silence is a hang. */
    private static byte[] send(HttpServer s, byte[] raw) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            c.setSoTimeout(10_000);
            try {
                c.getOutputStream().write(raw);
                c.shutdownOutput();
            } catch (IOException reset) {
                // answered and closed early
            }
            InputStream in = c.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("hang: no answer and no close within 10 s for " + show(raw));
            } catch (IOException reset) {
                // closed with a reset
            }
        }
        return got.toByteArray();
    }

    private static String show(byte[] raw) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(raw.length, 300); i++) {
            int c = raw[i] & 0xff;
            b.append(c == '\r' ? "\\r" : c == '\n' ? "\\n" : c < 32 || c >= 127 ? String.format("\\x%02x", c)
                    : String.valueOf((char) c));
        }
        return b + (raw.length > 300 ? "... (" + raw.length + " bytes)" : "");
    }
}
