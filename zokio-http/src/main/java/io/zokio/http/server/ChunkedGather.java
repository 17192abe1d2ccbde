package io.zokio.http.server;

import io.zokio.http.wire.ChunkSize;

/**
 * <b>Threading:</b> the loop that owns the connection; reused for every request of it.
 *
 * <p>Gathers a chunked request body (RFC 9112 section 7.1) that must be whole before its handler runs on the
 * event loop: checks the chunks in the received bytes, and once the last chunk and the trailer section (read and
 * dropped) are there, copies the chunk data into one array. Until then it answers {@link #NEED_MORE}; the
 * connection calls it again when more bytes arrive.
 */
final class ChunkedGather {
    static final int NEED_MORE = -1;
    static final int MALFORMED = -2;
    static final int TOO_LARGE = -3;
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER_BYTES = 8192;

    private byte[] data = new byte[256];
    private int size;

    /** The gathered body after {@link #gather} returned an offset: {@code data()[0, size())}. */
    byte[] data() {
        return data;
    }

    int size() {
        return size;
    }

    /**
     * Scans the chunked body that starts at {@code b[from]} and has {@code b[from, to)} so far: the offset just
     * past it (then {@link #data()} holds it), {@link #NEED_MORE}, {@link #MALFORMED}, or {@link #TOO_LARGE}
     * when its data would pass {@code maxBody} bytes.
     */
    int gather(byte[] b, int from, int to, long maxBody) {
        int end = scan(b, from, to, maxBody);
        if (end >= 0) {
            copy(b, from);
        }
        return end;
    }

    private int scan(byte[] b, int from, int to, long maxBody) {
        int p = from;
        long total = 0;
        while (true) {
            int lf = lineEnd(b, p, to);
            if (lf < 0) {
                return lf;
            }
            long n = ChunkSize.parse(b, p, lf);
            if (n == ChunkSize.MALFORMED) {
                return MALFORMED;
            }
            if (n == 0) {
                return trailers(b, lf + 1, to);
            }
            total += n;
            if (total > maxBody) {
                return TOO_LARGE;
            }
            long next = lf + 1 + n + 2;
            if (next > to) {
                return NEED_MORE;
            }
            int crlf = (int) next - 2;
            if (b[crlf] != '\r' || b[crlf + 1] != '\n') {
                return MALFORMED;
            }
            p = (int) next;
        }
    }

    /** The trailer section from {@code p}: the offset past its empty line, or a negative answer. */
    private static int trailers(byte[] b, int p, int to) {
        int start = p;
        while (true) {
            int lf = lineEnd(b, p, to);
            if (lf < 0) {
                return lf;
            }
            if (b[lf - 1] != '\r') {
                return MALFORMED; // a bare LF
            }
            if (lf == p + 1) {
                return lf + 1; // the empty line ends the body
            }
            if (lf + 1 - start > MAX_TRAILER_BYTES) {
                return MALFORMED;
            }
            p = lf + 1;
        }
    }

    /** The offset of the LF ending the line at {@code p}, {@link #NEED_MORE}, or {@link #MALFORMED} when long. */
    private static int lineEnd(byte[] b, int p, int to) {
        int limit = Math.min(to, p + MAX_LINE);
        for (int i = p; i < limit; i++) {
            if (b[i] == '\n') {
                return i > p ? i : MALFORMED;
            }
        }
        return to - p >= MAX_LINE ? MALFORMED : NEED_MORE;
    }

    /** Copies the chunk data of the body {@link #scan} accepted. */
    private void copy(byte[] b, int from) {
        size = 0;
        int p = from;
        while (true) {
            int lf = lineEnd(b, p, b.length);
            int n = (int) ChunkSize.parse(b, p, lf);
            if (n == 0) {
                return;
            }
            if (size + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + n));
            }
            System.arraycopy(b, lf + 1, data, size, n);
            size += n;
            p = lf + 1 + n + 2;
        }
    }
}
