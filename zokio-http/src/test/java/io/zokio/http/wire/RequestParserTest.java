package io.zokio.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request head grammar, one test per rule (RFC 9112 sections 2 to 7, RFC 9110 section 5). */
class RequestParserTest {
    private final RequestHead head = new RequestHead(100);

    /** Parses {@code raw} as the connection does: find the end, then parse; returns the status. */
    private int parse(String raw) {
        byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
        int end = RequestParser.findEnd(b, 0, 0, b.length);
        if (end == RequestParser.BARE_LF) {
            return 400;
        }
        assertTrue(end > 0, "incomplete head: " + raw);
        return RequestParser.parse(b, 0, end, head);
    }

    private void bad(String raw) {
        assertEquals(400, parse(raw), raw);
    }

    @Test
    void validRequestIsParsedInPlace() {
        assertEquals(0, parse("GET /a/b?x=1 HTTP/1.1\r\nHost: example\r\nX-Empty:\r\nAccept:  */* \t\r\n\r\n"));
        assertSame("GET", head.method());
        assertEquals("/a/b?x=1", head.target());
        assertTrue(head.http11());
        assertTrue(head.keepAlive());
        assertEquals(3, head.fieldCount());
        assertSame("host", head.fieldName(0), "common names are interned");
        assertEquals("example", head.value("HOST"));
        assertEquals("", head.value("x-empty"));
        assertEquals("*/*", head.value("accept"), "surrounding whitespace is not part of the value");
        assertNull(head.value("missing"));
        assertEquals(0, head.contentLength());
    }

    @Test
    void framingFacts() {
        assertEquals(0, parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 42\r\nConnection: Keep-Alive, close\r\n\r\n"));
        assertEquals(42, head.contentLength());
        assertFalse(head.keepAlive());
        assertEquals(0, parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\nExpect: 100-Continue\r\n\r\n"));
        assertTrue(head.chunked());
        assertTrue(head.expectContinue());
        assertEquals(0, parse("GET / HTTP/1.0\r\n\r\n"), "HTTP/1.0 needs no Host");
        assertFalse(head.keepAlive());
        assertEquals(0, parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        assertTrue(head.keepAlive());
        assertSame("PATCH", (parse("PATCH / HTTP/1.1\r\nHost: h\r\n\r\n") == 0 ? head.method() : null));
        assertEquals(0, parse("CUSTOM-M /x HTTP/1.1\r\nHost: h\r\n\r\n"), "any token is a method");
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() {
        bad("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
        bad("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n");
    }

    @Test
    void duplicateContentLengthIsRefused() {
        bad("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n");
        bad("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
        bad("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\n");
    }

    @Test
    void malformedContentLengthIsRefused() {
        for (String v : new String[] {"-1", "+5", "5a", "0x10", "", " ", "1 2", "99999999999999999999", "5.0"}) {
            bad("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + v + "\r\n\r\n");
        }
    }

    @Test
    void transferEncodingRules() {
        assertEquals(501, parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"));
        bad("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n");
        bad("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n");
        bad("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n");
        bad("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n");
        bad("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void obsoleteLineFoldingIsRefused() {
        bad("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n\ttwo\r\n\r\n");
        bad("GET / HTTP/1.1\r\n Host: h\r\n\r\n");
    }

    @Test
    void bareCrIsRefused() {
        bad("GET / HTTP/1.1\r\nHost: h\rX-A: b\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n");
        bad("GET /\r HTTP/1.1\r\nHost: h\r\n\r\n");
        bad("GET / HTTP/1.1\r\r\nHost: h\r\n\r\n");
    }

    @Test
    void bareLfIsRefused() {
        assertEquals(RequestParser.BARE_LF, RequestParser.findEnd(bytes("GET / HTTP/1.1\nHost: h\n\n"), 0, 0, 25));
        bad("GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n");
    }

    @Test
    void invalidHeaderNamesAreRefused() {
        bad("GET / HTTP/1.1\r\nHost : h\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\nX(A): b\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\n: b\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\nX\u00e9: b\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\nno colon\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\nX\0A: b\r\n\r\n");
    }

    @Test
    void invalidFieldValuesAreRefused() {
        bad("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0001b\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u007fb\r\n\r\n");
        assertEquals(0, parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: caf\u00e9\r\n\r\n"), "obs-text is allowed");
    }

    @Test
    void invalidRequestTargetsAreRefused() {
        bad("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n");
        bad("GET /a\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n");
        bad("GET /a\0 HTTP/1.1\r\nHost: h\r\n\r\n");
        bad("GET /a\u0007 HTTP/1.1\r\nHost: h\r\n\r\n");
        bad("GET /a\tb HTTP/1.1\r\nHost: h\r\n\r\n");
        bad("GET  / HTTP/1.1\r\nHost: h\r\n\r\n");
    }

    @Test
    void malformedRequestLinesAreRefused() {
        bad("GET / HTTP/1.1 \r\nHost: h\r\n\r\n");
        bad("GET /\r\nHost: h\r\n\r\n");
        bad("G(T / HTTP/1.1\r\nHost: h\r\n\r\n");
        bad("GET / http/1.1\r\nHost: h\r\n\r\n");
        bad("GET / HTTP/11\r\nHost: h\r\n\r\n");
        bad(" GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(505, parse("GET / HTTP/2.0\r\nHost: h\r\n\r\n"));
    }

    @Test
    void hostRules() {
        bad("GET / HTTP/1.1\r\n\r\n");
        bad("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    }

    @Test
    void unknownExpectationIs417() {
        assertEquals(417, parse("GET / HTTP/1.1\r\nHost: h\r\nExpect: something\r\n\r\n"));
    }

    @Test
    void tooManyFieldsIs431() {
        RequestHead small = new RequestHead(2);
        byte[] b = bytes("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n");
        assertEquals(431, RequestParser.parse(b, 0, b.length, small));
    }

    @Test
    void headEndIsFoundAcrossReads() {
        byte[] b = bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\nNEXT");
        assertEquals(RequestParser.INCOMPLETE, RequestParser.findEnd(b, 0, 0, 20));
        assertEquals(b.length - 4, RequestParser.findEnd(b, 0, 17, b.length - 2));
        assertEquals(16, RequestParser.requestLineLength(b, 0, b.length));
    }

    @Test
    void chunkSizeLines() {
        assertEquals(0x1a, ChunkSize.parse(bytes("1a\r\n"), 0, 3));
        assertEquals(5, ChunkSize.parse(bytes("5;name=value\r\n"), 0, 13));
        assertEquals(ChunkSize.MALFORMED, ChunkSize.parse(bytes("\r\n"), 0, 1));
        assertEquals(ChunkSize.MALFORMED, ChunkSize.parse(bytes("5\n"), 0, 1), "bare LF");
        assertEquals(ChunkSize.MALFORMED, ChunkSize.parse(bytes("-5\r\n"), 0, 3));
        assertEquals(ChunkSize.MALFORMED, ChunkSize.parse(bytes("fffffffffffffffff\r\n"), 0, 18));
        assertEquals(ChunkSize.MALFORMED, ChunkSize.parse(bytes("5\0\r\n"), 0, 3));
    }

    @Test
    void headerFieldHelpers() {
        assertTrue(HeaderFields.isToken("X-Custom_1"));
        assertFalse(HeaderFields.isToken("X A"));
        assertFalse(HeaderFields.isValue("a\r\nb"));
        byte[] v = bytes("keep-alive , Upgrade");
        assertTrue(HeaderFields.listContains(v, 0, v.length, bytes("upgrade")));
        assertFalse(HeaderFields.listContains(v, 0, v.length, bytes("close")));
        assertEquals(123, HeaderFields.parseContentLength(bytes("123"), 0, 3));
        String date = new String(DateHeader.line(), StandardCharsets.US_ASCII);
        assertTrue(date.startsWith("Date: ") && date.endsWith(" GMT\r\n"), date);
        assertEquals("HTTP/1.1 404 Not Found\r\n", new String(StatusLines.line(404), StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
