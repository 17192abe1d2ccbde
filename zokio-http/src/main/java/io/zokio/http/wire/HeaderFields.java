package io.zokio.http.wire;

/**
 * <b>Threading:</b> stateless.
 *
 * <p>Field syntax of RFC 9110 section 5 and RFC 9112 section 5, on bytes: token characters (field names,
 * methods, transfer codings), field-value characters, request-target characters, Content-Length values and
 * case-insensitive comparison against lower-case ASCII names. Shared by request and response parsing.
 */
public final class HeaderFields {
    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] VALUE = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // field-value: VCHAR, SP, HTAB and obs-text; never CR, LF, NUL or other controls
        for (int c = 0x21; c <= 0x7e; c++) {
            VALUE[c] = true;
            TARGET[c] = true;
        }
        for (int c = 0x80; c <= 0xff; c++) {
            VALUE[c] = true;
        }
        VALUE[' '] = true;
        VALUE['\t'] = true;
    }

    private HeaderFields() {
    }

    /** A token character (RFC 9110 section 5.6.2): the characters of field names and methods. */
    public static boolean isTokenChar(int b) {
        return TCHAR[b & 0xff];
    }

    /** A character allowed inside a field value (VCHAR, SP, HTAB, obs-text). */
    public static boolean isValueChar(int b) {
        return VALUE[b & 0xff];
    }

    /** A character allowed in a request target: visible ASCII only (no space, controls or raw non-ASCII). */
    public static boolean isTargetChar(int b) {
        return TARGET[b & 0xff];
    }

    /** Whether {@code [from, to)} is a non-empty token. */
    public static boolean isToken(byte[] b, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!TCHAR[b[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a name or value given as a String is a token (for response header names set through the API). */
    public static boolean isToken(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a String is a valid field value (no CR, LF, NUL or other controls; Latin-1 only). */
    public static boolean isValue(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff || !VALUE[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A Content-Length value (RFC 9112 section 6.3: 1*DIGIT, no sign, no list), or -1 when malformed or beyond
     * {@link Long#MAX_VALUE}.
     */
    public static long parseContentLength(byte[] b, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1; // 18 digits always fit in a long; longer lengths are refused
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Whether {@code [from, to)} equals {@code lower} (lower-case ASCII) ignoring ASCII case. */
    public static boolean equalsLower(byte[] b, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code [from, to)} equals the String {@code name} ignoring ASCII case. */
    public static boolean equalsIgnoreCase(byte[] b, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int x = b[from + i] & 0xff;
            int y = name.charAt(i);
            if (x != y && toLower(x) != toLower(y)) {
                return false;
            }
        }
        return true;
    }

    private static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /**
     * Whether the comma-separated list in {@code [from, to)} contains the token {@code lower} (ignoring case and
     * optional whitespace around elements), as in {@code Connection: keep-alive, Upgrade}.
     */
    public static boolean listContains(byte[] b, int from, int to, byte[] lower) {
        int i = from;
        while (i < to) {
            while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == ',')) {
                i++;
            }
            int start = i;
            while (i < to && b[i] != ',') {
                i++;
            }
            int end = i;
            while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
                end--;
            }
            if (equalsLower(b, start, end, lower)) {
                return true;
            }
        }
        return false;
    }
}
