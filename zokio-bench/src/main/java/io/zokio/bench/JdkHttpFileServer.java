package io.zokio.bench;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * <b>Threading:</b> the JDK server's dispatcher thread plus one virtual thread per exchange.
 *
 * <p>The {@code jdk-httpserver} baseline of the http bench: {@code com.sun.net.httpserver} with the JDK's own
 * static file handler ({@link SimpleFileServer#createFileHandler}) and a virtual-thread-per-task executor.
 *
 * <p>Command line: {@code JdkHttpFileServer --root DIR --port P}; prints
 * {@code http-server listening on 127.0.0.1:<port> backend=jdk-httpserver} and exits 0 on SIGTERM.
 */
public final class JdkHttpFileServer {
    private JdkHttpFileServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String root = null;
        int port = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--root" -> root = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> port = -1;
            }
        }
        if (root == null || port < 0) {
            System.err.println("usage: JdkHttpFileServer --root DIR --port P");
            System.exit(2);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024, "/",
                SimpleFileServer.createFileHandler(Path.of(root).toAbsolutePath().normalize()));
        ExecutorService vthreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(vthreads);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            vthreads.shutdownNow();
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "jdk-http-shutdown"));
        System.out.println("http-server listening on 127.0.0.1:" + server.getAddress().getPort()
                + " backend=jdk-httpserver");
        System.out.flush();
        stopped.await();
    }
}
