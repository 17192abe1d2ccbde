package io.zokio.http.server;

import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>Threading:</b> {@link #listen} from the starting thread; {@link #accepted} runs on a loop thread (it only
 * counts, refuses or spawns);
 * {@link #drain} from any thread that is not a worker; the rest from any thread.
 *
 * <p>The connections of one server: admits each accepted socket up to the connection limit (beyond it the
 * socket is closed at once: load shedding costs no thread), runs it on its own virtual thread (or, for
 * {@link io.zokio.http.HandlerMode#EVENT_LOOP}, on the loop that accepted it, as a {@link LoopConnection}), and on
 * {@link #drain} lets requests in flight finish while idle keep-alive connections close at once. A daemon
 * thread sweeps the connections a few times per shortest timeout and closes those whose pending read or write
 * is past its deadline (see {@link IoDeadline}).
 */
public final class ServerCore {
    private static final System.Logger LOG = System.getLogger("io.zokio.http");

    private final Runtime runtime;
    private final ServerConfig config;
    private final int maxConnections;
    private final ServerCounters counters = new ServerCounters();
    private final Set<Served> connections = ConcurrentHashMap.newKeySet();
    private final Set<TcpStream> sockets = ConcurrentHashMap.newKeySet();
    private final java.util.List<io.zokio.net.TcpListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean draining;
    private volatile boolean stopped;
    private final Thread sweeper;
    /** The receive buffers of connections served on their loops, one group per worker (opened on first use). */
    private final java.util.concurrent.atomic.AtomicReferenceArray<io.zokio.loop.BufferGroup> loopGroups;

    /** Receive buffers per worker for connections served on their loops: 256 of 4 KiB (1 MiB). */
    private static final int LOOP_BUFFERS = 256;
    private static final int LOOP_BUFFER_BYTES = 4096;

    public ServerCore(Runtime runtime, ServerConfig config, int maxConnections) {
        this.runtime = runtime;
        this.config = config;
        this.maxConnections = maxConnections;
        this.loopGroups = new java.util.concurrent.atomic.AtomicReferenceArray<>(runtime.workers());
        long shortest = Math.min(Math.min(config.headTimeout().toNanos(), config.idleTimeout().toNanos()),
                Math.min(config.readTimeout().toNanos(), config.writeTimeout().toNanos()));
        long periodMs = Math.clamp(shortest / 4 / 1_000_000, 10, 1000);
        this.sweeper = Thread.ofPlatform().daemon().name("zokio-http-deadlines").unstarted(() -> sweep(periodMs));
        sweeper.start();
    }

    private void sweep(long periodMs) {
        while (!stopped) {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Served c : connections) {
                c.closeIfExpired(now);
            }
        }
    }

    /**
     * Binds one listener per worker of the runtime on {@code address} (sharing the port with SO_REUSEPORT when
     * there are several) and starts accepting: one multishot accept per listener.
     */
    public void listen(java.net.InetSocketAddress address) throws IOException {
        java.net.InetSocketAddress addr = address;
        int workers = runtime.workers();
        for (int w = 0; w < workers; w++) {
            io.zokio.net.TcpListener l = io.zokio.net.TcpListener.bind(runtime, addr,
                    io.zokio.net.TcpListener.Options.defaults().reusePort(workers > 1).worker(w));
            listeners.add(l);
            addr = l.localAddress(); // the next listeners share the port the first one got
        }
        for (io.zokio.net.TcpListener l : listeners) {
            l.acceptEach(this::accepted);
        }
    }

    /** The address the listeners are bound to. */
    public java.net.InetSocketAddress localAddress() {
        return listeners.getFirst().localAddress();
    }

    public ServerCounters counters() {
        return counters;
    }

    boolean draining() {
        return draining;
    }

    /** Open connections. */
    public int connections() {
        return sockets.size();
    }

    /** An accepted socket: served on a new virtual thread, or closed when over the limit or draining. */
    public void accepted(TcpStream s) {
        if (draining || sockets.size() >= maxConnections) {
            counters.connectionsRejected.increment();
            closeQuietly(s);
            return;
        }
        counters.connectionsAccepted.increment();
        sockets.add(s);
        if (config.handlerMode() == io.zokio.http.HandlerMode.EVENT_LOOP) {
            serveOnLoop(s);
            return;
        }
        try {
            runtime.spawn(new Serve(s));
        } catch (RuntimeException e) {
            sockets.remove(s);
            closeQuietly(s);
        }
    }

    /** Loop thread (the socket's): serves the connection there, with the worker's shared receive buffers. */
    private void serveOnLoop(TcpStream s) {
        try {
            s.setNoDelay(true);
            io.zokio.loop.BufferGroup group = loopGroups.get(s.worker());
            if (group == null) {
                group = s.openBufferGroup(LOOP_BUFFERS, LOOP_BUFFER_BYTES); // on this loop: opened in place
                loopGroups.set(s.worker(), group);
            }
            LoopConnection c = new LoopConnection(runtime, s, group, config, counters, this);
            connections.add(c);
            c.start();
        } catch (IOException | RuntimeException e) {
            counters.connectionsFailed.increment();
            LOG.log(Level.WARNING, "connection failed", e);
            sockets.remove(s);
            closeQuietly(s);
        }
    }

    /** A connection served on its loop has closed its socket: it leaves the books. */
    void ended(Served c, TcpStream s) {
        connections.remove(c);
        sockets.remove(s);
    }

    /**
     * One connection's task. A named class rather than a lambda: the first accept then links no call site on the
     * loop thread (linking a lambda takes long enough there to stall the loop).
     */
    private final class Serve implements java.util.concurrent.Callable<Void> {
        private final TcpStream socket;

        Serve(TcpStream socket) {
            this.socket = socket;
        }

        @Override
        public Void call() {
            serve(socket);
            return null;
        }
    }

    private void serve(TcpStream s) {
        ServerConnection c = null;
        Wire wire = null;
        try {
            s.setNoDelay(true);
            if (config.tls() == null) {
                wire = new Wire.Plain(s);
            } else {
                TlsStream t = TlsStream.server(runtime, s, config.tls());
                wire = new Wire.Tls(t);
                t.handshake(config.headTimeout());
            }
            c = new ServerConnection(runtime, wire, config, counters, this);
            connections.add(c);
            if (draining) {
                return;
            }
            c.serve();
        } catch (IOException e) {
            // the peer went away, reset, timed out or failed the handshake: nothing to answer
        } catch (RuntimeException e) {
            counters.connectionsFailed.increment();
            LOG.log(Level.WARNING, "connection failed", e);
        } finally {
            if (c != null) {
                connections.remove(c);
            }
            try {
                if (wire != null) {
                    wire.close();
                }
            } catch (IOException e) {
                // closing anyway
            } finally {
                closeQuietly(s);
                sockets.remove(s);
            }
        }
    }

    /**
     * Stops admitting connections, closes idle ones, and waits up to {@code grace} for requests in flight to
     * finish (their connections close after the response); then closes what is left.
     */
    public void drain(Duration grace) throws InterruptedException {
        draining = true;
        for (io.zokio.net.TcpListener l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!sockets.isEmpty() && System.nanoTime() < deadline) {
            for (Served c : connections) {
                c.closeIfIdle();
            }
            Thread.sleep(5);
        }
        for (Served c : connections) {
            c.forceClose();
        }
        for (TcpStream s : sockets) {
            closeQuietly(s);
        }
        closeLoopGroups();
        stopped = true;
        sweeper.interrupt();
    }

    /** Closes the loops' receive buffer groups, each on its loop, once their receives have ended. */
    private void closeLoopGroups() throws InterruptedException {
        for (int w = 0; w < loopGroups.length(); w++) {
            io.zokio.loop.BufferGroup g = loopGroups.getAndSet(w, null);
            if (g == null || runtime.isClosed()) {
                continue; // a closed runtime's loops freed their groups
            }
            long until = System.nanoTime() + 1_000_000_000L;
            while (true) {
                try {
                    boolean done = runtime.onLoop(w, loop -> {
                        if (g.inUse()) {
                            return false; // a receive still settles: try again shortly
                        }
                        g.close();
                        return true;
                    });
                    if (done || System.nanoTime() > until) {
                        break;
                    }
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.RejectedExecutionException e) {
                    break; // the runtime is closing: its loops free their groups
                }
                Thread.sleep(5);
            }
        }
    }

    private static void closeQuietly(TcpStream s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
