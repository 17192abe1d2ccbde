package io.zokio.http.client;

import static io.zokio.http.client.ClientTests.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.EOFException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Responses over raw sockets, one rule of RFC 9112 each: interim responses, framing, keep-alive decisions and
 * the clear exceptions for what breaks the syntax.
 */
class ClientWireTest {
    /** Raw responses by request path; each connection answers requests until the client closes it. */
    private static final Map<String, String> RESPONSES = Map.ofEntries(
            Map.entry("/ok", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
            Map.entry("/interim", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"),
            Map.entry("/chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n"),
            Map.entry("/folded", "HTTP/1.1 200 \r\nX-Long: a\r\n  b\r\nContent-Length: 0\r\n\r\n"),
            Map.entry("/lf", "HTTP/1.1 200 OK\nContent-Length: 2\n\nlf"),
            Map.entry("/same-lengths", "HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc"),
            Map.entry("/malformed", "HTTP/1.1 2xx OK\r\nContent-Length: 0\r\n\r\n"),
            Map.entry("/not-http", "ICY 200 OK\r\n\r\n"),
            Map.entry("/bad-length", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n"),
            Map.entry("/conflicting", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
            Map.entry("/space-before-colon", "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n"),
            Map.entry("/bad-chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
            Map.entry("/switching", "HTTP/1.1 101 Switching Protocols\r\n\r\n"));

    private static ScriptServer answering() throws Exception {
        return new ScriptServer((index, conn) -> {
            ScriptServer.Request r;
            while ((r = conn.request()) != null) {
                String path = r.path();
                switch (path) {
                    case "/truncated" -> {
                        conn.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
                        return;
                    }
                    case "/truncated-chunked" -> {
                        conn.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
                        return;
                    }
                    case "/close" -> {
                        conn.send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nclose");
                        return;
                    }
                    case "/until-close" -> {
                        conn.send("HTTP/1.1 200 OK\r\n\r\nbody until the end");
                        return;
                    }
                    case "/http10" -> conn.send("HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\n1.0!");
                    case "/huge-head" -> {
                        conn.send("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(10_000) + "\r\n\r\n");
                        return;
                    }
                    default -> conn.send(RESPONSES.get(path));
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void wellFormedVariantsKeepTheConnection(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind); ScriptServer server = answering();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                ClientResponse interim = client.send(ClientRequest.get(server.uri("/interim")));
                assertEquals(200, interim.status());
                assertEquals("final", interim.bodyText());
                ClientResponse chunked = client.send(ClientRequest.get(server.uri("/chunked")));
                assertEquals("abcdefg", chunked.bodyText());
                assertEquals(null, chunked.headers().first("X-Trailer"), "trailers are skipped");
                ClientResponse folded = client.send(ClientRequest.get(server.uri("/folded")));
                assertEquals("a b", folded.headers().first("x-long"));
                assertEquals("", folded.reason());
                assertEquals("lf", client.send(ClientRequest.get(server.uri("/lf"))).bodyText());
                assertEquals("abc", client.send(ClientRequest.get(server.uri("/same-lengths"))).bodyText());
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/ok"))).bodyText());
                return null;
            });
            assertEquals(1, server.connections());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void closeDecisions(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind); ScriptServer server = answering();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                assertEquals("close", client.send(ClientRequest.get(server.uri("/close"))).bodyText());
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/ok"))).bodyText());
                assertEquals(2, server.connections(), "Connection: close from the server is honoured");
                assertEquals("body until the end", client.send(ClientRequest.get(server.uri("/until-close")))
                        .bodyText());
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/ok"))).bodyText());
                assertEquals(3, server.connections(), "a body read until close ends its connection");
                assertEquals("1.0!", client.send(ClientRequest.get(server.uri("/http10"))).bodyText());
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/ok"))).bodyText());
                assertEquals(4, server.connections(), "HTTP/1.0 without keep-alive is not reused");
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void brokenResponsesAreClearErrorsAndCloseTheConnection(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind); ScriptServer server = answering();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).maxHeadBytes(4096).build()) {
            on(rt, () -> {
                int connections = 0;
                for (String path : new String[] {"/malformed", "/not-http", "/bad-length", "/conflicting",
                        "/space-before-colon", "/bad-chunk", "/switching", "/huge-head"}) {
                    MalformedResponseException e = assertThrows(MalformedResponseException.class,
                            () -> client.send(ClientRequest.get(server.uri(path))), path);
                    assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
                    assertEquals(++connections, server.connections(), path + " closes its connection");
                }
                assertThrows(EOFException.class, () -> client.send(ClientRequest.get(server.uri("/truncated"))));
                assertThrows(EOFException.class,
                        () -> client.send(ClientRequest.get(server.uri("/truncated-chunked"))));
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/ok"))).bodyText());
                assertEquals(connections + 3, server.connections());
                return null;
            });
        }
    }
}
