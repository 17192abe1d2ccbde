package io.zokio.http;

import static io.zokio.http.TestServers.connect;
import static io.zokio.http.TestServers.exchange;
import static io.zokio.http.TestServers.read;
import static io.zokio.http.TestServers.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.http.TestServers.Response;
import io.zokio.tls.TlsConfig;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What is particular to handlers on the event loop: back-pressure on a pipelining client that reads late, the
 * responses that need a virtual thread, and the configurations refused. The shared behaviour (keep-alive, limits,
 * RFC 9112 rules, deadlines, fuzzing) runs in every mode in the other server tests.
 */
@Timeout(60)
class EventLoopHandlersTest {

    @ParameterizedTest
    @EnumSource(Serving.class)
    void aPipeliningClientThatReadsLateGetsEveryResponseInOrder(Serving kind) throws Exception {
        byte[] big = new byte[4 * 1024];
        Router router = new Router().get("/big/{i}", r -> {
            byte[] body = big.clone();
            byte[] tag = r.pathParam("i").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(tag, 0, body, 0, tag.length);
            return HttpResponse.bytes(200, "application/octet-stream", body);
        });
        // 100 KB of requests and 12 MB of responses: far past the socket buffers, the server's output pause and the
        // unparsed input at which it stops receiving
        int requests = 3000;
        try (HttpServer s = TestServers.start(kind, router); Socket c = connect(s)) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                all.append("GET /big/").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
            }
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    send(c, all.toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the client reads nothing until the server has a backlog: it must hold back, not drop or reorder
            while (!sent.isDone() && s.metrics().bytesOut() < 1 << 20) {
                Thread.yield();
            }
            InputStream in = c.getInputStream();
            for (int i = 0; i < requests; i++) {
                Response r = read(in, false);
                assertEquals(200, r.status());
                String tag = Integer.toString(i);
                assertEquals(tag, new String(Arrays.copyOf(r.body(), tag.length()), StandardCharsets.US_ASCII));
                assertEquals(big.length, r.body().length);
            }
            sent.get(30, TimeUnit.SECONDS);
            assertEquals(requests, s.metrics().requests());
        }
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void largeBodiesArriveWhole(Serving kind) throws Exception {
        Router router = new Router().post("/length", r -> HttpResponse.text(Integer.toString(r.bodyBytes().length)));
        try (HttpServer s = TestServers.start(kind, router); Socket c = connect(s)) {
            int fixed = 6 * 1024 * 1024; // more than half the input limit of the default body limit
            send(c, "POST /length HTTP/1.1\r\nHost: h\r\nContent-Length: " + fixed + "\r\n\r\n");
            c.getOutputStream().write(new byte[fixed]);
            assertEquals(Integer.toString(fixed), read(c.getInputStream(), false).text());
            send(c, "POST /length HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
            int chunks = 300;
            for (int i = 0; i < chunks; i++) {
                send(c, "2800\r\n" + "x".repeat(0x2800) + "\r\n");
            }
            send(c, "0\r\n\r\n");
            assertEquals(Integer.toString(chunks * 0x2800), read(c.getInputStream(), false).text());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Serving.class, names = {"NIO_LOOP", "IO_URING_LOOP"})
    void fileResponsesNeedAVirtualThreadAndTheConnectionGoesOn(Serving kind, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "file body");
        Router router = new Router()
                .get("/file", r -> HttpResponse.file(file, "text/plain"))
                .get("/ok", r -> HttpResponse.text("ok"));
        FileHandler files = FileHandler.of(dir);
        try (HttpServer s = TestServers.start(kind, router); Socket c = connect(s);
             HttpServer fs = TestServers.start(kind, files)) {
            send(c, "GET /file HTTP/1.1\r\nHost: h\r\n\r\nGET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(500, read(c.getInputStream(), false).status());
            assertEquals("ok", read(c.getInputStream(), false).text());
            assertEquals(500, exchange(fs, "GET /a.txt HTTP/1.1\r\nHost: h\r\n\r\n").status(),
                    "a FileHandler refuses to block the loop");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Serving.class, names = {"NIO_LOOP", "IO_URING_LOOP"})
    void aStreamedBodyPastItsLimitFailsTheHandlersWriteButLargeBytesAreSent(Serving kind) throws Exception {
        CompletableFuture<java.io.IOException> failed = new CompletableFuture<>();
        HttpHandler endless = r -> HttpResponse.stream(200, "application/octet-stream", out -> {
            try {
                while (true) {
                    out.write(new byte[64 * 1024]);
                }
            } catch (java.io.IOException e) {
                failed.complete(e);
                throw e;
            }
        });
        byte[] large = new byte[6 * 1024 * 1024]; // past the streamed limit, but a body given as bytes is sent whole
        Router router = new Router().get("/endless", endless)
                .get("/large", r -> HttpResponse.bytes(200, "application/octet-stream", large));
        try (HttpServer s = TestServers.start(kind, router)) {
            Response r = exchange(s, "GET /endless HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(500, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(failed.get(30, TimeUnit.SECONDS).getMessage().contains("VIRTUAL_THREAD"));
            assertEquals(large.length, exchange(s, "GET /large HTTP/1.1\r\nHost: h\r\n\r\n").body().length);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Serving.class, names = {"NIO_LOOP"})
    void tlsWithHandlersOnTheLoopIsRefusedAtStart(Serving kind) throws Exception {
        TlsConfig tls = TlsConfig.builder().sslContext(SSLContext.getDefault()).build();
        var e = assertThrows(IllegalStateException.class, () -> HttpServer.builder().backend(kind.backend)
                .handler(r -> HttpResponse.text("x")).handlerMode(kind.mode).tls(tls).start());
        assertTrue(e.getMessage().contains("VIRTUAL_THREAD"));
    }
}
