package io.zokio.http.wire;

import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> one connection's virtual thread; reused for every request of the connection.
 *
 * <p>One parsed request head as offsets into the connection's buffer: method, target, version, the header
 * fields, and the framing facts the connection needs (body length or chunked, keep-alive, Expect). Valid until
 * the connection parses the next head; the head bytes keep their offsets until then, also across
 * {@link #rebind} to a grown copy of the buffer.
 */
public final class RequestHead {
    /** Content length when the request has none (and is not chunked). */
    public static final long NO_BODY = 0;

    byte[] buf;
    String method;
    int targetStart;
    int targetEnd;
    boolean http11;
    int[] fields; // name start, name end, value start, value end per field; grows up to maxFields
    final int maxFields;
    int count;
    long contentLength;
    boolean chunked;
    boolean close;
    boolean keepAliveToken;
    boolean expectContinue;
    int headBytes;

    public RequestHead(int maxHeaders) {
        maxFields = maxHeaders;
        fields = new int[4 * Math.min(maxHeaders, 16)];
    }

    /** The buffer moved (it grew); offsets stay valid. */
    public void rebind(byte[] b) {
        buf = b;
    }

    /** Room for one more field; false when the count is at the limit. */
    boolean growFields() {
        if (count == maxFields) {
            return false;
        }
        if (4 * count == fields.length) {
            fields = java.util.Arrays.copyOf(fields, 4 * Math.min(maxFields, 2 * count));
        }
        return true;
    }

    void reset(byte[] b) {
        buf = b;
        count = 0;
        contentLength = NO_BODY;
        chunked = false;
        close = false;
        keepAliveToken = false;
        expectContinue = false;
    }

    /** The method, interned for the standard ones. */
    public String method() {
        return method;
    }

    /** A fresh String of the request target as sent (origin form: path and query). */
    public String target() {
        return new String(buf, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
    }

    public byte[] buffer() {
        return buf;
    }

    public int targetStart() {
        return targetStart;
    }

    public int targetEnd() {
        return targetEnd;
    }

    /** True for HTTP/1.1, false for HTTP/1.0. */
    public boolean http11() {
        return http11;
    }

    /** Whether the connection stays open after this request (the version's default and the Connection field). */
    public boolean keepAlive() {
        return http11 ? !close : keepAliveToken && !close;
    }

    /** Declared body length; 0 when there is none or the body is chunked. */
    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    public boolean expectContinue() {
        return expectContinue;
    }

    /** Bytes of the head, request line to the empty line inclusive. */
    public int headBytes() {
        return headBytes;
    }

    public int fieldCount() {
        return count;
    }

    /** The name of field {@code i} (interned for common names). */
    public String fieldName(int i) {
        int s = fields[4 * i];
        int e = fields[4 * i + 1];
        String known = KnownNames.lookup(buf, s, e);
        return known != null ? known : new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
    }

    public String fieldValue(int i) {
        int s = fields[4 * i + 2];
        return new String(buf, s, fields[4 * i + 3] - s, StandardCharsets.ISO_8859_1);
    }

    /** The index of the first field named {@code name} (ignoring case) at or after {@code from}, or -1. */
    public int indexOf(String name, int from) {
        for (int i = from; i < count; i++) {
            if (HeaderFields.equalsIgnoreCase(buf, fields[4 * i], fields[4 * i + 1], name)) {
                return i;
            }
        }
        return -1;
    }

    /** The first value of {@code name}, or null. */
    public String value(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : fieldValue(i);
    }
}
