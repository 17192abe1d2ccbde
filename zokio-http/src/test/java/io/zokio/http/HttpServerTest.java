package io.zokio.http;

import static io.zokio.http.TestServers.closed;
import static io.zokio.http.TestServers.connect;
import static io.zokio.http.TestServers.exchange;
import static io.zokio.http.TestServers.read;
import static io.zokio.http.TestServers.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.http.TestServers.Response;
import io.zokio.loop.BackendKind;
import io.zokio.loop.EventLoop;
import io.zokio.loop.IdleMode;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server over raw sockets: keep-alive, pipelining, chunked bodies, limits, 100-continue, HEAD; each backend. */
@Timeout(60)
class HttpServerTest {
    static Router router() {
        return new Router()
                .get("/plaintext", r -> HttpResponse.text("Hello, World!"))
                .get("/users/{id}", r -> HttpResponse.text("user " + r.pathParam("id")))
                .get("/users/{id}/posts/{post}", r -> HttpResponse.text(r.pathParam("id") + "/" + r.pathParam("post")))
                .post("/echo", r -> HttpResponse.bytes(200, "application/octet-stream", r.bodyBytes()))
                .post("/ignore", r -> HttpResponse.text("ignored"))
                .get("/stream", r -> HttpResponse.stream(200, "text/plain", out -> {
                    for (int i = 0; i < 3; i++) {
                        out.write(("part" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }))
                .get("/fail", r -> {
                    throw new IllegalStateException("handler bug (expected by the test)");
                })
                .get("/close", r -> HttpResponse.text("bye").header("Connection", "close"))
                .get("/query", r -> HttpResponse.text(r.query() + "|" + r.header("X-A") + "|" + r.headers("x-a")));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void keepAlivePipeliningInOrderAndRouting(Serving kind) throws Exception {
        try (HttpServer s = TestServers.start(kind, router()); Socket c = connect(s)) {
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                many.append("GET /users/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            send(c, many.toString());
            InputStream in = c.getInputStream();
            for (int i = 0; i < 16; i++) {
                Response r = read(in, false);
                assertEquals(200, r.status());
                assertEquals("user " + i, r.text());
                assertNotNull(r.header("Date"));
            }
            send(c, "GET /users/7/posts/9 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("7/9", read(in, false).text());
            Response head = read(in, true);
            assertEquals("13", head.header("Content-Length"));
            send(c, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\nDELETE /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(404, read(in, false).status());
            Response notAllowed = read(in, false);
            assertEquals(405, notAllowed.status());
            assertEquals("GET", notAllowed.header("Allow"));
            send(c, "GET /query?a=1 HTTP/1.1\r\nHost: x\r\nX-A: one\r\nx-a: two\r\n\r\n");
            assertEquals("a=1|one|[one, two]", read(in, false).text());
            send(c, "GET http://x/users/3?q HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("user 3", read(in, false).text(), "absolute-form target");
            send(c, "GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
            Response bye = read(in, false);
            assertEquals("close", bye.header("Connection"));
            assertTrue(closed(c));
            HttpMetrics m = s.metrics();
            assertEquals(23, m.requests());
            assertEquals(21, m.successful());
            assertEquals(2, m.clientErrors());
            assertTrue(m.bytesIn() > 0 && m.bytesOut() > 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void chunkedBodiesInAndOutAndStreaming(Serving kind) throws Exception {
        try (HttpServer s = TestServers.start(kind, router()); Socket c = connect(s)) {
            InputStream in = c.getInputStream();
            send(c, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            assertEquals("hello, world", read(in, false).text());
            assertEquals("abc", read(in, false).text());
            send(c, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            Response streamed = read(in, false);
            assertEquals("chunked", streamed.header("Transfer-Encoding"));
            assertEquals("part0\npart1\npart2\n", streamed.text());
            // an unread body is dropped and the connection goes on
            send(c, "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcdGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("ignored", read(in, false).text());
            assertEquals("Hello, World!", read(in, false).text());
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void bodyLimitExpectContinueAndHttp10(Serving kind) throws Exception {
        try (HttpServer s = TestServers.start(kind, router(), b -> b.maxBodyBytes(10))) {
            try (Socket c = connect(s)) {
                send(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");
                assertEquals(413, read(c.getInputStream(), false).status());
                assertTrue(closed(c));
            }
            try (Socket c = connect(s)) {
                send(c, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n");
                assertEquals(413, read(c.getInputStream(), false).status());
                assertTrue(closed(c));
            }
            try (Socket c = connect(s)) {
                InputStream in = c.getInputStream();
                send(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
                assertEquals(100, read(in, true).status());
                send(c, "hello");
                assertEquals("hello", read(in, false).text());
                send(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\nExpect: 100-continue\r\n\r\n");
                assertEquals(413, read(in, false).status(), "too large: refused without 100 Continue");
            }
            try (Socket c = connect(s)) {
                send(c, "GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                Response r = read(c.getInputStream(), false);
                assertEquals("keep-alive", r.header("Connection"));
                send(c, "GET /plaintext HTTP/1.0\r\n\r\n");
                assertEquals("close", read(c.getInputStream(), false).header("Connection"));
                assertTrue(closed(c));
            }
            Response failed = exchange(s, "GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(500, failed.status());
            assertNull(failed.header("Transfer-Encoding"));
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void largeHeadsAndBodiesGrowTheBuffers(Serving kind) throws Exception {
        try (HttpServer s = TestServers.start(kind, router()); Socket c = connect(s)) {
            InputStream in = c.getInputStream();
            StringBuilder head = new StringBuilder("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n");
            for (int i = 0; i < 90; i++) {
                head.append("X-Field-").append(i).append(": ").append("v".repeat(120)).append("\r\n");
            }
            head.append("\r\n");
            StringBuilder body = new StringBuilder();
            StringBuilder chunks = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                String part = String.valueOf((char) ('a' + i % 26)).repeat(3000 + i);
                body.append(part);
                chunks.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
            }
            chunks.append("0\r\n\r\n");
            send(c, head + chunks.toString() + "GET /users/1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(body.toString(), read(in, false).text());
            assertEquals("user 1", read(in, false).text());
            send(c, head.toString().replace("Transfer-Encoding: chunked", "Content-Length: " + body.length()) + body);
            assertEquals(body.length(), read(in, false).body().length);
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    @Timeout(30)
    void idleModeReachesTheServersOwnRuntime(Serving kind) throws Exception {
        HttpHandler hello = r -> HttpResponse.text(200, "hi");
        try (HttpServer s = TestServers.start(kind, hello, b -> b.idleMode(IdleMode.POWER_SAVE))) {
            for (int w = 0; w < s.runtime().workers(); w++) {
                assertEquals(IdleMode.POWER_SAVE, s.runtime().onLoop(w, EventLoop::idleMode));
            }
            assertEquals(200, exchange(s, "GET / HTTP/1.1\r\nHost: h\r\n\r\n").status());
        }
    }
}
