package io.zokio.http.client;

import static io.zokio.http.client.ClientTests.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bounds: connections per origin, waiting for one, body size; framing that forbids reuse; refused connects. */
class ClientLimitsTest {
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void concurrentRequestsShareAtMostTheBound(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind);
             JdkServer server = JdkServer.http().handle("/n", ex -> {
                 byte[] body = ex.getRequestURI().getQuery().getBytes(StandardCharsets.UTF_8);
                 ex.sendResponseHeaders(200, body.length);
                 try (OutputStream out = ex.getResponseBody()) {
                     out.write(body);
                 }
             }).start();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).maxConnectionsPerOrigin(2).build()) {
            List<CompletableFuture<ClientResponse>> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(client.sendAsync(ClientRequest.get(server.uri("/n?" + i))));
            }
            for (int i = 0; i < all.size(); i++) {
                assertEquals(String.valueOf(i), all.get(i).get().bodyText(), "each request gets its own answer");
            }
            assertTrue(server.connections() <= 2, "connections: " + server.connections());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void waitingForABusyOriginEndsAtTheRequestTimeout(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind);
             ScriptServer server = new ScriptServer((index, conn) -> {
                 while (conn.request() != null) {
                     conn.send("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody");
                 }
             });
             ZokioHttpClient client = ZokioHttpClient.builder(rt).maxConnectionsPerOrigin(1).build()) {
            on(rt, () -> {
                try (StreamedResponse held = client.stream(ClientRequest.get(server.uri("/held")))) {
                    ClientRequest second = ClientRequest.builder(server.uri("/second"))
                            .timeout(Duration.ofMillis(200)).build();
                    assertThrows(RequestTimeoutException.class, () -> client.send(second));
                    assertEquals("body", new String(held.body().readAllBytes(), StandardCharsets.UTF_8));
                }
                assertEquals("body", client.send(ClientRequest.get(server.uri("/third"))).bodyText());
                return null;
            });
            assertEquals(1, server.connections());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void framingDecidesReuse(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind);
             ScriptServer server = new ScriptServer((index, conn) -> {
                 ScriptServer.Request r;
                 while ((r = conn.request()) != null) {
                     conn.send(switch (r.path()) {
                         case "/both" -> "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 + "2\r\nab\r\n0\r\n\r\n";
                         case "/http10-keep-alive" ->
                                 "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nka";
                         case "/big" -> "HTTP/1.1 200 OK\r\nContent-Length: 50000\r\n\r\n" + "b".repeat(50_000);
                         default -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                     });
                 }
             });
             ZokioHttpClient client = ZokioHttpClient.builder(rt).maxBodyBytes(1000).build()) {
            on(rt, () -> {
                assertEquals("ka", client.send(ClientRequest.get(server.uri("/http10-keep-alive"))).bodyText());
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/ok"))).bodyText());
                assertEquals(1, server.connections(), "HTTP/1.0 with keep-alive is reused");
                assertEquals("ab", client.send(ClientRequest.get(server.uri("/both"))).bodyText());
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/ok"))).bodyText());
                assertEquals(2, server.connections(), "Transfer-Encoding beside Content-Length: not reused");
                assertThrows(MalformedResponseException.class,
                        () -> client.send(ClientRequest.get(server.uri("/big"))));
                try (StreamedResponse r = client.stream(ClientRequest.get(server.uri("/big")))) {
                    assertEquals(50_000, r.body().readAllBytes().length, "streamed bodies have no size limit");
                }
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/ok"))).bodyText());
                assertEquals(3, server.connections(), "a body over the limit closes its connection");
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void connectTimeout(BackendKind kind) throws Exception {
        // a listener that never accepts, its accept queue filled: the kernel drops further SYNs, so connects hang
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            boolean hangs = false;
            for (int i = 0; i < 16 && !hangs; i++) {
                Socket s = new Socket();
                fillers.add(s);
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                } catch (SocketTimeoutException e) {
                    hangs = true;
                }
            }
            Assumptions.assumeTrue(hangs, "this kernel completes connects beyond the accept queue");
            try (Runtime rt = ClientTests.runtime(kind);
                 ZokioHttpClient client = ZokioHttpClient.builder(rt).connectTimeout(Duration.ofMillis(200))
                         .requestTimeout(Duration.ofSeconds(20)).build()) { // bounds the test if a connect succeeds
                on(rt, () -> {
                    SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> client.send(
                            ClientRequest.get(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/"))));
                    assertFalse(e instanceof RequestTimeoutException, "a connect timeout, not the request's");
                    return e;
                });
            }
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void closedClientRefusesRequests(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind);
             ScriptServer server = new ScriptServer((index, conn) -> {
                 while (conn.request() != null) {
                     conn.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                 }
             })) {
            ZokioHttpClient client = ZokioHttpClient.builder(rt).build();
            on(rt, () -> {
                assertEquals("ok", client.send(ClientRequest.get(server.uri("/"))).bodyText());
                assertEquals(1, client.idleConnections(server.uri("/")));
                client.close();
                assertEquals(0, client.idleConnections(server.uri("/")));
                assertThrows(IllegalStateException.class, () -> client.send(ClientRequest.get(server.uri("/"))));
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void refusedConnect(BackendKind kind) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Runtime rt = ClientTests.runtime(kind); ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                IOException e = assertThrows(ConnectException.class,
                        () -> client.send(ClientRequest.get(URI.create("http://127.0.0.1:" + port + "/"))));
                return e;
            });
        }
    }
}
