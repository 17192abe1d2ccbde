package io.zokio.http.client;

import static io.zokio.http.client.ClientTests.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stale pooled connections, timeouts and cancellation: the connection of an abandoned exchange is never
 * reused, so every later request gets its own answer.
 */
class ClientFailureTest {
    /** Answers every request with its path as the body. */
    private static void answerPaths(ScriptServer.Conn conn) throws IOException {
        ScriptServer.Request r;
        while ((r = conn.request()) != null) {
            String body = r.path();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }
    }

    /** The first connection answers one request, reads the next one and closes without answering. */
    private static ScriptServer closingAfterOne() throws IOException {
        return new ScriptServer((index, conn) -> {
            if (index == 0) {
                ScriptServer.Request r = conn.request();
                conn.send("HTTP/1.1 200 OK\r\nContent-Length: " + r.path().length() + "\r\n\r\n" + r.path());
                conn.request();
                return;
            }
            answerPaths(conn);
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void staleConnectionRetriesIdempotentRequestsOnly(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind); ScriptServer server = closingAfterOne();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                assertEquals("/a", client.send(ClientRequest.get(server.uri("/a"))).bodyText());
                assertEquals("/b", client.send(ClientRequest.get(server.uri("/b"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections(), "the GET went again on a fresh connection");
        }
        try (Runtime rt = ClientTests.runtime(kind); ScriptServer server = closingAfterOne();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                assertEquals("/a", client.send(ClientRequest.get(server.uri("/a"))).bodyText());
                ClientRequest post = ClientRequest.builder(server.uri("/b")).method("POST").body("x").build();
                assertThrows(EOFException.class, () -> client.send(post));
                assertEquals("/c", client.send(ClientRequest.get(server.uri("/c"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections(), "the POST was not sent again");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void connectionClosedWhileIdleIsReplaced(BackendKind kind) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (Runtime rt = ClientTests.runtime(kind);
             ScriptServer server = new ScriptServer((index, conn) -> {
                 if (index == 0) {
                     conn.request();
                     conn.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n/a");
                     conn.socket.close();
                     closed.countDown();
                     return;
                 }
                 answerPaths(conn);
             });
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                assertEquals("/a", client.send(ClientRequest.get(server.uri("/a"))).bodyText());
                closed.await();
                assertEquals("/b", client.send(ClientRequest.get(server.uri("/b"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void earlyAnswerWhileTheBodyIsSent(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind);
             ScriptServer server = new ScriptServer((index, conn) -> {
                 if (index == 0) {
                     conn.head();
                     conn.send("HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 8\r\n\r\n"
                             + "too big!");
                     return; // closes with the body unread: the client's sending fails
                 }
                 answerPaths(conn);
             });
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                ClientRequest upload = ClientRequest.builder(server.uri("/upload")).method("POST")
                        .body(new byte[32 << 20]).build();
                ClientResponse r = client.send(upload);
                assertEquals(413, r.status());
                assertEquals("too big!", r.bodyText());
                assertEquals("/next", client.send(ClientRequest.get(server.uri("/next"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections());
        }
    }

    /** The first connection reads a request and never answers; the others answer with the path. */
    private static ScriptServer silentFirst(CountDownLatch received, CountDownLatch release, String late)
            throws IOException {
        return new ScriptServer((index, conn) -> {
            if (index == 0) {
                conn.request();
                received.countDown();
                release.await();
                if (late != null) {
                    try {
                        conn.send(late);
                    } catch (IOException gone) {
                        // the client closed this connection: what this test expects
                    }
                }
                conn.request();
                return;
            }
            answerPaths(conn);
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void requestTimeout(BackendKind kind) throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Runtime rt = ClientTests.runtime(kind); ScriptServer server = silentFirst(received, release, null);
             ZokioHttpClient client = ZokioHttpClient.builder(rt).requestTimeout(Duration.ofMillis(300)).build()) {
            on(rt, () -> {
                RequestTimeoutException e = assertThrows(RequestTimeoutException.class,
                        () -> client.send(ClientRequest.get(server.uri("/silent"))));
                assertEquals(0, received.getCount());
                release.countDown();
                assertEquals("/next", client.send(ClientRequest.get(server.uri("/next"))).bodyText());
                return e;
            });
            assertEquals(2, server.connections(), "the timed-out exchange's connection was closed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void bodyReadTimeout(BackendKind kind) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Runtime rt = ClientTests.runtime(kind);
             ScriptServer server = new ScriptServer((index, conn) -> {
                 if (index == 0) {
                     conn.request();
                     conn.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
                     release.await();
                     return;
                 }
                 answerPaths(conn);
             });
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                ClientRequest req = ClientRequest.builder(server.uri("/stall")).timeout(Duration.ofMillis(300))
                        .build();
                try (StreamedResponse r = client.stream(req)) {
                    InputStream body = r.body();
                    assertEquals(3, body.readNBytes(3).length);
                    assertThrows(RequestTimeoutException.class, body::read);
                }
                release.countDown();
                assertEquals("/next", client.send(ClientRequest.get(server.uri("/next"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void interruptDiscardsTheConnection(BackendKind kind) throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String late = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n/slow";
        try (Runtime rt = ClientTests.runtime(kind); ScriptServer server = silentFirst(received, release, late);
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            Task<ClientResponse> slow = rt.spawn(() -> client.send(ClientRequest.get(server.uri("/slow"))));
            received.await();
            slow.cancel();
            assertThrows(CancellationException.class, slow::join);
            release.countDown(); // the abandoned answer is now on its way, on a connection nobody reads
            on(rt, () -> {
                assertEquals("/next", client.send(ClientRequest.get(server.uri("/next"))).bodyText());
                assertEquals("/again", client.send(ClientRequest.get(server.uri("/again"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void cancelledFutureDiscardsTheConnection(BackendKind kind) throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String late = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n/slow";
        try (Runtime rt = ClientTests.runtime(kind); ScriptServer server = silentFirst(received, release, late);
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            CompletableFuture<ClientResponse> slow = client.sendAsync(ClientRequest.get(server.uri("/slow")));
            received.await();
            slow.cancel(true);
            release.countDown();
            CompletableFuture<ClientResponse> next = client.sendAsync(ClientRequest.get(server.uri("/next")));
            assertEquals("/next", next.get().bodyText());
            assertEquals(2, server.connections());
        }
    }
}
