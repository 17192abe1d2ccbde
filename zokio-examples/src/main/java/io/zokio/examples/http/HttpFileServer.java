package io.zokio.examples.http;

import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * <b>Threading:</b> {@link #start} and {@link #close} from any thread that is not one of the server's workers;
 * connections are served on virtual threads.
 *
 * <p>A static HTTP/1.1 file server on Zokio sockets, written in the blocking style: one virtual thread per
 * connection ({@link HttpConnection}), one listener per worker sharing the port through SO_REUSEPORT, each
 * accepting with one multishot accept. Files are opened and stat'ed through the owning worker's loop; bodies
 * go out zero-copy ({@link io.zokio.net.TcpStream#sendFile}) unless small enough to join their head. Serves only below {@code root} (see
 * {@link HttpPaths}); binds 127.0.0.1 unless told otherwise. With {@code --tls-cert} and {@code --tls-key}
 * it serves HTTPS: each connection is a {@link TlsStream}, and bodies are read and encrypted instead of sent
 * zero-copy.
 *
 * <p>Command line: {@code HttpFileServer --root DIR --port P [--backend uring|nio|auto] [--workers N]
 * [--host ADDR] [--tls-cert CHAIN.pem --tls-key KEY.pem]}; prints {@code http-server listening on <host>:<port> backend=<name> root=<dir>} when
 * ready and stops cleanly on SIGTERM or Ctrl-C.
 */
public final class HttpFileServer implements AutoCloseable {
    private final Runtime runtime;
    private final String root;
    /** Null: plain HTTP. */
    private final TlsConfig tls;
    private final List<TcpListener> listeners = new ArrayList<>();
    private final Set<TcpStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private HttpFileServer(Runtime runtime, String root, TlsConfig tls) {
        this.runtime = runtime;
        this.root = root;
        this.tls = tls;
    }

    /** Starts serving {@code root} on {@code host:port} (port 0: ephemeral) and returns once listening. */
    public static HttpFileServer start(Path root, String host, int port, BackendKind backend, int workers)
            throws IOException {
        return start(root, host, port, backend, workers, null);
    }

    /** As {@link #start(Path, String, int, BackendKind, int)}; HTTPS when {@code tls} is not null. */
    public static HttpFileServer start(Path root, String host, int port, BackendKind backend, int workers,
                                       TlsConfig tls) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IOException("root is not a directory: " + dir);
        }
        Runtime rt = Runtime.builder().workers(workers).backend(backend).carrierMode(CarrierMode.AFFINE)
                .threadNamePrefix("zokio-http-").build();
        HttpFileServer server = new HttpFileServer(rt, dir.toString().equals("/") ? "" : dir.toString(), tls);
        try {
            InetSocketAddress addr = new InetSocketAddress(host, port);
            for (int w = 0; w < workers; w++) {
                TcpListener l = TcpListener.bind(rt, addr,
                        TcpListener.Options.defaults().reusePort(workers > 1).worker(w));
                server.listeners.add(l);
                addr = l.localAddress();
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        for (TcpListener l : server.listeners) {
            // one multishot accept per listener; the handler runs on the loop thread and only spawns
            l.acceptEach(server::onAccepted).whenComplete((v, e) -> {
                if (e != null && !server.stopping) {
                    log("accepting stopped: " + e);
                }
            });
        }
        return server;
    }

    private void onAccepted(TcpStream s) {
        open.add(s);
        try {
            runtime.spawn(() -> serve(s));
        } catch (RuntimeException e) {
            open.remove(s);
            closeQuietly(s);
        }
    }

    private Void serve(TcpStream s) {
        try (s) {
            if (tls == null) {
                new HttpConnection(runtime, new HttpWire.Plain(s), root).serve();
            } else {
                try (TlsStream t = TlsStream.server(runtime, s, tls)) {
                    new HttpConnection(runtime, new HttpWire.Tls(t), root).serve();
                }
            }
        } catch (IOException e) {
            // the peer went away or reset: nothing to answer
        } catch (RuntimeException e) {
            log("connection failed: " + e);
        } finally {
            open.remove(s);
        }
        return null;
    }

    public int port() {
        return listeners.get(0).port();
    }

    public String backendName() {
        return runtime.backendName();
    }

    /** Stops accepting, closes open connections, shuts the runtime down. */
    @Override
    public void close() {
        stopping = true;
        for (TcpListener l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                log("close of a listener: " + e.getMessage());
            }
        }
        for (TcpStream s : open) {
            closeQuietly(s);
        }
        runtime.close();
    }

    private static void closeQuietly(TcpStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }

    static void log(String message) {
        System.err.println("http-server: " + message);
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) throws InterruptedException {
        String root = null;
        int port = -1;
        String host = "127.0.0.1";
        BackendKind backend = BackendKind.AUTO;
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
                    case "--backend" -> backend = switch (value(args, ++i).toLowerCase(Locale.ROOT)) {
                        case "uring", "io_uring" -> BackendKind.IO_URING;
                        case "nio" -> BackendKind.NIO;
                        case "auto" -> BackendKind.AUTO;
                        default -> throw new IllegalArgumentException("--backend must be uring, nio or auto");
                    };
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
            server = start(Path.of(root), host, port, backend, workers, tls);
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
                + server.runtime.carrierMode().name().toLowerCase(Locale.ROOT) + (tls != null ? " tls" : ""));
        System.out.flush();
        done.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static String usage() {
        return "usage: HttpFileServer --root DIR --port P [--backend uring|nio|auto] [--workers N] [--host ADDR] "
                + "[--tls-cert CHAIN.pem --tls-key KEY.pem]";
    }
}
