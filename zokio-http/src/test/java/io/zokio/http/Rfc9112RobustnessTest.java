package io.zokio.http;

import static io.zokio.http.TestServers.closed;
import static io.zokio.http.TestServers.connect;
import static io.zokio.http.TestServers.read;
import static io.zokio.http.TestServers.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import java.net.Socket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 9112 framing rules over the wire, one test per rule: each bad request is answered 400 (or the rule's
 * status) and the connection is closed, and the bytes after it are never taken for a request. Each backend.
 */
@Timeout(60)
class Rfc9112RobustnessTest {
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n";

    private static void refused(Serving kind, int status, String raw) throws Exception {
        HttpHandler handler = r -> {
            r.bodyBytes();
            return HttpResponse.text(r.path());
        };
        try (HttpServer s = TestServers.start(kind, handler); Socket c = connect(s)) {
            send(c, raw + SMUGGLED);
            assertEquals(status, read(c.getInputStream(), false).status(), raw);
            assertTrue(closed(c), "closed after " + status);
            assertEquals(0, s.metrics().successful(), "nothing after the bad request was served");
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void contentLengthAndTransferEncodingTogether(Serving kind) throws Exception {
        refused(kind, 400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void duplicateContentLength(Serving kind) throws Exception {
        refused(kind, 400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void malformedContentLength(Serving kind) throws Exception {
        refused(kind, 400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void chunkedNotFinal(Serving kind) throws Exception {
        refused(kind, 400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void obsoleteLineFolding(Serving kind) throws Exception {
        refused(kind, 400, "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n folded\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void bareCr(Serving kind) throws Exception {
        refused(kind, 400, "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void bareLf(Serving kind) throws Exception {
        refused(kind, 400, "GET / HTTP/1.1\nHost: h\n\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void invalidHeaderName(Serving kind) throws Exception {
        refused(kind, 400, "GET / HTTP/1.1\r\nHost: h\r\nX@A: b\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void whitespaceBeforeColon(Serving kind) throws Exception {
        refused(kind, 400, "GET / HTTP/1.1\r\nHost : h\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void invalidRequestTarget(Serving kind) throws Exception {
        refused(kind, 400, "GET /a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void missingHost(Serving kind) throws Exception {
        refused(kind, 400, "GET / HTTP/1.1\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void transferEncodingInHttp10(Serving kind) throws Exception {
        refused(kind, 400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void malformedChunkSize(Serving kind) throws Exception {
        refused(kind, 400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void unsupportedTransferCoding(Serving kind) throws Exception {
        refused(kind, 501, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void requestLineTooLong(Serving kind) throws Exception {
        refused(kind, 414, "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void headTooLarge(Serving kind) throws Exception {
        refused(kind, 431, "GET / HTTP/1.1\r\nHost: h\r\n" + "X-Fill: 0123456789abcdef\r\n".repeat(700) + "\r\n");
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void tooManyHeaders(Serving kind) throws Exception {
        refused(kind, 431, "GET / HTTP/1.1\r\nHost: h\r\n" + "X: y\r\n".repeat(101) + "\r\n");
    }
}
