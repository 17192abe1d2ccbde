package io.zokio.http.server;

import java.io.InputStream;
import java.util.Objects;

/**
 * <b>Threading:</b> the loop that owns the connection; reused for every request of it.
 *
 * <p>A request body already received whole, read from a range of an array the connection owns: what
 * {@link io.zokio.http.HttpRequest#body()} gives a handler that runs on the event loop, where a read must never
 * wait.
 */
final class HeldBody extends InputStream {
    private byte[] bytes = new byte[0];
    private int pos;
    private int end;

    /** The body is {@code b[from, to)}, valid until the handler returns. */
    void reset(byte[] b, int from, int to) {
        bytes = b;
        pos = from;
        end = to;
    }

    @Override
    public int read() {
        return pos < end ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos >= end) {
            return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, end - pos));
        pos += (int) k;
        return k;
    }

    @Override
    public int available() {
        return end - pos;
    }
}
