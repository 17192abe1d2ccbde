package io.zokio.http.server;

import java.io.IOException;
import java.util.Arrays;

/**
 * <b>Threading:</b> one connection's thread (its virtual thread, or the loop that owns it).
 *
 * <p>A connection's growing output array: response heads and bodies are appended at {@link #count}. Subclasses
 * decide when the bytes leave; {@link #writeBody} may hand a large body to the socket directly.
 */
class ResponseBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    byte[] buf = new byte[4 * 1024];
    int count;

    final void ensure(int n) {
        if (count + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
        }
    }

    final void write(byte[] b) {
        write(b, 0, b.length);
    }

    final void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    final void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    /** Appends a Latin-1 string (header names and values, checked when set) without making bytes. */
    final void writeLatin1(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[count++] = (byte) s.charAt(i);
        }
    }

    final void writeDecimal(long v) {
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

    final void writeHex(int v) {
        ensure(8);
        int shift = 28;
        while (shift > 0 && (v >>> shift & 0xf) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            buf[count++] = HEX[v >>> shift & 0xf];
        }
    }

    final void crlf() {
        ensure(2);
        buf[count++] = '\r';
        buf[count++] = '\n';
    }

    /** A response body: appended here (a subclass may write a large one to the socket directly). */
    void writeBody(byte[] body, int off, int len) throws IOException {
        write(body, off, len);
    }

    /** Called after each response or streamed chunk: a subclass may start sending once enough is buffered. */
    void maybeFlush() throws IOException {
    }

    /** Asks for the bytes to leave now; here they stay until the connection sends them. */
    void flush() throws IOException {
    }

    final void writeBody(byte[] body) throws IOException {
        writeBody(body, 0, body.length);
    }
}
