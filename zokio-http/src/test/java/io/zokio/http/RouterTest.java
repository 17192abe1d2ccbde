package io.zokio.http;

import static io.zokio.http.TestServers.connect;
import static io.zokio.http.TestServers.read;
import static io.zokio.http.TestServers.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.http.TestServers.Response;
import io.zokio.loop.BackendKind;
import java.io.InputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Routing: many literal paths, parameters, methods, HEAD, the fallback; and refused patterns. */
@Timeout(60)
class RouterTest {
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void routesByMethodAndPath(BackendKind kind) throws Exception {
        Router router = new Router();
        for (int i = 0; i < 50; i++) {
            String p = "/r" + i;
            router.get(p, r -> HttpResponse.text("get " + p)).post(p, r -> HttpResponse.text("post " + p));
        }
        router.get("/", r -> HttpResponse.text("root"))
                .get("/a/{x}/b/{y}", r -> HttpResponse.text(r.pathParam("x") + "," + r.pathParam("y")))
                .put("/a/{x}/b/{y}", r -> HttpResponse.text("put " + r.pathParam("y")))
                .notFound(r -> HttpResponse.text(404, "fallback " + r.path()));
        try (HttpServer s = TestServers.start(kind, router); Socket c = connect(s)) {
            InputStream in = c.getInputStream();
            for (int i = 0; i < 50; i++) {
                send(c, "GET /r" + i + " HTTP/1.1\r\nHost: h\r\n\r\nPOST /r" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
                assertEquals("get /r" + i, read(in, false).text());
                assertEquals("post /r" + i, read(in, false).text());
            }
            send(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /a/1/b/2?q=3 HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "PUT /a/1/b/9 HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"
                    + "DELETE /a/1/b/9 HTTP/1.1\r\nHost: h\r\n\r\nGET /a/1/b HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "GET /a/1/b/2/c HTTP/1.1\r\nHost: h\r\n\r\nHEAD /r3 HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("root", read(in, false).text());
            assertEquals("1,2", read(in, false).text());
            assertEquals("put 9", read(in, false).text());
            Response notAllowed = read(in, false);
            assertEquals(405, notAllowed.status());
            assertEquals("GET, PUT", notAllowed.header("Allow"));
            assertEquals("fallback /a/1/b", read(in, false).text());
            assertEquals("fallback /a/1/b/2/c", read(in, false).text());
            Response head = read(in, true);
            assertEquals(200, head.status());
            assertEquals("7", head.header("Content-Length"));
        }
    }

    @Test
    void badPatternsAreRefused() {
        Router r = new Router().get("/x/{id}", q -> HttpResponse.of(204));
        assertThrows(IllegalArgumentException.class, () -> r.get("x", q -> HttpResponse.of(204)));
        assertThrows(IllegalArgumentException.class, () -> r.get("/a{b}", q -> HttpResponse.of(204)));
        assertThrows(IllegalArgumentException.class, () -> r.get("/{a}/{a}", q -> HttpResponse.of(204)));
        assertThrows(IllegalArgumentException.class, () -> r.get("/x/{id}", q -> HttpResponse.of(204)));
        assertThrows(IllegalArgumentException.class, () -> r.route("BAD METHOD", "/y", q -> HttpResponse.of(204)));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.of(99));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.of(200).header("Content-Length", "1"));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.of(200).header("X-A", "a\r\nb"));
    }
}
