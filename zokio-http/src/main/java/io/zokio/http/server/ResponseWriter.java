package io.zokio.http.server;

import io.zokio.http.HttpResponse;
import io.zokio.http.wire.DateHeader;
import io.zokio.http.wire.StatusLines;
import io.zokio.sys.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> one connection's virtual thread.
 *
 * <p>Encodes responses into the connection's output buffer: precomputed status line, the shared Date line,
 * fields, framing, and the body (bytes, a streamed body through {@link ChunkedOutput}, or a file through
 * {@link FileIo}: zero-copy {@code sendFile} on plain connections). Returns the body bytes sent.
 */
final class ResponseWriter {
    private static final byte[] SERVER = ascii("Server: zokio\r\n");
    private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] COLON = ascii(": ");
    /** File bodies up to this size are copied behind the head (one write); larger ones go zero-copy. */
    private static final int COPY_FILE_BYTES = 16 * 1024;
    private static final int ELOOP = 40;

    private final ConnectionOutput out;
    private final Wire wire;
    private final FileIo files;
    private final java.time.Duration writeTimeout;
    private final ServerCounters counters;

    ResponseWriter(ConnectionOutput out, Wire wire, FileIo files, java.time.Duration writeTimeout,
                   ServerCounters counters) {
        this.counters = counters;
        this.out = out;
        this.wire = wire;
        this.files = files;
        this.writeTimeout = writeTimeout;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a response with this status to this method carries no body (RFC 9110 section 6.4.1). */
    static boolean bodiless(int status, boolean head) {
        return head || status < 200 || status == 204 || status == 304;
    }

    /** A short plain-text answer the server makes itself (errors, 404 of a vanished file). */
    long error(int status, boolean keepAlive, boolean http11) {
        byte[] body = (status + " " + StatusLines.reason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
        head(status, "text/plain; charset=utf-8", null, keepAlive, http11);
        out.write(CONTENT_LENGTH);
        out.writeDecimal(body.length);
        out.crlf();
        out.crlf();
        out.write(body);
        return body.length;
    }

    private void head(int status, String contentType, HttpResponse fields, boolean keepAlive, boolean http11) {
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

    /**
     * Writes {@code r}; {@code keepAlive} must already be false when the connection is to close. A streamed body
     * to an HTTP/1.0 client needs the connection to close: see {@link #needsClose}.
     */
    long write(HttpResponse r, boolean headRequest, boolean keepAlive, boolean http11) throws IOException {
        int status = r.status();
        boolean noBody = bodiless(status, headRequest);
        switch (r.bodyKind()) {
            case NONE -> {
                head(status, r.contentType(), r, keepAlive, http11);
                if (status >= 200 && status != 204 && status != 304) {
                    out.write(CONTENT_LENGTH);
                    out.write('0');
                    out.crlf();
                }
                out.crlf();
                return 0;
            }
            case BYTES -> {
                byte[] body = r.bodyBytes();
                head(status, r.contentType(), r, keepAlive, http11);
                if (status >= 200 && status != 204 && status != 304) {
                    out.write(CONTENT_LENGTH);
                    out.writeDecimal(body.length);
                    out.crlf();
                }
                out.crlf();
                if (noBody) {
                    return 0;
                }
                out.writeBody(body);
                return body.length;
            }
            case STREAM -> {
                head(status, r.contentType(), r, keepAlive, http11);
                if (http11 && !bodiless(status, false)) {
                    out.write(CHUNKED);
                }
                out.crlf();
                if (noBody) {
                    return 0;
                }
                ChunkedOutput body = new ChunkedOutput(out, http11);
                r.bodyWriter().writeTo(body);
                body.finish();
                return -1;
            }
            case FILE -> {
                return file(r, noBody, keepAlive, http11);
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Whether {@code r} can only be delimited by closing the connection. */
    static boolean needsClose(HttpResponse r, boolean http11) {
        return r.bodyKind() == HttpResponse.BodyKind.STREAM && !http11;
    }

    private long file(HttpResponse r, boolean noBody, boolean keepAlive, boolean http11) throws IOException {
        int fd = files.open(r.file().toString());
        if (fd < 0) {
            boolean missing = fd == -Errno.ENOENT || fd == -Errno.ENOTDIR || fd == -Errno.EACCES
                    || fd == -Errno.ENAMETOOLONG || fd == -ELOOP;
            return error(missing ? 404 : 500, keepAlive, http11);
        }
        try {
            if (files.stat(fd) != 0 || !files.stat().isRegularFile()) {
                return error(404, keepAlive, http11);
            }
            long size = files.stat().sizeBytes();
            long offset = r.fileOffset();
            long length = r.fileLength() < 0 ? size - offset : r.fileLength();
            if (offset > size || length < 0 || offset + length > size) {
                return error(500, keepAlive, http11); // the file changed under the handler
            }
            head(r.status(), r.contentType(), r, keepAlive, http11);
            out.write(CONTENT_LENGTH);
            out.writeDecimal(length);
            out.crlf();
            out.crlf();
            if (noBody) {
                return 0;
            }
            if (length > COPY_FILE_BYTES && wire.zeroCopy()) {
                out.flush();
                wire.tcp().sendFile(fd, offset, length, writeTimeout);
                counters.bytesOut.add(length);
                return length;
            }
            copy(fd, offset, length, length <= COPY_FILE_BYTES);
            return length;
        } finally {
            files.close(fd);
        }
    }

    private void copy(int fd, long offset, long length, boolean buffered) throws IOException {
        if (!buffered) {
            out.flush();
        }
        long pos = offset;
        long left = length;
        byte[] small = buffered ? new byte[(int) length] : null;
        while (left > 0) {
            int n = files.read(fd, pos, (int) Math.min(left, FileIo.BUFFER_BYTES));
            if (n <= 0) {
                throw new IOException(n == 0 ? "file shrank while being sent" : "file read failed: errno " + -n);
            }
            if (buffered) {
                java.lang.foreign.MemorySegment.copy(files.buffer(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0,
                        small, (int) (pos - offset), n);
            } else {
                out.writeDirect(files.buffer().asSlice(0, n));
            }
            pos += n;
            left -= n;
        }
        if (buffered) {
            out.write(small);
        }
    }
}
