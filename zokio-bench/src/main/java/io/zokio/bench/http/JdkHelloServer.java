package io.zokio.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * <b>Threading:</b> the JDK server's dispatcher thread accepts and reads request heads; each exchange runs on
 * its own virtual thread.
 *
 * <p>The {@code jdk-httpserver} baseline: {@code com.sun.net.httpserver.HttpServer} with a
 * virtual-thread-per-task executor and one handler per path. The JDK server sets the Date header itself; the
 * handler adds Server. Its thread count is not configurable: the virtual threads' carriers follow
 * {@code -Djdk.virtualThreadScheduler.parallelism}, which the bench sets for every server JVM. The bench also
 * raises {@code -Dsun.net.httpserver.maxIdleConnections} (default 200, a documented property of the
 * {@code jdk.httpserver} module) above its connection count, else the server closes the connections beyond it
 * between requests.
 *
 * <p>Command line: {@code JdkHelloServer --port P [--threads N]} (N only reported).
 */
public final class JdkHelloServer {
    /** {@code -Dsun.net.httpserver.maxIdleConnections} of the bench: above the bench's 256 connections. */
    static final int MAX_IDLE_CONNECTIONS = 1024;

    private JdkHelloServer() {
    }

    private static void send(HttpExchange ex, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes(); // a GET has none; drained so the connection is reused
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Server", Hello.SERVER_NAME);
            if (!ex.getRequestMethod().equals("GET")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        HelloArgs a = HelloArgs.parse(args);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", a.port()), 1024);
        // exact paths only: the JDK matches contexts by prefix
        server.createContext(Hello.PLAINTEXT_PATH, ex -> {
            if (ex.getRequestURI().getPath().equals(Hello.PLAINTEXT_PATH)) {
                send(ex, Hello.TEXT_TYPE, Hello.text());
            } else {
                notFound(ex);
            }
        });
        server.createContext(Hello.JSON_PATH, ex -> {
            if (ex.getRequestURI().getPath().equals(Hello.JSON_PATH)) {
                send(ex, Hello.JSON_TYPE, Hello.json());
            } else {
                notFound(ex);
            }
        });
        ExecutorService vthreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(vthreads);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            vthreads.shutdownNow();
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "jdk-hello-shutdown"));
        HelloArgs.printReady(server.getAddress().getPort(), "jdk-httpserver", a.threads());
        stopped.await();
    }

    private static void notFound(HttpExchange ex) throws IOException {
        try (ex) {
            ex.sendResponseHeaders(404, -1);
        }
    }
}
