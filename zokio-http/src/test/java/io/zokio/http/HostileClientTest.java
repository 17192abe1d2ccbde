package io.zokio.http;

import static io.zokio.http.TestServers.closed;
import static io.zokio.http.TestServers.connect;
import static io.zokio.http.TestServers.read;
import static io.zokio.http.TestServers.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.http.TestServers.Response;
import io.zokio.loop.BackendKind;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Slow heads, too many connections, idle connections, and closing a busy server; each backend. */
@Timeout(60)
class HostileClientTest {
    /** Whether the peer has closed, waiting at most {@code ms} for a sign. */
    private static boolean closedWithin(Socket c, int ms) throws IOException {
        c.setSoTimeout(ms);
        try {
            return closed(c);
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            c.setSoTimeout(20_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void tricklingHeadIsClosedAtItsDeadlineFromTheFirstByte(Serving kind) throws Exception {
        HttpHandler ok = r -> HttpResponse.text("ok");
        try (HttpServer s = TestServers.start(kind, ok, b -> b.headTimeout(Duration.ofMillis(500)));
             Socket c = connect(s)) {
            send(c, "GET / HTTP/1.1\r\n");
            boolean closed = false;
            // one byte every 100 ms resets any per-read timeout, but not a deadline counted from the first byte;
            // 200 bytes take 20 s, far past the 500 ms deadline
            for (int i = 0; i < 200 && !closed; i++) {
                try {
                    send(c, "X");
                } catch (IOException reset) {
                    closed = true;
                    break;
                }
                closed = closedWithin(c, 100);
            }
            assertTrue(closed, "a trickling client is closed");
            assertEquals(0, s.metrics().requests());
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void connectionsBeyondTheLimitAreShed(Serving kind) throws Exception {
        HttpHandler ok = r -> HttpResponse.text("ok");
        try (HttpServer s = TestServers.start(kind, ok, b -> b.maxConnections(2));
             Socket a = connect(s); Socket b = connect(s)) {
            for (Socket c : new Socket[] {a, b}) {
                send(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                assertEquals(200, read(c.getInputStream(), false).status());
            }
            try (Socket third = connect(s)) {
                send(third, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                assertTrue(closed(third), "the third connection is closed unanswered");
            } catch (IOException reset) {
                // shed before the request could be written
            }
            assertTrue(s.metrics().rejectedConnections() >= 1);
            send(a, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(200, read(a.getInputStream(), false).status(), "admitted connections go on");
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout(Serving kind) throws Exception {
        HttpHandler ok = r -> HttpResponse.text("ok");
        try (HttpServer s = TestServers.start(kind, ok, b -> b.idleTimeout(Duration.ofMillis(300)));
             Socket c = connect(s)) {
            send(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(200, read(c.getInputStream(), false).status());
            assertTrue(closed(c));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Serving.class, names = {"NIO_LOOP", "IO_URING_LOOP"})
    void closeOnTheLoopFinishesAHalfReceivedRequestAndClosesIdleConnections(Serving kind) throws Exception {
        Router router = new Router()
                .post("/echo", r -> HttpResponse.text(new String(r.bodyBytes(), StandardCharsets.US_ASCII)))
                .get("/fast", r -> HttpResponse.text("fast"));
        HttpServer s = TestServers.start(kind, router);
        try (Socket busy = connect(s); Socket idle = connect(s)) {
            String fast = "GET /fast HTTP/1.1\r\nHost: h\r\n\r\n";
            String half = "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab";
            send(idle, fast);
            assertEquals("fast", read(idle.getInputStream(), false).text());
            send(busy, half);
            while (s.metrics().bytesIn() < fast.length() + half.length()) {
                Thread.yield(); // until the server holds the half request
            }
            CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
            assertTrue(closed(idle), "the idle keep-alive connection is closed while a request is half received");
            send(busy, "cde");
            Response r = read(busy.getInputStream(), false);
            assertEquals("abcde", r.text());
            assertEquals("close", r.header("Connection"));
            assertTrue(closed(busy));
            closing.get();
        } finally {
            s.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Serving.class, names = {"NIO", "IO_URING"}) // its handler blocks
    void closeDrainsInFlightRequestsAndClosesIdleConnections(Serving kind) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Router router = new Router()
                .get("/slow", r -> {
                    entered.countDown();
                    release.await();
                    return HttpResponse.text("finished");
                })
                .get("/fast", r -> HttpResponse.text("fast"));
        HttpServer s = TestServers.start(kind, router);
        try (Socket busy = connect(s); Socket idle = connect(s)) {
            send(idle, "GET /fast HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("fast", read(idle.getInputStream(), false).text());
            send(busy, "GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
            entered.await();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
            assertTrue(closed(idle), "the idle keep-alive connection is closed while a request is in flight");
            assertEquals(1, s.metrics().inFlight());
            release.countDown();
            Response r = read(busy.getInputStream(), false);
            assertEquals("finished", r.text());
            assertEquals("close", r.header("Connection"));
            assertTrue(closed(busy));
            closing.get();
        } finally {
            release.countDown();
            s.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void silentPartialHeadIsClosedAtItsDeadline(Serving kind) throws Exception {
        HttpHandler ok = r -> HttpResponse.text("ok");
        try (HttpServer s = TestServers.start(kind, ok, b -> b.headTimeout(Duration.ofMillis(300)));
             Socket c = connect(s)) {
            send(c, "GET / HTTP/1.1\r\nHost: h\r\n");
            assertTrue(closed(c), "a head that stops arriving is closed");
            assertEquals(0, s.metrics().requests());
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void silentBodyIsClosedAtTheReadTimeout(Serving kind) throws Exception {
        HttpHandler echo = r -> HttpResponse.bytes(200, "text/plain", r.bodyBytes());
        try (HttpServer s = TestServers.start(kind, echo, b -> b.readTimeout(Duration.ofMillis(300)));
             Socket c = connect(s)) {
            send(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
            boolean closedOrRefused;
            try {
                Response r = read(c.getInputStream(), false);
                closedOrRefused = r.status() == 500 && closed(c);
            } catch (IOException e) {
                closedOrRefused = true; // closed before an answer could be written
            }
            assertTrue(closedOrRefused, "a body that stops arriving ends the connection");
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void clientThatNeverReadsIsClosedAtTheWriteTimeout(Serving kind) throws Exception {
        byte[] block = new byte[64 * 1024];
        CompletableFuture<IOException> gaveUp = new CompletableFuture<>();
        HttpHandler endless = r -> HttpResponse.stream(200, "application/octet-stream", out -> {
            try {
                while (true) {
                    out.write(block);
                }
            } catch (IOException e) {
                gaveUp.complete(e);
                throw e;
            }
        });
        try (HttpServer s = TestServers.start(kind, endless, b -> b.writeTimeout(Duration.ofMillis(300)));
             Socket c = connect(s)) {
            // (the receive buffer keeps its default size: shrunk on a connected socket, the kernel can leave the
            // sender probing a zero window for a long time once the reader starts to drain it)
            send(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            // the client reads nothing: the server's writes stall until the write timeout fails the handler's write
            IOException e = gaveUp.get(30, TimeUnit.SECONDS);
            assertNotNull(e, "the handler's write failed");
            // then the connection is closed: the client reads what was sent before it, then the end or a reset
            assertTrue(readToClose(c), "the stalled connection was closed");
        }
    }

    /** Reads until the peer closes (end of stream or reset); false if a read waits 20 s for nothing. */
    private static boolean readToClose(Socket c) throws IOException {
        byte[] sink = new byte[64 * 1024];
        try {
            while (c.getInputStream().read(sink) >= 0) {
                // discard what the server wrote before it gave up
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
