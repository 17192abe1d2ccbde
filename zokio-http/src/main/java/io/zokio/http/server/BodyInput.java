package io.zokio.http.server;

import io.zokio.http.BodyTooLargeException;
import io.zokio.http.wire.ChunkSize;
import io.zokio.http.wire.RequestHead;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> one connection's virtual thread; reused for every request of the connection.
 *
 * <p>The current request's body, read from the connection's buffer and then its socket: none, a fixed
 * {@code Content-Length}, or chunked transfer coding (RFC 9112 section 7.1; trailers are read and dropped). Sends
 * {@code 100 Continue} before the first read when the client expects it. Never reads past the body, so the
 * next pipelined request stays in the buffer.
 */
final class BodyInput extends InputStream {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER_BYTES = 8192;
    /** Unread body bytes the server reads and drops to keep a connection open after a handler. */
    private static final long DRAIN_BYTES = 64 * 1024;

    private enum State { SIZE, DATA, DATA_END, TRAILERS, DONE }

    private final ConnectionInput in;
    private final ConnectionOutput out;
    private final long maxBody;
    private final long timeoutNanos;
    private State state = State.DONE;
    private boolean chunked;
    private long remaining; // of the fixed body, or of the current chunk
    private long total;
    private boolean expectContinue;
    private final byte[] one = new byte[1];

    BodyInput(ConnectionInput in, ConnectionOutput out, long maxBody, long timeoutNanos) {
        this.in = in;
        this.out = out;
        this.maxBody = maxBody;
        this.timeoutNanos = timeoutNanos;
    }

    void reset(RequestHead head) {
        chunked = head.chunked();
        remaining = head.contentLength();
        total = 0;
        expectContinue = head.expectContinue();
        state = chunked ? State.SIZE : remaining > 0 ? State.DATA : State.DONE;
    }

    boolean done() {
        return state == State.DONE;
    }

    private void awaitBytes() throws IOException {
        if (expectContinue) {
            expectContinue = false;
            out.write(CONTINUE);
            out.flush();
        }
        if (in.fill(System.nanoTime() + timeoutNanos) < 0) {
            throw new EOFException("the client closed the connection inside a request body");
        }
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            switch (state) {
                case DONE -> {
                    return -1;
                }
                case SIZE -> chunkSize();
                case DATA_END -> chunkEnd();
                case TRAILERS -> trailers();
                case DATA -> {
                    if (in.available() == 0) {
                        awaitBytes();
                    }
                    int n = (int) Math.min(Math.min(len, remaining), in.available());
                    System.arraycopy(in.buf, in.pos, b, off, n);
                    in.pos += n;
                    remaining -= n;
                    total += n;
                    if (total > maxBody) {
                        throw new BodyTooLargeException(maxBody);
                    }
                    if (remaining == 0) {
                        state = chunked ? State.DATA_END : State.DONE;
                    }
                    return n;
                }
            }
        }
    }

    /** The offset of the next LF in the buffer, reading more as needed (a line is at most {@value #MAX_LINE}). */
    private int line() throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = in.pos + scanned; i < in.limit; i++) {
                if (in.buf[i] == '\n') {
                    return i;
                }
            }
            scanned = in.available();
            if (scanned > MAX_LINE) {
                throw new MalformedBodyException("chunk line too long");
            }
            awaitBytes();
        }
    }

    private void chunkSize() throws IOException {
        int lf = line();
        long size = ChunkSize.parse(in.buf, in.pos, lf);
        if (size < 0) {
            throw new MalformedBodyException("malformed chunk size line");
        }
        in.pos = lf + 1;
        if (size > maxBody - total) {
            throw new BodyTooLargeException(maxBody);
        }
        remaining = size;
        state = size == 0 ? State.TRAILERS : State.DATA;
    }

    private void chunkEnd() throws IOException {
        while (in.available() < 2) {
            awaitBytes();
        }
        if (in.buf[in.pos] != '\r' || in.buf[in.pos + 1] != '\n') {
            throw new MalformedBodyException("chunk data not followed by CRLF");
        }
        in.pos += 2;
        state = State.SIZE;
    }

    private void trailers() throws IOException {
        int seen = 0;
        while (true) {
            int lf = line();
            if (lf == in.pos || in.buf[lf - 1] != '\r') {
                throw new MalformedBodyException("bare LF in the trailer section");
            }
            boolean empty = lf == in.pos + 1;
            seen += lf + 1 - in.pos;
            in.pos = lf + 1;
            if (empty) {
                state = State.DONE;
                return;
            }
            if (seen > MAX_TRAILER_BYTES) {
                throw new MalformedBodyException("trailer section too large");
            }
        }
    }

    /**
     * Reads and drops what the handler left of the body, when it is small enough; returns whether the connection
     * may read its next request.
     */
    boolean finish() {
        if (state == State.DONE) {
            return true;
        }
        if (expectContinue) {
            return false; // the client still waits for 100 Continue: never ask for a body nobody reads
        }
        try {
            byte[] sink = new byte[4096];
            long dropped = 0;
            while (state != State.DONE && dropped <= DRAIN_BYTES) {
                int n = read(sink, 0, sink.length);
                if (n > 0) {
                    dropped += n;
                }
            }
            return state == State.DONE;
        } catch (IOException e) {
            return false;
        }
    }

    /** A chunked body that breaks the grammar: the connection answers 400 when it still can, and closes. */
    static final class MalformedBodyException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message);
        }
    }
}
