package io.zokio.http.client;

import static io.zokio.http.client.ClientTests.on;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.http.HttpResponse;
import io.zokio.http.HttpServer;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code Expect: 100-continue}: the body after 100, none after an early final answer, sent anyway on silence. */
class ClientExpectContinueTest {
    private static ClientRequest upload(URI uri) {
        return ClientRequest.builder(uri).method("PUT").header("Expect", "100-continue").body("the body").build();
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void againstTheModulesServer(BackendKind kind) throws Exception {
        HttpServer server;
        try {
            server = HttpServer.builder().host("127.0.0.1").port(0).backend(kind).workers(2)
                    .handler(req -> req.path().equals("/refuse") ? HttpResponse.text(403, "no")
                            : HttpResponse.text(new String(req.bodyBytes(), UTF_8)))
                    .start();
        } catch (RuntimeException | LinkageError e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
        String base = "http://127.0.0.1:" + server.port();
        try (server; Runtime rt = ClientTests.runtime(kind);
             ZokioHttpClient client = ZokioHttpClient.builder(rt).expectContinueTimeout(Duration.ofMinutes(1))
                     .build()) {
            on(rt, () -> {
                // the server sends 100 when the handler starts reading: the body goes after it
                assertEquals("the body", client.send(upload(URI.create(base + "/echo"))).bodyText());
                assertEquals("the body", client.send(upload(URI.create(base + "/echo"))).bodyText());
                ClientResponse refused = client.send(upload(URI.create(base + "/refuse")));
                assertEquals(403, refused.status());
                assertEquals("no", refused.bodyText());
                assertEquals(200, client.send(ClientRequest.get(base + "/after")).status());
                return null;
            });
            assertEquals(2, server.metrics().acceptedConnections(), "the refused upload's connection was closed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void scriptedAnswers(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind);
             ScriptServer server = new ScriptServer((index, conn) -> {
                 String line = conn.head();
                 if (line.contains("/early")) {
                     conn.send("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n");
                     conn.socket.shutdownOutput();
                     conn.in.readAllBytes(); // the client closes without sending the body
                 } else if (line.contains("/silent")) {
                     // no 100: the client sends the body after its wait
                     String body = new String(conn.in.readNBytes(8), UTF_8);
                     conn.send("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n" + body);
                 } else {
                     conn.send("HTTP/1.1 100 Continue\r\n\r\n");
                     String body = new String(conn.in.readNBytes(8), UTF_8);
                     conn.send("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n" + body);
                 }
             });
             ZokioHttpClient client = ZokioHttpClient.builder(rt).expectContinueTimeout(Duration.ofMillis(100))
                     .build()) {
            on(rt, () -> {
                assertEquals(417, client.send(upload(server.uri("/early"))).status());
                assertEquals("the body", client.send(upload(server.uri("/continue"))).bodyText());
                assertEquals("the body", client.send(upload(server.uri("/silent"))).bodyText());
                return null;
            });
        }
    }
}
