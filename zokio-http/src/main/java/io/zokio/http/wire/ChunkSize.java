package io.zokio.http.wire;

/**
 * <b>Threading:</b> stateless.
 *
 * <p>The chunk-size line of chunked transfer coding (RFC 9112 section 7.1): {@code 1*HEXDIG [ chunk-ext ] CRLF}.
 * Extensions are syntax-checked loosely (visible characters, SP, HTAB) and ignored.
 */
public final class ChunkSize {
    /** {@link #parse}: the line is malformed. */
    public static final long MALFORMED = -1;

    private ChunkSize() {
    }

    /**
     * The size in the chunk-size line {@code [from, lf)}, where {@code b[lf]} is its LF (the CR before it is
     * checked here), or {@link #MALFORMED}. Sizes beyond 2^60 are refused.
     */
    public static long parse(byte[] b, int from, int lf) {
        if (lf <= from || b[lf - 1] != '\r') {
            return MALFORMED;
        }
        int end = lf - 1;
        long size = 0;
        int i = from;
        for (; i < end; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                break;
            }
            if (size >= 1L << 56) {
                return MALFORMED;
            }
            size = size << 4 | d;
        }
        if (i == from) {
            return MALFORMED;
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c != ';' && c != ' ' && c != '\t' && !HeaderFields.isTargetChar(c) && c != '=') {
                return MALFORMED;
            }
        }
        return size;
    }
}
