package io.zokio.examples.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * <b>Threading:</b> immutable.
 *
 * <p>One parsed HTTP/1.x request head, or the error status its parse ended in. The parser accepts exactly
 * what the file server needs: origin-form targets, the headers {@code Host}, {@code Connection},
 * {@code Range}, {@code Content-Length} and {@code Transfer-Encoding}, others skipped. Anything malformed is
 * a 400; a request that carries a body (the server takes none) is a 413.
 */
record HttpRequest(int error, String method, String target, boolean http11, boolean keepAlive, String range) {
    /** Longest request head accepted (request line plus headers). */
    static final int MAX_HEAD_BYTES = 8192;

    static HttpRequest error(int status) {
        return new HttpRequest(status, null, null, true, false, null);
    }

    boolean isError() {
        return error != 0;
    }

    /** The index just past the blank line ending a head in {@code buf[0, len)}, or -1. */
    static int headEnd(byte[] buf, int from, int len) {
        for (int i = Math.max(3, from); i < len; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses {@code buf[0, end)}, a complete head ending with CRLF CRLF. */
    static HttpRequest parse(byte[] buf, int end) {
        int lineEnd = lineEnd(buf, 0, end);
        if (lineEnd <= 0) {
            return error(400);
        }
        String line = new String(buf, 0, lineEnd, StandardCharsets.ISO_8859_1);
        int sp1 = line.indexOf(' ');
        int sp2 = line.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1 + 1 || sp2 == line.length() - 1) {
            return error(400);
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        boolean http11;
        if (version.equals("HTTP/1.1")) {
            http11 = true;
        } else if (version.equals("HTTP/1.0")) {
            http11 = false;
        } else {
            return error(400);
        }
        if (!isToken(method) || target.indexOf(' ') >= 0) {
            return error(400);
        }
        boolean host = false;
        String connection = null;
        String range = null;
        int pos = lineEnd + 2;
        while (pos < end - 2) {
            int e = lineEnd(buf, pos, end);
            if (e < 0) {
                return error(400);
            }
            int colon = -1;
            for (int i = pos; i < e; i++) {
                if (buf[i] == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon <= pos || buf[colon - 1] == ' ' || buf[colon - 1] == '\t') {
                return error(400); // no name, or whitespace before the colon (RFC 9112 section 5.1)
            }
            String name = new String(buf, pos, colon - pos, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            String value = new String(buf, colon + 1, e - colon - 1, StandardCharsets.ISO_8859_1).strip();
            switch (name) {
                case "host" -> host = true;
                case "connection" -> connection = value.toLowerCase(Locale.ROOT);
                case "range" -> range = value;
                case "content-length" -> {
                    if (!value.equals("0")) {
                        return value.chars().allMatch(Character::isDigit) && !value.isEmpty() ? error(413) : error(400);
                    }
                }
                case "transfer-encoding" -> {
                    return error(413);
                }
                default -> {
                    if (!isToken(name)) {
                        return error(400);
                    }
                }
            }
            pos = e + 2;
        }
        if (http11 && !host) {
            return error(400); // RFC 9112 section 3.2: a 1.1 request without Host is a 400
        }
        boolean keepAlive = http11 ? !"close".equals(connection) : "keep-alive".equals(connection);
        return new HttpRequest(0, method, target, http11, keepAlive, range);
    }

    /** Index of the CR of the CRLF ending the line at {@code from}, or -1 (a bare LF is malformed). */
    private static int lineEnd(byte[] buf, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if (buf[i] == '\r') {
                return buf[i + 1] == '\n' ? i : -1;
            }
            if (buf[i] == '\n' || buf[i] == 0) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
