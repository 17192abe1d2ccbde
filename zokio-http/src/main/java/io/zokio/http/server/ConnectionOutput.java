package io.zokio.http.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * <b>Threading:</b> one connection's virtual thread.
 *
 * <p>The connection's reused write buffer. Response heads and small bodies are appended here and leave in one
 * write when the connection next waits for input (so pipelined responses are batched), when the buffer passes
 * its flush threshold, or on an explicit {@link #flush()}. Large bodies are written from the caller's array
 * directly after the buffered bytes.
 */
final class ConnectionOutput {
    private static final int FLUSH_AT = 32 * 1024;
    private static final int DIRECT_BODY = 16 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf = new byte[8 * 1024];
    private ByteBuffer view = ByteBuffer.wrap(buf);
    private int count;
    private final Wire wire;
    private final ServerCounters counters;
    private final IoDeadline deadline;
    private final long writeTimeoutNanos;

    ConnectionOutput(Wire wire, ServerCounters counters, IoDeadline deadline, long writeTimeoutNanos) {
        this.deadline = deadline;
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.wire = wire;
        this.counters = counters;
    }

    private void ensure(int n) {
        if (count + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
            view = ByteBuffer.wrap(buf);
        }
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    /** Appends a Latin-1 string (header names and values, checked when set) without making bytes. */
    void writeLatin1(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[count++] = (byte) s.charAt(i);
        }
    }

    void writeDecimal(long v) {
        ensure(20);
        if (v == 0) {
            buf[count++] = '0';
            return;
        }
        int start = count;
        while (v > 0) {
            buf[count++] = (byte) ('0' + v % 10);
            v /= 10;
        }
        for (int i = start, j = count - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    void writeHex(int v) {
        ensure(8);
        int shift = 28;
        while (shift > 0 && (v >>> shift & 0xf) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            buf[count++] = HEX[v >>> shift & 0xf];
        }
    }

    void crlf() {
        ensure(2);
        buf[count++] = '\r';
        buf[count++] = '\n';
    }

    /** A body: copied behind the head when small, else written straight from {@code body} after a flush. */
    void writeBody(byte[] body) throws IOException {
        writeBody(body, 0, body.length);
    }

    void writeBody(byte[] body, int off, int len) throws IOException {
        if (len <= DIRECT_BODY) {
            write(body, off, len);
            return;
        }
        flush();
        writeDirect(ByteBuffer.wrap(body, off, len));
    }

    /** Writes {@code src} now, bypassing the buffer (flush first), within the write timeout. */
    void writeDirect(ByteBuffer src) throws IOException {
        int n = src.remaining();
        deadline.armIn(writeTimeoutNanos);
        try {
            wire.writeAll(src);
        } finally {
            deadline.disarm();
        }
        counters.bytesOut.add(n);
    }

    /** As {@link #writeDirect(ByteBuffer)} for a native segment. */
    void writeDirect(java.lang.foreign.MemorySegment src) throws IOException {
        deadline.armIn(writeTimeoutNanos);
        try {
            wire.writeAll(src);
        } finally {
            deadline.disarm();
        }
        counters.bytesOut.add(src.byteSize());
    }

    /** Flushes when enough is buffered; the connection calls this after each response. */
    void maybeFlush() throws IOException {
        if (count >= FLUSH_AT) {
            flush();
        }
    }

    int pending() {
        return count;
    }

    void flush() throws IOException {
        if (count == 0) {
            return;
        }
        view.limit(count).position(0);
        count = 0; // a failed write leaves the connection unusable, so nothing is kept for a retry
        writeDirect(view);
    }
}
