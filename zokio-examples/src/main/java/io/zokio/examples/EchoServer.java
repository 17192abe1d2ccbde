package io.zokio.examples;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.loop.IdleMode;
import io.zokio.loop.RunMode;
import io.zokio.sys.SockOpt;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * <b>Threading:</b> {@link #start} may be called from any thread and returns once the server listens;
 * {@link #port()}, {@link #backendName()}, {@link #stop()}, {@link #awaitTermination} and {@link #close()} may be
 * called from any thread. Everything else runs on the server's loop thread.
 *
 * <p>A loop-native TCP echo server on 127.0.0.1: one {@link EventLoop} on one platform thread, completion callbacks
 * only (an ACCEPT that re-arms itself; per connection RECV up to 4 KiB, SEND it all back, RECV again).
 *
 * <p>Command line: {@code EchoServer --port P [--backend uring|nio|auto] [--idle balanced|throughput|...]}.
 * Prints {@code echo-server listening on 127.0.0.1:<port> backend=<name>} when ready and stops cleanly on
 * SIGTERM or Ctrl-C (exit status 0).
 */
public final class EchoServer implements AutoCloseable {
    /** Connections waiting in the kernel's accept queue at most. */
    private static final int BACKLOG = 1024;
    /** Buffers shared by all connections in multishot mode (4 KiB each). */
    private static final int GROUP_BUFFERS = 2048;
    private static final long START_TIMEOUT_SECONDS = 30;
    /** Longest wait for cancelled operations to come back at shutdown. */
    private static final long SHUTDOWN_GUARD_SECONDS = 5;

    private final BackendKind backendKind;
    private final IdleMode idleMode;
    private final int requestedPort;
    private final CompletableFuture<EchoServer> ready = new CompletableFuture<>();
    private final Thread thread;
    private volatile EventLoop loop;
    private volatile int port;
    private volatile String backendName;
    private volatile boolean stopping;

    // loop-thread state
    private final ArrayDeque<Conn> free = new ArrayDeque<>();
    private final List<Conn> all = new ArrayList<>();
    /** {@code --recv multishot}: the buffers every connection's multishot receive fills; null otherwise. */
    private BufferGroup group;
    private final boolean multishot;

    /** One connection's state machine; loop-thread only. */
    interface Conn {
        void open(EventLoop loop, int fd);

        /** The completions that may be in flight (for the shutdown's cancels). */
        Completion[] completions();

        void closeDescriptor(EventLoop loop);

        /** Shutdown: gives back anything borrowed (buffers of the group). */
        void releaseResources();
    }
    private final Completion accept = new Completion();
    private Arena arena;
    private int listenFd = -1;
    private long acceptFailures;

    private EchoServer(int port, BackendKind backendKind, IdleMode idleMode, boolean multishot) {
        this.multishot = multishot;
        this.requestedPort = port;
        this.backendKind = backendKind;
        this.idleMode = idleMode;
        this.thread = new Thread(this::runLoop, "zokio-echo-server");
    }

    /**
     * Starts a server on 127.0.0.1:{@code port} (0 for an ephemeral port) and waits until it listens.
     *
     * @throws IOException when the backend cannot be opened or the port cannot be bound
     */
    public static EchoServer start(int port, BackendKind backend, IdleMode idleMode) throws IOException {
        return start(port, backend, idleMode, false);
    }

    /**
     * As {@link #start(int, BackendKind, IdleMode)}; with {@code multishot} every connection keeps one multishot
     * receive armed over a shared {@link BufferGroup} instead of one receive per message.
     */
    public static EchoServer start(int port, BackendKind backend, IdleMode idleMode, boolean multishot)
            throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        EchoServer server = new EchoServer(port, backend, idleMode, multishot);
        server.thread.start();
        try {
            return server.ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("echo server failed to start: " + cause, cause);
        } catch (TimeoutException e) {
            server.stop();
            throw new IOException("echo server did not start within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop();
            throw new IOException("interrupted while starting the echo server", e);
        }
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** The backend in use: {@code "io_uring"} or {@code "nio"}. */
    public String backendName() {
        return backendName;
    }

    /** Asks the loop to stop; returns at once. Any thread; idempotent. */
    public void stop() {
        stopping = true;
        EventLoop l = loop;
        if (l != null) {
            l.stop();
        }
    }

    /** Waits until the loop thread has closed everything. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return thread.join(java.time.Duration.ofNanos(unit.toNanos(timeout)));
    }

    /** Stops the server and waits (bounded) for it to finish. */
    @Override
    public void close() {
        stop();
        try {
            if (!awaitTermination(10, TimeUnit.SECONDS)) {
                log("loop thread did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isStopping() {
        return stopping;
    }

    // ------------------------------------------------------------------ loop thread

    private void runLoop() {
        EventLoop l;
        try {
            l = EventLoop.builder().backend(backendKind).idleMode(idleMode).build();
        } catch (RuntimeException | LinkageError e) {
            ready.completeExceptionally(new IOException("cannot open the " + backendKind + " event loop: " + e, e));
            return;
        }
        arena = Arena.ofConfined();
        try {
            if (multishot) {
                group = BufferGroup.open(l, GROUP_BUFFERS, EchoConnection.BUFFER_BYTES);
            }
            listenFd = l.sockets().openTcpListener(new InetSocketAddress("127.0.0.1", requestedPort), BACKLOG, false);
            port = l.sockets().localAddress(listenFd).getPort();
            backendName = l.backendName();
            accept.prepAccept(listenFd).callback(this::onAccept);
            l.submit(accept);
            loop = l;
        } catch (IOException | RuntimeException e) {
            l.close();
            arena.close();
            ready.completeExceptionally(e);
            return;
        }
        ready.complete(this);
        try {
            while (!stopping) {
                l.run(RunMode.UNTIL_DONE); // returns on stop(); the re-armed accept keeps it running otherwise
            }
        } finally {
            shutdown(l);
        }
    }

    private Action onAccept(EventLoop l, Completion c, int result) {
        if (stopping) {
            return Action.DISARM;
        }
        if (result < 0) {
            acceptFailures++;
            if (acceptFailures <= 10) {
                log("accept failed: " + Errno.name(result));
            }
            return transientAcceptError(-result) ? Action.REARM : Action.DISARM;
        }
        try {
            l.sockets().setSocketOption(result, SockOpt.TCP_NODELAY, 1);
        } catch (IOException e) {
            log("TCP_NODELAY on fd " + result + " failed: " + e.getMessage());
        }
        Conn conn = free.poll();
        if (conn == null) {
            conn = multishot ? new MultishotEchoConnection(this, group) : new EchoConnection(this, arena);
            all.add(conn);
        }
        conn.open(l, result);
        return Action.REARM;
    }

    /** Errors after which accepting again makes sense (the listener itself is fine); accept(2) ERRORS. */
    private static boolean transientAcceptError(int errno) {
        return errno == Errno.ECONNABORTED || errno == Errno.EMFILE || errno == Errno.ENFILE
                || errno == Errno.ENOBUFS || errno == Errno.ENOMEM || errno == Errno.EINTR || errno == Errno.EAGAIN
                || errno == Errno.EPERM;
    }

    void release(Conn conn) {
        free.push(conn);
    }

    /**
     * Shutdown, on the loop thread after {@code run} returned:
     * <ol>
     *   <li>cancel the accept and every connection's operation in flight, and run the loop until each callback
     *       ran (bounded by a guard timer), so that no operation still holds a descriptor (an io_uring request
     *       keeps its socket open even after {@code close(2)});</li>
     *   <li>close every connection descriptor and the listener, so that clients see end of stream;</li>
     *   <li>close the loop (it cancels and delivers anything left), then free the buffers.</li>
     * </ol>
     */
    private void shutdown(EventLoop l) {
        stopping = true;
        if (Boolean.getBoolean("zokio.echo.stats")) { // -Dzokio.echo.stats=true: the loop's counters at exit
            io.zokio.loop.LoopMetrics m = l.metrics();
            log("loop stats: turns=" + m.turns() + " kernel_entries=" + m.kernelEntries() + " submissions="
                    + m.submissions() + " completions=" + m.completions() + " blocks=" + m.blocks()
                    + " batches=" + java.util.Arrays.toString(m.batchHistogram()));
        }
        try {
            cancelInFlight(l);
            for (Conn conn : all) {
                conn.closeDescriptor(l);
                conn.releaseResources();
            }
            if (listenFd >= 0) {
                try {
                    l.sockets().closeNow(listenFd);
                } catch (IOException e) {
                    log("close of the listener failed: " + e.getMessage());
                }
                listenFd = -1;
            }
        } catch (RuntimeException e) {
            log("shutdown: " + e);
        } finally {
            try {
                if (group != null && !group.isClosed()) {
                    try {
                        group.close();
                    } catch (IllegalStateException inUse) {
                        log("buffer group still in use at shutdown; the loop frees it: " + inUse.getMessage());
                    }
                }
                l.close();
            } finally {
                arena.close();
            }
        }
    }

    private void cancelInFlight(EventLoop l) {
        List<Completion> targets = new ArrayList<>();
        if (accept.isActive()) {
            targets.add(accept);
        }
        for (Conn conn : all) {
            for (Completion c : conn.completions()) {
                if (c.isActive()) {
                    targets.add(c);
                }
            }
        }
        for (Completion target : targets) {
            l.submit(new Completion().prepCancel(target).callback((lp, c, r) -> Action.DISARM));
        }
        boolean[] expired = {false};
        Completion guard = new Completion().prepTimeout(TimeUnit.SECONDS.toNanos(SHUTDOWN_GUARD_SECONDS))
                .callback((lp, c, r) -> {
                    expired[0] = true;
                    return Action.DISARM;
                });
        l.submit(guard);
        int outstanding;
        while ((outstanding = countActive(targets)) > 0 && !expired[0]) {
            l.run(RunMode.ONCE);
        }
        if (outstanding > 0) {
            log(outstanding + " operations still in flight after " + SHUTDOWN_GUARD_SECONDS + " s; closing anyway");
        }
    }

    private static int countActive(List<Completion> completions) {
        int n = 0;
        for (Completion c : completions) {
            if (c.isActive()) {
                n++;
            }
        }
        return n;
    }

    static void log(String message) {
        System.err.println("echo-server: " + message);
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) throws InterruptedException {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("echo-server: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws InterruptedException {
        int port = -1;
        BackendKind backend = BackendKind.AUTO;
        IdleMode idle = IdleMode.BALANCED;
        String style = "loop";
        boolean multishot = false;
        int workers = 1;
        String tlsCert = null;
        String tlsKey = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--style" -> style = value(args, ++i, "--style");
                case "--tls-cert" -> tlsCert = value(args, ++i, "--tls-cert");
                case "--tls-key" -> tlsKey = value(args, ++i, "--tls-key");
                case "--recv" -> multishot = switch (value(args, ++i, "--recv")) {
                    case "multishot" -> true;
                    case "single" -> false;
                    default -> throw usageError("--recv must be single or multishot");
                };
                case "--workers" -> workers = Integer.parseInt(value(args, ++i, "--workers"));
                case "--port" -> port = parsePort(value(args, ++i, "--port"));
                case "--backend" -> backend = parseBackend(value(args, ++i, "--backend"));
                case "--idle" -> idle = IdleMode.valueOf(value(args, ++i, "--idle").toUpperCase(Locale.ROOT));
                case "-h", "--help" -> {
                    System.out.println(usage());
                    return;
                }
                default -> throw usageError("unknown argument: " + args[i]);
            }
        }
        if (port < 0) {
            throw usageError("--port is required");
        }
        io.zokio.tls.TlsConfig tls = ExampleTls.serverConfig(tlsCert, tlsKey);
        if (tls != null && style.equals("loop") && !java.util.Arrays.asList(args).contains("--style")) {
            style = "vthread"; // TLS is served by the virtual-thread style only
        }
        if (tls != null && !style.equals("vthread")) {
            throw usageError("--tls-cert/--tls-key need --style vthread");
        }
        if (style.equals("vthread")) {
            runVthread(port, backend, idle, workers, tls);
            return;
        } else if (!style.equals("loop")) {
            throw usageError("--style must be loop or vthread: " + style);
        }
        EchoServer server;
        try {
            server = start(port, backend, idle, multishot);
        } catch (IOException e) {
            System.err.println("echo-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            // SIGTERM/SIGINT would otherwise make the JVM exit with 128 + signal; a clean stop is a success.
            Runtime.getRuntime().halt(0);
        }, "echo-server-shutdown"));
        System.out.println("echo-server listening on 127.0.0.1:" + server.port() + " backend=" + server.backendName()
                + (multishot ? " recv=multishot" : ""));
        System.out.flush();
        server.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    /** {@code --style vthread}: the blocking-style server on virtual threads ({@link VthreadEchoServer}). */
    private static void runVthread(int port, BackendKind backend, IdleMode idle, int workers,
                                   io.zokio.tls.TlsConfig tls) throws InterruptedException {
        VthreadEchoServer server;
        try {
            server = VthreadEchoServer.start(port, backend, idle, workers, tls);
        } catch (IOException | RuntimeException e) {
            System.err.println("echo-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            done.countDown();
            Runtime.getRuntime().halt(0);
        }, "echo-server-shutdown"));
        System.out.println("echo-server listening on 127.0.0.1:" + server.port() + " backend=" + server.backendName()
                + " style=vthread workers=" + workers + " carrier=" + server.carrierName() + (tls != null ? " tls" : ""));
        System.out.flush();
        done.await();
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw usageError("--port must be a number: " + s);
        }
    }

    private static BackendKind parseBackend(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "uring", "io_uring", "iouring" -> BackendKind.IO_URING;
            case "nio" -> BackendKind.NIO;
            case "auto" -> BackendKind.AUTO;
            default -> throw usageError("--backend must be uring, nio or auto: " + s);
        };
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw usageError(flag + " needs a value");
        }
        return args[i];
    }

    private static IllegalArgumentException usageError(String message) {
        return new IllegalArgumentException(message + "\n" + usage());
    }

    private static String usage() {
        return "usage: EchoServer --port P [--style loop|vthread] [--recv single|multishot (loop style)] "
                + "[--backend uring|nio|auto] "
                + "[--idle balanced|throughput|latency|power_save] [--workers N (vthread style; default 1)] "
                + "[--tls-cert CHAIN.pem --tls-key KEY.pem (TLS; vthread style)]";
    }
}
