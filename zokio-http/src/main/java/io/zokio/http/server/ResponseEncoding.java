package io.zokio.http.server;

import io.zokio.http.HttpResponse;
import io.zokio.http.wire.DateHeader;
import io.zokio.http.wire.StatusLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> stateless; the buffer it appends to belongs to the calling connection.
 *
 * <p>Encodes response heads (precomputed status line, Server, the shared Date line, Content-Type, the
 * response's fields, the connection's persistence) and every response that needs no file: no body, bytes, a
 * streamed body (chunked through {@link ChunkedOutput}), and the server's own short error answers.
 * {@link ResponseWriter} adds file bodies.
 */
final class ResponseEncoding {
    private static final byte[] SERVER = ascii("Server: zokio\r\n");
    private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CLOSE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] COLON = ascii(": ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");

    private ResponseEncoding() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a response with this status to this method carries no body (RFC 9110 section 6.4.1). */
    static boolean bodiless(int status, boolean head) {
        return head || status < 200 || status == 204 || status == 304;
    }

    /** A short plain-text answer the server makes itself (errors, 404 of a vanished file); the body length. */
    static long error(ResponseBytes out, int status, boolean keepAlive, boolean http11) {
        byte[] body = (status + " " + StatusLines.reason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
        head(out, status, "text/plain; charset=utf-8", null, keepAlive, http11);
        contentLength(out, body.length);
        out.crlf();
        out.write(body);
        return body.length;
    }

    /** The status line and fields up to, not including, the framing field and the empty line. */
    static void head(ResponseBytes out, int status, String contentType, HttpResponse fields, boolean keepAlive,
                     boolean http11) {
        out.write(StatusLines.line(status));
        out.write(SERVER);
        out.write(DateHeader.line());
        if (contentType != null) {
            out.write(CONTENT_TYPE);
            out.writeLatin1(contentType);
            out.crlf();
        }
        if (fields != null) {
            for (int i = 0; i < fields.headerCount(); i++) {
                out.writeLatin1(fields.headerName(i));
                out.write(COLON);
                out.writeLatin1(fields.headerValue(i));
                out.crlf();
            }
        }
        if (!keepAlive) {
            out.write(CLOSE);
        } else if (!http11) {
            out.write(KEEP_ALIVE);
        }
    }

    static void contentLength(ResponseBytes out, long length) {
        out.write(CONTENT_LENGTH);
        out.writeDecimal(length);
        out.crlf();
    }

    /**
     * A response without a file body, head and body; returns the body bytes sent (-1 for a streamed body).
     * {@code keepAlive} must already be false when the connection is to close; a streamed body to an HTTP/1.0
     * client needs the connection to close: see {@link #needsClose}.
     */
    static long write(ResponseBytes out, HttpResponse r, boolean headRequest, boolean keepAlive, boolean http11)
            throws IOException {
        return switch (r.bodyKind()) {
            case NONE, BYTES -> whole(out, r, headRequest, keepAlive, http11);
            case STREAM -> streamed(out, r, headRequest, keepAlive, http11);
            case FILE -> throw new IllegalArgumentException("a file body is written by ResponseWriter");
        };
    }

    /** Whether {@code r} can only be delimited by closing the connection. */
    static boolean needsClose(HttpResponse r, boolean http11) {
        return r.bodyKind() == HttpResponse.BodyKind.STREAM && !http11;
    }

    private static long streamed(ResponseBytes out, HttpResponse r, boolean headRequest, boolean keepAlive,
                                 boolean http11) throws IOException {
        int status = r.status();
        head(out, status, r.contentType(), r, keepAlive, http11);
        if (http11 && !bodiless(status, false)) {
            out.write(CHUNKED);
        }
        out.crlf();
        if (bodiless(status, headRequest)) {
            return 0;
        }
        ChunkedOutput body = new ChunkedOutput(out, http11);
        r.bodyWriter().writeTo(body);
        body.finish();
        return -1;
    }

    private static long whole(ResponseBytes out, HttpResponse r, boolean headRequest, boolean keepAlive, boolean http11)
            throws IOException {
        int status = r.status();
        byte[] body = r.bodyKind() == HttpResponse.BodyKind.BYTES ? r.bodyBytes() : null;
        head(out, status, r.contentType(), r, keepAlive, http11);
        if (status >= 200 && status != 204 && status != 304) {
            contentLength(out, body == null ? 0 : body.length);
        }
        out.crlf();
        if (body == null || bodiless(status, headRequest)) {
            return 0;
        }
        out.writeBody(body);
        return body.length;
    }
}
