package io.zokio.http.client;

import io.zokio.http.wire.HeaderFields;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one response head (RFC 9112 sections 4 and 5) line by line from a {@link WireReader}: the status line
 * {@code HTTP/1.x SP 3DIGIT [SP reason]}, then fields until the empty line. Lines may end in CRLF or a bare LF;
 * field names must be tokens directly followed by the colon; values must hold no control characters other than
 * HTAB; obsolete line folding is replaced by a space, as RFC 9112 section 5.2 asks of user agents. The whole
 * head may be at most the client's head limit.
 */
final class HeadParser {
    private HeadParser() {
    }

    /**
     * The next head, or null when the connection ended before any byte of this exchange arrived.
     *
     * @throws MalformedResponseException when the head breaks the syntax or the limit
     * @throws EOFException when the connection ended inside the head
     */
    static ResponseHead read(WireReader in, Deadline deadline, int maxHeadBytes) throws IOException {
        int left = maxHeadBytes;
        int lf = in.lineEnd(left, deadline, "response head");
        if (lf < 0) {
            if (in.buffered() == 0 && !in.receivedAny()) {
                return null;
            }
            throw new EOFException("connection closed inside the response head");
        }
        byte[] b = in.buffer();
        int start = in.pos();
        ResponseHead status = statusLine(b, start, contentEnd(b, start, lf));
        left -= lf + 1 - start;
        in.skip(lf + 1 - start);
        List<String> pairs = new ArrayList<>();
        while (true) {
            lf = in.lineEnd(left, deadline, "response head");
            if (lf < 0) {
                throw new EOFException("connection closed inside the response head");
            }
            b = in.buffer();
            start = in.pos();
            int end = contentEnd(b, start, lf);
            left -= lf + 1 - start;
            if (end == start) {
                in.skip(lf + 1 - start);
                return new ResponseHead(status.minorVersion(), status.status(), status.reason(),
                        ClientHeaders.ofPairs(pairs));
            }
            if (b[start] == ' ' || b[start] == '\t') {
                if (pairs.isEmpty()) {
                    throw new MalformedResponseException("whitespace before the first header field");
                }
                String more = value(b, start, end);
                int last = pairs.size() - 1;
                pairs.set(last, more.isEmpty() ? pairs.get(last) : pairs.get(last) + " " + more);
            } else {
                field(b, start, end, pairs);
            }
            in.skip(lf + 1 - start);
        }
    }

    /** The end of the line's content: before the CR of a CRLF, or at a bare LF. */
    private static int contentEnd(byte[] b, int start, int lf) {
        return lf > start && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static ResponseHead statusLine(byte[] b, int from, int to) throws MalformedResponseException {
        // HTTP/1.x 200[ reason]
        if (to - from < 12 || !startsWithHttp1(b, from) || !digit(b[from + 7]) || b[from + 8] != ' '
                || !digit(b[from + 9]) || !digit(b[from + 10]) || !digit(b[from + 11])
                || (to - from > 12 && b[from + 12] != ' ')) {
            throw new MalformedResponseException("malformed status line: " + printable(b, from, to));
        }
        int status = (b[from + 9] - '0') * 100 + (b[from + 10] - '0') * 10 + (b[from + 11] - '0');
        if (status < 100) {
            throw new MalformedResponseException("status code out of range: " + printable(b, from, to));
        }
        for (int i = from + 12; i < to; i++) {
            if (!HeaderFields.isValueChar(b[i])) {
                throw new MalformedResponseException("control character in the reason phrase");
            }
        }
        String reason = to - from > 13 ? new String(b, from + 13, to - from - 13, StandardCharsets.ISO_8859_1) : "";
        return new ResponseHead(b[from + 7] - '0', status, reason, ClientHeaders.empty());
    }

    private static void field(byte[] b, int from, int to, List<String> pairs) throws MalformedResponseException {
        int colon = from;
        while (colon < to && b[colon] != ':') {
            colon++;
        }
        if (colon == to || !HeaderFields.isToken(b, from, colon)) {
            throw new MalformedResponseException("malformed header field: " + printable(b, from, to));
        }
        pairs.add(new String(b, from, colon - from, StandardCharsets.ISO_8859_1));
        pairs.add(value(b, colon + 1, to));
    }

    /** The field value in {@code [from, to)} without surrounding SP and HTAB. */
    private static String value(byte[] b, int from, int to) throws MalformedResponseException {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        for (int i = from; i < to; i++) {
            if (!HeaderFields.isValueChar(b[i])) {
                throw new MalformedResponseException("control character in a header field value");
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** {@code HTTP/1.}: the protocol name is case-sensitive (RFC 9112 section 2.3). */
    private static boolean startsWithHttp1(byte[] b, int from) {
        return b[from] == 'H' && b[from + 1] == 'T' && b[from + 2] == 'T' && b[from + 3] == 'P' && b[from + 4] == '/'
                && b[from + 5] == '1' && b[from + 6] == '.';
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** At most 80 characters of a bad line, controls shown as '?', for an exception message. */
    private static String printable(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < Math.min(to, from + 80); i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return sb.toString();
    }
}
