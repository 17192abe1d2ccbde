package io.zokio.http.client;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The JDK's {@code com.sun.net.httpserver} server on loopback, counting the client connections it served (by
 * remote address) so that tests can see keep-alive reuse.
 */
final class JdkServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
    private final String scheme;

    private JdkServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
    }

    static JdkServer http() throws IOException {
        return new JdkServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50),
                "http");
    }

    static JdkServer https(SSLContext context) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(context));
        return new JdkServer(s, "https");
    }

    /** Adds a handler at {@code path}; every exchange counts its peer. */
    JdkServer handle(String path, HttpHandler handler) {
        server.createContext(path, ex -> {
            peers.add(ex.getRemoteAddress());
            handler.handle(ex);
        });
        return this;
    }

    JdkServer start() {
        server.start();
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI uri(String host, String path) {
        return URI.create(scheme + "://" + host + ":" + port() + path);
    }

    URI uri(String path) {
        return uri("127.0.0.1", path);
    }

    /** Distinct client connections seen so far. */
    int connections() {
        return peers.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
