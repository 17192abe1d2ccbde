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
 * <b>Threading:</b> {@link #accepted} runs on a loop thread (it only counts, refuses or spawns);
 * {@link #drain} from any thread that is not a worker; the rest from any thread.
 *
 * <p>The connections of one server: admits each accepted socket up to the connection limit (beyond it the
 * socket is closed at once: load shedding costs no thread), runs it on its own virtual thread, and on
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
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<TcpStream> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private volatile boolean stopped;
    private final Thread sweeper;

    public ServerCore(Runtime runtime, ServerConfig config, int maxConnections) {
        this.runtime = runtime;
        this.config = config;
        this.maxConnections = maxConnections;
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
            for (ServerConnection c : connections) {
                c.closeIfExpired(now);
            }
        }
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
        try {
            runtime.spawn(new Serve(s));
        } catch (RuntimeException e) {
            sockets.remove(s);
            closeQuietly(s);
        }
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
        long deadline = System.nanoTime() + grace.toNanos();
        while (!sockets.isEmpty() && System.nanoTime() < deadline) {
            for (ServerConnection c : connections) {
                c.closeIfIdle();
            }
            Thread.sleep(5);
        }
        for (ServerConnection c : connections) {
            c.forceClose();
        }
        for (TcpStream s : sockets) {
            closeQuietly(s);
        }
        stopped = true;
        sweeper.interrupt();
    }

    private static void closeQuietly(TcpStream s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
