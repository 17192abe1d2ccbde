package io.zokio.examples.http;

import io.zokio.sys.Errno;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * <b>Threading:</b> runs on one virtual thread per connection.
 *
 * <p>One HTTP/1.1 connection of the file server: reads request heads (at most
 * {@value HttpRequest#MAX_HEAD_BYTES} bytes each; pipelined requests are served in order), answers GET and
 * HEAD for files under the root with keep-alive and single byte ranges, and answers everything else with a
 * short error: 400 malformed or escaping target, 404 missing, 405 other methods, 413 oversized head or a
 * request body, 416 unsatisfiable range. After a 400 or 413 the connection is closed (the stream may be out
 * of sync); idle connections are closed after {@link #IDLE_TIMEOUT}.
 */
final class HttpConnection {
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static volatile String cachedDate = "";
    private static volatile long cachedDateSecond;

    private final HttpWire stream;
    private final String root;
    private final FileBody file;
    private final byte[] in = new byte[HttpRequest.MAX_HEAD_BYTES];
    private int filled;

    HttpConnection(Runtime rt, HttpWire stream, String root) {
        this.stream = stream;
        this.root = root;
        this.file = new FileBody(rt, stream.tcp().worker());
    }

    /** Serves requests until the peer closes, an error closes, or the idle timeout passes. */
    void serve() throws IOException {
        stream.tcp().setNoDelay(true);
        while (true) {
            int end = HttpRequest.headEnd(in, 0, filled);
            int scanned = filled;
            while (end < 0) {
                if (filled == in.length) {
                    error(413, false);
                    return;
                }
                int n;
                try {
                    n = stream.read(ByteBuffer.wrap(in, filled, in.length - filled), IDLE_TIMEOUT);
                } catch (SocketTimeoutException idle) {
                    return;
                }
                if (n < 0) {
                    return; // the peer closed (a partial head is dropped: nothing to answer)
                }
                filled += n;
                end = HttpRequest.headEnd(in, Math.max(0, scanned - 3), filled);
                scanned = filled;
            }
            HttpRequest req = HttpRequest.parse(in, end);
            System.arraycopy(in, end, in, 0, filled - end);
            filled -= end;
            if (req.isError()) {
                error(req.error(), false);
                return;
            }
            if (!respond(req) || !req.keepAlive()) {
                return;
            }
        }
    }

    /** Answers one request; returns false when the connection must close. */
    private boolean respond(HttpRequest req) throws IOException {
        boolean head = req.method().equals("HEAD");
        if (!head && !req.method().equals("GET")) {
            return error(405, req.keepAlive());
        }
        String rel = HttpPaths.relative(req.target());
        if (rel == null) {
            return error(400, false);
        }
        String path = rel.isEmpty() ? root : root + "/" + rel;
        int fd = file.open(path);
        if (fd >= 0 && file.stat(fd) == 0 && file.stat().isDirectory()) {
            file.close(fd);
            fd = file.open(path + "/index.html");
        }
        if (fd < 0) {
            return error(fd == -Errno.ENOENT || fd == -Errno.ENOTDIR || fd == -Errno.EACCES
                    || fd == -Errno.ENAMETOOLONG ? 404 : 500, req.keepAlive());
        }
        try {
            if (file.stat(fd) != 0 || !file.stat().isRegularFile()) {
                return error(404, req.keepAlive());
            }
            long size = file.stat().sizeBytes();
            long[] range = HttpPaths.range(req.range(), size);
            if (range != null && range[0] < 0) {
                return send(416, req.keepAlive(), "Content-Range: bytes */" + size + "\r\n", "416 Range Not Satisfiable\n");
            }
            long first = range == null ? 0 : range[0];
            long length = range == null ? size : range[1] - range[0] + 1;
            StringBuilder h = new StringBuilder(256);
            statusLine(h, range == null ? 200 : 206);
            h.append("Content-Type: ").append(HttpPaths.contentType(path)).append("\r\n");
            h.append("Content-Length: ").append(length).append("\r\n");
            h.append("Accept-Ranges: bytes\r\n");
            if (range != null) {
                h.append("Content-Range: bytes ").append(range[0]).append('-').append(range[1]).append('/')
                        .append(size).append("\r\n");
            }
            commonHeaders(h, req.keepAlive());
            if (req.keepAlive() && !req.http11()) {
                h.insert(h.length() - 2, "Connection: keep-alive\r\n"); // HTTP/1.0 keeps alive only when told
            }
            int headBytes = putAscii(h);
            if (head) {
                stream.writeAll(file.buffer.asSlice(0, headBytes));
            } else {
                file.send(stream, headBytes, fd, first, length);
            }
            return true;
        } finally {
            file.close(fd);
        }
    }

    private boolean error(int status, boolean keepAlive) throws IOException {
        send(status, keepAlive, status == 405 ? "Allow: GET, HEAD\r\n" : "", status + " " + reason(status) + "\n");
        return keepAlive;
    }

    private boolean send(int status, boolean keepAlive, String extraHeaders, String body) throws IOException {
        StringBuilder h = new StringBuilder(256);
        statusLine(h, status);
        h.append("Content-Type: text/plain; charset=utf-8\r\n");
        h.append("Content-Length: ").append(body.length()).append("\r\n").append(extraHeaders);
        commonHeaders(h, keepAlive);
        h.append(body);
        stream.writeAll(file.buffer.asSlice(0, putAscii(h)));
        return keepAlive;
    }

    private static void statusLine(StringBuilder h, int status) {
        h.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    }

    private static void commonHeaders(StringBuilder h, boolean keepAlive) {
        h.append("Server: zokio\r\nDate: ").append(date()).append("\r\n");
        if (!keepAlive) {
            h.append("Connection: close\r\n");
        }
        h.append("\r\n");
    }

    /** Writes {@code s} (ASCII) at the start of the native buffer; returns its length. */
    private int putAscii(CharSequence s) {
        byte[] b = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        file.view.put(0, b);
        return b.length;
    }

    private static String date() {
        long now = System.currentTimeMillis() / 1000;
        if (now != cachedDateSecond) {
            // benign race: two threads may both format the same second; either value is right
            cachedDate = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
            cachedDateSecond = now;
        }
        return cachedDate;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 416 -> "Range Not Satisfiable";
            default -> "Internal Server Error";
        };
    }
}
