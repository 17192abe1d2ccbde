package io.zokio.http.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * <b>Threading:</b> one connection's thread (its virtual thread, or the loop that owns it).
 *
 * <p>A streaming response body: with {@code chunked}, each write becomes one chunk (RFC 9112 section 7.1) in
 * the connection's output buffer and {@link #finish()} adds the last chunk; without (HTTP/1.0), bytes go as they
 * are and the connection closes after them.
 */
final class ChunkedOutput extends OutputStream {
    private static final byte[] LAST = {'0', '\r', '\n', '\r', '\n'};

    private final ResponseBytes out;
    private final boolean chunked;
    private boolean finished;

    ChunkedOutput(ResponseBytes out, boolean chunked) {
        this.out = out;
        this.chunked = chunked;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            throw new IOException("response body already finished");
        }
        if (len == 0) {
            return;
        }
        if (chunked) {
            out.writeHex(len);
            out.crlf();
            out.writeBody(b, off, len);
            out.crlf();
        } else {
            out.writeBody(b, off, len);
        }
        out.maybeFlush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Ends the body (the last chunk); idempotent. */
    void finish() {
        if (!finished) {
            finished = true;
            if (chunked) {
                out.write(LAST);
            }
        }
    }

    @Override
    public void close() {
        finish();
    }
}
