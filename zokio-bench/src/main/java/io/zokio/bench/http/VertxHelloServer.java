package io.zokio.bench.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> N verticle instances, each with its own HTTP server on its own event loop; Vert.x shares
 * the listening port among them and spreads accepted connections over the instances.
 *
 * <p>The {@code vertx} baseline: Vert.x core's HTTP server as its documentation deploys one, a verticle with
 * as many instances as event loops, on the native transport (io_uring when Netty can load it here, else
 * epoll). Vert.x sets no Server or Date header, so the handler adds both (Date formatted once per second by a
 * periodic timer).
 *
 * <p>Command line: {@code VertxHelloServer --port P [--threads N]} (N event loops and instances).
 */
public final class VertxHelloServer {
    private VertxHelloServer() {
    }

    /** One instance: an HTTP server on this verticle's event loop. */
    static final class HelloVerticle extends VerticleBase {
        private final int port;

        HelloVerticle(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                            .setAcceptBacklog(1024).setTcpNoDelay(true))
                    .requestHandler(HelloVerticle::handle)
                    .listen();
        }

        private static void handle(HttpServerRequest req) {
            HttpServerResponse resp = req.response();
            String path = req.path();
            if (req.method() != HttpMethod.GET
                    || !(path.equals(Hello.PLAINTEXT_PATH) || path.equals(Hello.JSON_PATH))) {
                resp.setStatusCode(404).end();
                return;
            }
            boolean text = path.equals(Hello.PLAINTEXT_PATH);
            resp.putHeader(HttpHeaders.CONTENT_TYPE, text ? Hello.TEXT_TYPE : Hello.JSON_TYPE)
                    .putHeader(HttpHeaders.SERVER, Hello.SERVER_NAME)
                    .putHeader(HttpHeaders.DATE, HttpDate.now())
                    .end(Buffer.buffer(text ? Hello.text() : Hello.json()));
        }
    }

    public static void main(String[] args) throws Exception {
        HelloArgs a = HelloArgs.parse(args);
        Transport transport = Transport.IO_URING.available() ? Transport.IO_URING : Transport.EPOLL;
        if (!transport.available()) {
            System.err.println("vertx hello server cannot start: no native transport: "
                    + transport.unavailabilityCause());
            System.exit(1);
        }
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(a.threads()))
                .withTransport(transport).build();
        // every instance binds the same port: pick a free one first when asked for any
        int port = a.port() != 0 ? a.port() : freePort();
        await(vertx.deployVerticle(() -> new HelloVerticle(port), new DeploymentOptions().setInstances(a.threads())));
        vertx.setPeriodic(1000, id -> HttpDate.refresh());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // exiting anyway
            }
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "vertx-hello-shutdown"));
        HelloArgs.printReady(port, "vertx-" + transport.name().toLowerCase(java.util.Locale.ROOT), a.threads());
        stopped.await();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static <T> T await(Future<T> f) throws InterruptedException, ExecutionException {
        return f.toCompletionStage().toCompletableFuture().get();
    }
}
