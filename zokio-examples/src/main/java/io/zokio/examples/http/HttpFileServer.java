package io.zokio.examples.http;

import io.zokio.http.FileHandler;
import io.zokio.http.HttpServer;
import io.zokio.loop.BackendKind;
import io.zokio.loop.IdleMode;
import io.zokio.tls.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * <b>Threading:</b> {@link #start} and {@link #close} from any thread that is not one of the server's workers;
 * connections are served on virtual threads.
 *
 * <p>A static HTTP/1.1 file server: an {@link HttpServer} with a {@link FileHandler} on {@code root}. GET and
 * HEAD with keep-alive, pipelining and single byte ranges; bodies go zero-copy on plain connections. Binds
 * 127.0.0.1 unless told otherwise; takes no request bodies (413) and heads up to 8 KiB (431). With
 * {@code --tls-cert} and {@code --tls-key} it serves HTTPS.
 *
 * <p>Command line: {@code HttpFileServer --root DIR --port P [--backend uring|nio|auto] [--workers N]
 * [--idle MODE] [--host ADDR] [--tls-cert CHAIN.pem --tls-key KEY.pem]} ({@code --idle}: the loops'
 * {@link IdleMode}); prints {@code http-server listening on <host>:<port>
 * backend=<name> root=<dir>} when ready and stops cleanly on SIGTERM or Ctrl-C.
 */
public final class HttpFileServer implements AutoCloseable {
    private final HttpServer server;

    private HttpFileServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving {@code root} on {@code host:port} (port 0: ephemeral) and returns once listening. */
    public static HttpFileServer start(Path root, String host, int port, BackendKind backend, int workers)
            throws IOException {
        return start(root, host, port, backend, workers, null);
    }

    /** As {@link #start(Path, String, int, BackendKind, int)}; HTTPS when {@code tls} is not null. */
    public static HttpFileServer start(Path root, String host, int port, BackendKind backend, int workers,
                                       TlsConfig tls) throws IOException {
        return start(root, host, port, backend, workers, tls, null);
    }

    /** As {@link #start(Path, String, int, BackendKind, int, TlsConfig)}; {@code idle} null: the default mode. */
    public static HttpFileServer start(Path root, String host, int port, BackendKind backend, int workers,
                                       TlsConfig tls, IdleMode idle) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IOException("root is not a directory: " + dir);
        }
        HttpServer.Builder b = HttpServer.builder().host(host).port(port).backend(backend).workers(workers)
                .tls(tls).maxBodyBytes(0).maxHeadBytes(8 * 1024).handler(FileHandler.of(dir));
        if (idle != null) {
            b.idleMode(idle);
        }
        try {
            return new HttpFileServer(b.start());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public int port() {
        return server.port();
    }

    /** The server's counters. */
    public io.zokio.http.HttpMetrics metrics() {
        return server.metrics();
    }

    public String backendName() {
        return server.runtime().backendName();
    }

    /** Stops accepting, finishes requests in flight, closes connections, shuts the runtime down. */
    @Override
    public void close() {
        server.close();
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) throws InterruptedException {
        String root = null;
        int port = -1;
        String host = "127.0.0.1";
        BackendKind backend = BackendKind.AUTO;
        IdleMode idle = null;
        int workers = java.lang.Runtime.getRuntime().availableProcessors();
        String tlsCert = null;
        String tlsKey = null;
        TlsConfig tls;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--root" -> root = value(args, ++i);
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--host" -> host = value(args, ++i);
                    case "--tls-cert" -> tlsCert = value(args, ++i);
                    case "--tls-key" -> tlsKey = value(args, ++i);
                    case "--workers" -> workers = Integer.parseInt(value(args, ++i));
                    case "--backend" -> backend = backend(value(args, ++i));
                    case "--idle" -> idle = IdleMode.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
                    case "-h", "--help" -> {
                        System.out.println(usage());
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (root == null || port < 0 || port > 65535) {
                throw new IllegalArgumentException("--root and --port (0..65535) are required");
            }
            tls = io.zokio.examples.ExampleTls.serverConfig(tlsCert, tlsKey);
        } catch (IllegalArgumentException e) {
            System.err.println("http-server: " + e.getMessage() + "\n" + usage());
            System.exit(2);
            return;
        }
        HttpFileServer server;
        try {
            server = start(Path.of(root), host, port, backend, workers, tls, idle);
        } catch (IOException | RuntimeException e) {
            System.err.println("http-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            done.countDown();
            java.lang.Runtime.getRuntime().halt(0); // a SIGTERM stop is a clean exit
        }, "http-server-shutdown"));
        System.out.println("http-server listening on " + host + ":" + server.port() + " backend=" + server.backendName()
                + " root=" + Path.of(root).toAbsolutePath().normalize() + " workers=" + workers + " carrier="
                + server.server.runtime().carrierMode().name().toLowerCase(Locale.ROOT) + (tls != null ? " tls" : ""));
        System.out.flush();
        done.await();
    }

    static BackendKind backend(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "uring", "io_uring" -> BackendKind.IO_URING;
            case "nio" -> BackendKind.NIO;
            case "auto" -> BackendKind.AUTO;
            default -> throw new IllegalArgumentException("--backend must be uring, nio or auto");
        };
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static String usage() {
        return "usage: HttpFileServer --root DIR --port P [--backend uring|nio|auto] [--workers N] "
                + "[--idle balanced|throughput|latency|power_save|adaptive] [--host ADDR] "
                + "[--tls-cert CHAIN.pem --tls-key KEY.pem]";
    }
}
