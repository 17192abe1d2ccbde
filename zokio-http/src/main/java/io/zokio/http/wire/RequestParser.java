package io.zokio.http.wire;

/**
 * <b>Threading:</b> stateless.
 *
 * <p>The request head grammar of RFC 9112 sections 2 to 7 on a byte array, strictly: lines end in CRLF (a bare
 * LF or bare CR is an error), no whitespace before a field's colon, no obsolete line folding, token methods and
 * field names, visible-ASCII request targets, one Host for HTTP/1.1, at most one well-formed Content-Length,
 * never Content-Length with Transfer-Encoding, chunked as the only and final transfer coding. Every rule that
 * fails yields a status ({@link #BAD_REQUEST} and friends), after which the connection must answer and close:
 * the message framing can no longer be trusted.
 */
public final class RequestParser {
    /** The head is complete and valid. */
    public static final int OK = 0;
    public static final int BAD_REQUEST = 400;
    public static final int EXPECTATION_FAILED = 417;
    public static final int URI_TOO_LONG = 414;
    public static final int HEADERS_TOO_LARGE = 431;
    public static final int NOT_IMPLEMENTED = 501;
    public static final int VERSION_NOT_SUPPORTED = 505;
    /** {@link #findEnd}: no complete head yet. */
    public static final int INCOMPLETE = -1;
    /** {@link #findEnd}: a bare LF, which this parser never accepts as a line end. */
    public static final int BARE_LF = -2;

    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] KEEP_ALIVE = bytes("keep-alive");
    private static final byte[] CONTINUE = bytes("100-continue");

    private RequestParser() {
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Looks for the empty line that ends a head starting at {@code start}, scanning {@code [scanFrom, to)}
     * (bytes before {@code scanFrom} were scanned by an earlier call). Returns the offset just past the head,
     * {@link #INCOMPLETE}, or {@link #BARE_LF}.
     */
    public static int findEnd(byte[] b, int start, int scanFrom, int to) {
        for (int i = Math.max(scanFrom, start); i < to; i++) {
            if (b[i] == '\n') {
                if (i == start || b[i - 1] != '\r') {
                    return BARE_LF;
                }
                if (i - start >= 3 && b[i - 2] == '\n') {
                    return i + 1;
                }
            }
        }
        return INCOMPLETE;
    }

    /**
     * The length of the request line starting at {@code start} including its CRLF, or -1 when no LF is in
     * {@code [start, to)}.
     */
    public static int requestLineLength(byte[] b, int start, int to) {
        for (int i = start; i < to; i++) {
            if (b[i] == '\n') {
                return i + 1 - start;
            }
        }
        return -1;
    }

    /**
     * Parses the complete head {@code [start, end)} ({@code end} from {@link #findEnd}) into {@code out}; returns
     * {@link #OK} or the status to answer before closing.
     */
    public static int parse(byte[] b, int start, int end, RequestHead out) {
        out.reset(b);
        out.headBytes = end - start;
        int p = start;
        while (p < end && HeaderFields.isTokenChar(b[p])) {
            p++;
        }
        if (p == start || b[p] != ' ') {
            return BAD_REQUEST;
        }
        out.method = Methods.intern(b, start, p);
        int t = ++p;
        while (p < end && HeaderFields.isTargetChar(b[p])) {
            p++;
        }
        if (p == t || b[p] != ' ') {
            return BAD_REQUEST; // empty target, or a space, control or raw non-ASCII byte inside it
        }
        out.targetStart = t;
        out.targetEnd = p;
        p++;
        if (end - p < 10 || b[p] != 'H' || b[p + 1] != 'T' || b[p + 2] != 'T' || b[p + 3] != 'P' || b[p + 4] != '/'
                || !digit(b[p + 5]) || b[p + 6] != '.' || !digit(b[p + 7]) || b[p + 8] != '\r' || b[p + 9] != '\n') {
            return BAD_REQUEST;
        }
        if (b[p + 5] != '1') {
            return VERSION_NOT_SUPPORTED;
        }
        out.http11 = b[p + 7] != '0';
        p += 10;
        return fields(b, p, end, out);
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int fields(byte[] b, int p, int end, RequestHead out) {
        int hosts = 0;
        int lengths = 0;
        int encodings = 0;
        int max = out.fields.length / 4;
        while (true) {
            if (p >= end) {
                return BAD_REQUEST;
            }
            if (b[p] == '\r') {
                if (p + 1 >= end || b[p + 1] != '\n') {
                    return BAD_REQUEST;
                }
                break;
            }
            int ns = p;
            while (p < end && HeaderFields.isTokenChar(b[p])) {
                p++;
            }
            // an empty name is a line starting with whitespace (obsolete folding) or another bad byte;
            // whitespace between the name and the colon is forbidden (RFC 9112 section 5.1)
            if (p == ns || p >= end || b[p] != ':') {
                return BAD_REQUEST;
            }
            int ne = p++;
            while (p < end && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
            int vs = p;
            while (p < end && HeaderFields.isValueChar(b[p])) {
                p++;
            }
            if (p + 1 >= end || b[p] != '\r' || b[p + 1] != '\n') {
                return BAD_REQUEST; // a bare CR, a bare LF, NUL or another control in the value
            }
            int ve = p;
            while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                ve--;
            }
            p += 2;
            if (out.count == max) {
                return HEADERS_TOO_LARGE;
            }
            int[] f = out.fields;
            int k = 4 * out.count++;
            f[k] = ns;
            f[k + 1] = ne;
            f[k + 2] = vs;
            f[k + 3] = ve;
            switch (ne - ns) {
                case 4 -> {
                    if (HeaderFields.equalsIgnoreCase(b, ns, ne, "host")) {
                        hosts++;
                    }
                }
                case 6 -> {
                    if (HeaderFields.equalsIgnoreCase(b, ns, ne, "expect")) {
                        if (!HeaderFields.equalsLower(b, vs, ve, CONTINUE)) {
                            return EXPECTATION_FAILED;
                        }
                        out.expectContinue = true;
                    }
                }
                case 10 -> {
                    if (HeaderFields.equalsIgnoreCase(b, ns, ne, "connection")) {
                        out.close |= HeaderFields.listContains(b, vs, ve, CLOSE);
                        out.keepAliveToken |= HeaderFields.listContains(b, vs, ve, KEEP_ALIVE);
                    }
                }
                case 14 -> {
                    if (HeaderFields.equalsIgnoreCase(b, ns, ne, "content-length")) {
                        lengths++;
                        out.contentLength = HeaderFields.parseContentLength(b, vs, ve);
                        if (out.contentLength < 0) {
                            return BAD_REQUEST;
                        }
                    }
                }
                case 17 -> {
                    if (HeaderFields.equalsIgnoreCase(b, ns, ne, "transfer-encoding")) {
                        encodings++;
                        int status = transferEncoding(b, vs, ve);
                        if (status != OK) {
                            return status;
                        }
                        out.chunked = true;
                    }
                }
                default -> {
                }
            }
        }
        if (hosts > 1 || (out.http11 && hosts == 0) || lengths > 1) {
            return BAD_REQUEST;
        }
        if (encodings > 0 && (lengths > 0 || encodings > 1 || !out.http11)) {
            // RFC 9112 section 6.1 and 6.3: both framings at once, or chunked from an HTTP/1.0 client, is a
            // faulty message that could smuggle a second request
            return BAD_REQUEST;
        }
        if (out.chunked) {
            out.contentLength = 0;
        }
        out.expectContinue &= out.http11; // an HTTP/1.0 client never waits for 100 (RFC 9110 section 10.1.1)
        return OK;
    }

    /** Only {@code chunked} is supported: another coding before it is 501, chunked not last or twice is 400. */
    private static int transferEncoding(byte[] b, int vs, int ve) {
        int lastComma = -1;
        for (int i = vs; i < ve; i++) {
            if (b[i] == ',') {
                lastComma = i;
            }
        }
        int s = lastComma < 0 ? vs : lastComma + 1;
        while (s < ve && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        if (!HeaderFields.equalsLower(b, s, ve, CHUNKED)) {
            return BAD_REQUEST; // the final coding must be chunked, or the body length is unknowable
        }
        if (lastComma >= 0) {
            return HeaderFields.listContains(b, vs, lastComma, CHUNKED) ? BAD_REQUEST : NOT_IMPLEMENTED;
        }
        return OK;
    }
}
