package io.zokio.http;

import io.zokio.loop.BackendKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/** Shared by the module's tests: servers on a backend (skipped when io_uring is unavailable), a raw client. */
final class TestServers {
    private TestServers() {
    }

    /** A two-worker server on {@code kind} with {@code handler}, configured further by {@code tweak}. */
    static HttpServer start(BackendKind kind, HttpHandler handler, UnaryOperator<HttpServer.Builder> tweak) {
        try {
            return tweak.apply(HttpServer.builder().backend(kind).workers(2).handler(handler)).start();
        } catch (RuntimeException | LinkageError e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    /** A two-worker server served as {@code serving} says, configured further by {@code tweak}. */
    static HttpServer start(Serving serving, HttpHandler handler, UnaryOperator<HttpServer.Builder> tweak) {
        return start(serving.backend, handler, b -> tweak.apply(b.handlerMode(serving.mode)));
    }

    static HttpServer start(Serving serving, HttpHandler handler) {
        return start(serving, handler, b -> b);
    }

    static HttpServer start(BackendKind kind, HttpHandler handler) {
        return start(kind, handler, b -> b);
    }

    static Socket connect(HttpServer s) throws IOException {
        Socket c = new Socket(InetAddress.getLoopbackAddress(), s.port());
        c.setSoTimeout(20_000);
        return c;
    }

    static void send(Socket c, String raw) throws IOException {
        c.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        c.getOutputStream().flush();
    }

    /** One parsed response. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads one response (Content-Length or chunked body; none when {@code head}). */
    static Response read(InputStream in, boolean head) throws IOException {
        String status = line(in);
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not a status line: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.merge(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip(),
                    (a, b) -> a + "," + b);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        byte[] body;
        if (head || code < 200 || code == 204 || code == 304) {
            body = new byte[0];
        } else if ("chunked".equals(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in), 16);
                all.write(in.readNBytes(size));
                line(in);
                if (size == 0) {
                    break;
                }
            }
            body = all.toByteArray();
        } else if (headers.containsKey("content-length")) {
            int len = Integer.parseInt(headers.get("content-length"));
            body = in.readNBytes(len);
            if (body.length != len) {
                throw new IOException("short body");
            }
        } else {
            body = in.readAllBytes();
        }
        return new Response(code, headers, body);
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
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

    /** Sends {@code raw} on a fresh connection and reads one response. */
    static Response exchange(HttpServer s, String raw) throws IOException {
        try (Socket c = connect(s)) {
            send(c, raw);
            return read(c.getInputStream(), raw.startsWith("HEAD"));
        }
    }

    /** Whether the server closed the connection (end of stream or reset) after what was read. */
    static boolean closed(Socket c) throws IOException {
        try {
            return c.getInputStream().read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
