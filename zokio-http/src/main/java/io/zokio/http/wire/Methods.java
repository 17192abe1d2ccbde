package io.zokio.http.wire;

import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> immutable.
 *
 * <p>Method tokens to Strings: the standard methods (RFC 9110 section 9) are constants, compared on bytes.
 */
final class Methods {
    private static final String[] STANDARD = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE",
            "CONNECT"};
    private static final byte[][] BYTES = new byte[STANDARD.length][];

    static {
        for (int i = 0; i < STANDARD.length; i++) {
            BYTES[i] = STANDARD[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Methods() {
    }

    /** The method in {@code [from, to)} (case-sensitive, as methods are). */
    static String intern(byte[] b, int from, int to) {
        int len = to - from;
        for (int i = 0; i < BYTES.length; i++) {
            byte[] m = BYTES[i];
            if (m.length == len && java.util.Arrays.equals(b, from, to, m, 0, len)) {
                return STANDARD[i];
            }
        }
        return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }
}
