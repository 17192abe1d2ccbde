package io.zokio.http.wire;

import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> immutable.
 *
 * <p>Common header names as interned lower-case constants, looked up from bytes without making a String.
 */
final class KnownNames {
    private static final String[] NAMES = {"host", "content-length", "transfer-encoding", "connection", "expect",
            "content-type", "user-agent", "accept", "accept-encoding", "accept-language", "range", "cookie",
            "authorization", "cache-control", "if-none-match", "if-modified-since", "origin", "referer", "upgrade",
            "te", "trailer", "pragma", "x-forwarded-for"};
    private static final byte[][] BYTES = new byte[NAMES.length][];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private KnownNames() {
    }

    /** The interned lower-case name equal to {@code [from, to)} ignoring case, or null. */
    static String lookup(byte[] b, int from, int to) {
        int len = to - from;
        for (int i = 0; i < BYTES.length; i++) {
            if (BYTES[i].length == len && HeaderFields.equalsLower(b, from, to, BYTES[i])) {
                return NAMES[i];
            }
        }
        return null;
    }
}
