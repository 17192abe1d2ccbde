package io.zokio.http.client;

import io.zokio.http.wire.HeaderFields;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * How a response's body is delimited and whether its connection may serve another exchange, by RFC 9112
 * section 6.3: no body for HEAD, 1xx, 204 and 304; chunked when chunked is the final transfer coding; until
 * the connection closes for any other transfer coding; {@code Content-Length} otherwise (several values must
 * agree); else until the connection closes. The connection is kept only for HTTP/1.1 without
 * {@code Connection: close} (HTTP/1.0: with {@code Connection: keep-alive}), when the request did not ask to
 * close, and when the framing left no doubt (no body read until close, no Transfer-Encoding beside
 * Content-Length).
 */
record Framing(Kind kind, long length, boolean keepAlive) {
    enum Kind { LENGTH, CHUNKED, UNTIL_CLOSE }

    static Framing of(String method, ResponseHead head, boolean requestClose) throws MalformedResponseException {
        ClientHeaders h = head.headers();
        boolean keepAlive = !requestClose && persistent(head);
        int status = head.status();
        if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
            return new Framing(Kind.LENGTH, 0, keepAlive);
        }
        List<String> codings = h.all("Transfer-Encoding");
        if (!codings.isEmpty()) {
            // a message with both is a smuggling risk: never keep its connection
            boolean both = h.contains("Content-Length");
            if (lastCoding(codings).equals("chunked")) {
                return new Framing(Kind.CHUNKED, -1, keepAlive && !both && head.minorVersion() >= 1);
            }
            return new Framing(Kind.UNTIL_CLOSE, -1, false);
        }
        List<String> lengths = h.all("Content-Length");
        if (!lengths.isEmpty()) {
            return new Framing(Kind.LENGTH, contentLength(lengths), keepAlive);
        }
        return new Framing(Kind.UNTIL_CLOSE, -1, false);
    }

    private static boolean persistent(ResponseHead head) {
        List<String> connection = head.headers().all("Connection");
        if (head.minorVersion() == 0) {
            return hasToken(connection, "keep-alive") && !hasToken(connection, "close");
        }
        return !hasToken(connection, "close");
    }

    /** Whether a comma-separated list in {@code values} holds {@code token} (ignoring case). */
    static boolean hasToken(List<String> values, String token) {
        for (String v : values) {
            for (String t : v.split(",")) {
                if (t.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String lastCoding(List<String> values) {
        String last = values.getLast();
        int comma = last.lastIndexOf(',');
        return last.substring(comma + 1).strip().toLowerCase(Locale.ROOT);
    }

    /** One length from the fields (each may be a list, as {@code 5, 5}); all must be valid and equal. */
    private static long contentLength(List<String> values) throws MalformedResponseException {
        long length = -1;
        for (String v : values) {
            for (String part : v.split(",", -1)) {
                byte[] digits = part.strip().getBytes(StandardCharsets.ISO_8859_1);
                long n = HeaderFields.parseContentLength(digits, 0, digits.length);
                if (n < 0) {
                    throw new MalformedResponseException("invalid Content-Length: " + v);
                }
                if (length >= 0 && n != length) {
                    throw new MalformedResponseException("conflicting Content-Length values: " + values);
                }
                length = n;
            }
        }
        return length;
    }
}
