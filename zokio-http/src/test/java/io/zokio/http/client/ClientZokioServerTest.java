package io.zokio.http.client;

import static io.zokio.http.client.ClientTests.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.http.HttpHandler;
import io.zokio.http.HttpResponse;
import io.zokio.http.HttpServer;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the module's own server, plain and TLS: bodies both ways, keep-alive, HEAD, 204. */
class ClientZokioServerTest {
    private static final HttpHandler HANDLER = req -> switch (req.path()) {
        case "/hello" -> HttpResponse.text("hello");
        case "/echo" -> HttpResponse.bytes(200, "application/octet-stream", req.bodyBytes());
        case "/stream" -> HttpResponse.stream(200, "text/plain", out -> {
            for (int i = 0; i < 100; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });
        case "/empty" -> HttpResponse.of(204);
        default -> HttpResponse.of(404);
    };

    private static HttpServer start(BackendKind kind, TlsConfig tls) {
        try {
            HttpServer.Builder b = HttpServer.builder().host("127.0.0.1").port(0).backend(kind).workers(2)
                    .handler(HANDLER);
            return (tls == null ? b : b.tls(tls)).start();
        } catch (RuntimeException | LinkageError e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    private static String expectedStream() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.toString();
    }

    private static void exchanges(ZokioHttpClient client, String base) throws Exception {
        assertEquals("hello", client.send(ClientRequest.get(base + "/hello")).bodyText());
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        assertArrayEquals(data, client.send(ClientRequest.builder(URI.create(base + "/echo")).method("POST")
                .body(data).build()).body());
        assertArrayEquals(data, client.send(ClientRequest.builder(URI.create(base + "/echo")).method("POST")
                .body(new ByteArrayInputStream(data), -1).build()).body(), "chunked request body");
        try (StreamedResponse r = client.stream(ClientRequest.get(base + "/stream"))) {
            assertEquals(expectedStream(), new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        ClientResponse head = client.send(ClientRequest.builder(URI.create(base + "/hello")).method("HEAD").build());
        assertEquals(200, head.status());
        assertEquals(0, head.bodyLength());
        assertEquals(204, client.send(ClientRequest.get(base + "/empty")).status());
        assertEquals(404, client.send(ClientRequest.get(base + "/missing")).status());
        assertEquals("hello", client.send(ClientRequest.get(base + "/hello")).bodyText());
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void plain(BackendKind kind) throws Exception {
        try (HttpServer server = start(kind, null); Runtime rt = ClientTests.runtime(kind);
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                exchanges(client, "http://127.0.0.1:" + server.port());
                return null;
            });
            assertEquals(1, server.metrics().acceptedConnections(), "every exchange on one connection");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void tls(BackendKind kind) throws Exception {
        TlsConfig serverTls = TlsConfig.builder().keyStore(TestCerts.store("localhost"), "changeit".toCharArray())
                .build();
        TlsConfig clientTls = TlsConfig.builder().trustStore(TestCerts.trusting("localhost")).build();
        try (HttpServer server = start(kind, serverTls); Runtime rt = ClientTests.runtime(kind);
             ZokioHttpClient client = ZokioHttpClient.builder(rt).tls(clientTls).build()) {
            on(rt, () -> {
                exchanges(client, "https://localhost:" + server.port());
                return null;
            });
            assertEquals(1, server.metrics().acceptedConnections());
        }
    }
}
