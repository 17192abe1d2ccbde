package io.zokio.http.client;

import static io.zokio.http.client.ClientTests.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exchanges with the JDK's HTTP server: bodies whole and streamed, chunked both ways, keep-alive reuse. */
class ClientExchangeTest {
    private static final byte[] BIG = new byte[300_000];

    static {
        new Random(7).nextBytes(BIG);
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Answers "METHOD transfer-encoding-or-length:body". */
    private static void echo(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
        String framing = te != null ? te : "length=" + ex.getRequestHeaders().getFirst("Content-Length");
        reply(ex, 200, (ex.getRequestMethod() + " " + framing + ":" + new String(in, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static JdkServer server() throws IOException {
        return JdkServer.http()
                .handle("/hello", ex -> reply(ex, 200, "hello".getBytes(StandardCharsets.UTF_8)))
                .handle("/echo", ClientExchangeTest::echo)
                .handle("/big", ex -> reply(ex, 200, BIG))
                .handle("/chunked", ex -> {
                    ex.sendResponseHeaders(200, 0); // length 0: chunked
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < BIG.length; i += 10_000) {
                            out.write(BIG, i, Math.min(10_000, BIG.length - i));
                            out.flush();
                        }
                    }
                })
                .handle("/head", ex -> {
                    ex.getResponseHeaders().add("Content-Length", "5");
                    ex.sendResponseHeaders(200, -1);
                    ex.close();
                })
                .handle("/nocontent", ex -> reply(ex, 204, new byte[0]))
                .start();
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void wholeBodiesAndKeepAliveReuse(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind); JdkServer server = server();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                ClientResponse r = client.send(ClientRequest.get(server.uri("/hello")));
                assertEquals(200, r.status());
                assertEquals("hello", r.bodyText());
                assertEquals("5", r.headers().first("content-length"));
                ClientResponse post = client.send(ClientRequest.builder(server.uri("/echo")).method("POST")
                        .body("añb").build());
                assertEquals("POST length=4:añb", post.bodyText());
                ClientResponse big = client.send(ClientRequest.get(server.uri("/big")));
                assertArrayEquals(BIG, big.body());
                ClientResponse empty = client.send(ClientRequest.builder(server.uri("/echo")).method("POST")
                        .build());
                assertEquals("POST length=0:", empty.bodyText());
                for (int i = 0; i < 5; i++) {
                    assertEquals("hello", client.send(ClientRequest.get(server.uri("/hello"))).bodyText());
                }
                return null;
            });
            assertEquals(1, server.connections(), "sequential requests share one kept-alive connection");
            assertEquals(1, client.idleConnections(server.uri("/")));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void streamedBodiesAndChunkedBothWays(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind); JdkServer server = server();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                try (StreamedResponse r = client.stream(ClientRequest.get(server.uri("/big")))) {
                    assertEquals(200, r.status());
                    assertArrayEquals(BIG, r.body().readAllBytes());
                }
                try (StreamedResponse r = client.stream(ClientRequest.get(server.uri("/chunked")))) {
                    assertEquals("chunked", r.headers().first("Transfer-Encoding"));
                    assertArrayEquals(BIG, r.body().readAllBytes());
                }
                ClientResponse chunked = client.send(ClientRequest.get(server.uri("/chunked")));
                assertArrayEquals(BIG, chunked.body());
                byte[] text = "streamed request body ".repeat(5_000).getBytes(StandardCharsets.UTF_8);
                ClientResponse up = client.send(ClientRequest.builder(server.uri("/echo")).method("PUT")
                        .body(new ByteArrayInputStream(text), -1).build());
                assertEquals("PUT chunked:" + new String(text, StandardCharsets.UTF_8), up.bodyText());
                ClientResponse known = client.send(ClientRequest.builder(server.uri("/echo")).method("POST")
                        .body(new ByteArrayInputStream(text), text.length).build());
                assertEquals("POST length=" + text.length + ":" + new String(text, StandardCharsets.UTF_8),
                        known.bodyText());
                return null;
            });
            assertEquals(1, server.connections());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void streamClosedEarlyClosesTheConnection(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind); JdkServer server = server();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                try (StreamedResponse r = client.stream(ClientRequest.get(server.uri("/big")))) {
                    InputStream body = r.body();
                    assertEquals(1000, body.readNBytes(1000).length);
                }
                assertEquals(0, client.idleConnections(server.uri("/")));
                assertEquals("hello", client.send(ClientRequest.get(server.uri("/hello"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections(), "the early-closed stream's connection is not reused");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void headNoContentAndConnectionClose(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind); JdkServer server = server();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                ClientResponse head = client.send(ClientRequest.builder(server.uri("/head")).method("HEAD").build());
                assertEquals(200, head.status());
                assertEquals("5", head.headers().first("Content-Length"));
                assertEquals(0, head.bodyLength());
                ClientResponse none = client.send(ClientRequest.get(server.uri("/nocontent")));
                assertEquals(204, none.status());
                assertEquals(0, none.bodyLength());
                assertEquals("hello", client.send(ClientRequest.get(server.uri("/hello"))).bodyText());
                return null;
            });
            assertEquals(1, server.connections(), "HEAD and 204 leave the connection reusable");
            on(rt, () -> {
                ClientResponse r = client.send(ClientRequest.builder(server.uri("/hello"))
                        .header("Connection", "close").build());
                assertEquals("hello", r.bodyText());
                assertEquals(0, client.idleConnections(server.uri("/")));
                assertEquals("hello", client.send(ClientRequest.get(server.uri("/hello"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections(), "a request with Connection: close does not leave its connection");
        }
    }
}
