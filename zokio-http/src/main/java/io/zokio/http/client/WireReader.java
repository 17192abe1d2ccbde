package io.zokio.http.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * The read side of one connection: a byte buffer over its {@link Transport} from which response heads, chunk
 * lines and body bytes are taken. Between exchanges the buffer is empty (a connection with bytes left over is
 * never reused), so one reader serves all exchanges of its connection.
 */
final class WireReader {
    private static final int INITIAL = 8 * 1024;

    private final Transport transport;
    private final int maxBuffer;
    private byte[] buf = new byte[INITIAL];
    private int pos;
    private int lim;
    /** Bytes received since {@link #startExchange()}. */
    private long received;

    /** {@code maxHeadBytes}: the largest head (or line) the buffer must hold. */
    WireReader(Transport transport, int maxHeadBytes) {
        this.transport = transport;
        this.maxBuffer = Math.max(INITIAL, maxHeadBytes + 2);
    }

    /** Starts counting the bytes of a new exchange. */
    void startExchange() {
        received = 0;
    }

    /** Whether any byte arrived since {@link #startExchange()}. */
    boolean receivedAny() {
        return received > 0;
    }

    byte[] buffer() {
        return buf;
    }

    /** Index of the first buffered byte. */
    int pos() {
        return pos;
    }

    /** Buffered bytes not yet taken. */
    int buffered() {
        return lim - pos;
    }

    /** Takes {@code n} buffered bytes. */
    void skip(int n) {
        pos += n;
        if (pos == lim) {
            pos = lim = 0;
        }
    }

    /**
     * Reads more bytes into the buffer (moving or growing it as needed, at most to its limit); returns the count
     * read, or -1 at end of stream.
     *
     * @throws MalformedResponseException when the buffer is full at its limit (a head or line too long)
     */
    int fill(Deadline deadline, String what) throws IOException {
        if (lim == buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            } else if (buf.length < maxBuffer) {
                byte[] bigger = new byte[Math.min(maxBuffer, buf.length * 2)];
                System.arraycopy(buf, 0, bigger, 0, lim);
                buf = bigger;
            } else {
                throw new MalformedResponseException(what + " longer than " + (maxBuffer - 2) + " bytes");
            }
        }
        int n = readInto(ByteBuffer.wrap(buf, lim, buf.length - lim), deadline);
        if (n > 0) {
            lim += n;
        }
        return n;
    }

    /**
     * Copies buffered bytes into {@code b}, or reads from the connection when none are buffered; -1 at end of
     * stream.
     */
    int read(byte[] b, int off, int len, Deadline deadline) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == lim) {
            if (len >= buf.length) {
                return readInto(ByteBuffer.wrap(b, off, len), deadline);
            }
            pos = lim = 0;
            if (fill(deadline, "body") < 0) {
                return -1;
            }
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        skip(n);
        return n;
    }

    /**
     * The index of the LF ending the line at {@link #pos()}, reading until one is buffered; -1 when the stream
     * ends first. The line with its terminator may be at most {@code maxLine} bytes.
     */
    int lineEnd(int maxLine, Deadline deadline, String what) throws IOException {
        int scanned = 0; // relative to pos: fill may move the buffered bytes
        while (true) {
            for (int i = pos + scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
                if (i - pos >= maxLine) {
                    throw new MalformedResponseException(what + " longer than " + maxLine + " bytes");
                }
            }
            scanned = lim - pos;
            if (fill(deadline, what) < 0) {
                return -1;
            }
        }
    }

    private int readInto(ByteBuffer dst, Deadline deadline) throws IOException {
        int n;
        try {
            n = transport.read(dst, deadline.remaining());
        } catch (SocketTimeoutException e) {
            throw deadline.translate(e);
        }
        if (n > 0) {
            received += n;
        }
        return n;
    }
}
