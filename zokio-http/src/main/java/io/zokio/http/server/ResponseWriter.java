package io.zokio.http.server;

import io.zokio.http.HttpResponse;
import io.zokio.sys.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> one connection's virtual thread.
 *
 * <p>Encodes responses into the connection's output buffer: through {@link ResponseEncoding}, and a file body
 * through {@link FileIo} (zero-copy {@code sendFile} on plain connections). Returns the body bytes sent.
 */
final class ResponseWriter {
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

    /** A short plain-text answer the server makes itself (errors, 404 of a vanished file). */
    long error(int status, boolean keepAlive, boolean http11) {
        return ResponseEncoding.error(out, status, keepAlive, http11);
    }

    /**
     * Writes {@code r}; {@code keepAlive} must already be false when the connection is to close. A streamed body
     * to an HTTP/1.0 client needs the connection to close: see {@link #needsClose}.
     */
    long write(HttpResponse r, boolean headRequest, boolean keepAlive, boolean http11) throws IOException {
        if (r.bodyKind() == HttpResponse.BodyKind.FILE) {
            return file(r, ResponseEncoding.bodiless(r.status(), headRequest), keepAlive, http11);
        }
        return ResponseEncoding.write(out, r, headRequest, keepAlive, http11);
    }

    /** Whether {@code r} can only be delimited by closing the connection. */
    static boolean needsClose(HttpResponse r, boolean http11) {
        return ResponseEncoding.needsClose(r, http11);
    }

    private long file(HttpResponse r, boolean noBody, boolean keepAlive, boolean http11) throws IOException {
        int fd = files.open(r.file().toString());
        if (fd < 0) {
            boolean missing = fd == -Errno.ENOENT || fd == -Errno.ENOTDIR || fd == -Errno.EACCES
                    || fd == -Errno.ENAMETOOLONG || fd == -ELOOP;
            return error(missing ? 404 : 500, keepAlive, http11);
        }
        try {
            long offset = r.fileOffset();
            long length = r.fileLength();
            if (length < 0) { // to the end: the size decides (an explicit length is trusted, as the handler stat'ed)
                if (files.stat(fd) != 0 || !files.stat().isRegularFile()) {
                    return error(404, keepAlive, http11);
                }
                long size = files.stat().sizeBytes();
                if (offset > size) {
                    return error(416, keepAlive, http11);
                }
                length = size - offset;
            }
            ResponseEncoding.head(out, r.status(), r.contentType(), r, keepAlive, http11);
            ResponseEncoding.contentLength(out, length);
            out.crlf();
            if (noBody) {
                return 0;
            }
            if (length > COPY_FILE_BYTES && wire.zeroCopy()) {
                out.flushAndWait();
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
