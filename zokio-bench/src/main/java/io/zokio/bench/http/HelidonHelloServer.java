package io.zokio.bench.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.concurrent.CountDownLatch;

/**
 * <b>Threading:</b> Helidon's own: a platform thread accepts, each connection is served on a virtual thread
 * (requests of one connection in order on it).
 *
 * <p>The {@code helidon} baseline: Helidon SE 4's WebServer with its default settings and two GET routes.
 * Helidon sets the Date header itself; the handlers add Server. Its thread count is not configurable: the
 * virtual threads' carriers follow {@code -Djdk.virtualThreadScheduler.parallelism}, which the bench sets for
 * every server JVM.
 *
 * <p>Command line: {@code HelidonHelloServer --port P [--threads N]} (N only reported).
 */
public final class HelidonHelloServer {
    private static final Header TEXT_TYPE = HeaderValues.create(HeaderNames.CONTENT_TYPE, Hello.TEXT_TYPE);
    private static final Header JSON_TYPE = HeaderValues.create(HeaderNames.CONTENT_TYPE, Hello.JSON_TYPE);
    private static final Header SERVER = HeaderValues.create(HeaderNames.SERVER, Hello.SERVER_NAME);

    private HelidonHelloServer() {
    }

    private static void plaintext(ServerRequest req, ServerResponse res) {
        res.header(TEXT_TYPE).header(SERVER).send(Hello.text());
    }

    private static void json(ServerRequest req, ServerResponse res) {
        res.header(JSON_TYPE).header(SERVER).send(Hello.json());
    }

    public static void main(String[] args) throws InterruptedException {
        HelloArgs a = HelloArgs.parse(args);
        WebServer server = WebServer.builder().host("127.0.0.1").port(a.port())
                .routing(r -> r.get(Hello.PLAINTEXT_PATH, HelidonHelloServer::plaintext)
                        .get(Hello.JSON_PATH, HelidonHelloServer::json))
                .build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "helidon-hello-shutdown"));
        HelloArgs.printReady(server.port(), "helidon", a.threads());
        stopped.await();
    }
}
