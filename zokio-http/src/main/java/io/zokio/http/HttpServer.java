package io.zokio.http;

import io.zokio.http.server.ServerConfig;
import io.zokio.http.server.ServerCore;
import io.zokio.http.server.ServerCounters;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * An HTTP/1.1 server (HTTPS with a {@link TlsConfig}). One listener per worker shares the port through
 * SO_REUSEPORT; each accepted connection gets its own virtual thread, which reads its requests, runs the
 * {@link HttpHandler} for each in order, and writes the responses (pipelined responses leave in one write).
 * With {@link HandlerMode#EVENT_LOOP} the worker's event loop does all of this itself, for handlers that never
 * block.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.builder()
 *         .port(8080)
 *         .handler(new Router().get("/hello/{name}", req -> HttpResponse.text("hi " + req.pathParam("name"))))
 *         .start()) {
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p><b>Threading:</b> {@link #close()} from any thread that is not one of the runtime's workers; the rest from
 * any thread.
 */
public final class HttpServer implements AutoCloseable {
    private final Runtime runtime;
    private final boolean ownsRuntime;
    private final ServerCore core;
    private final Duration drainTimeout;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    HttpServer(Runtime runtime, boolean ownsRuntime, ServerCore core, Duration drainTimeout) {
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.core = core;
        this.drainTimeout = drainTimeout;
    }

    /** A builder with the defaults: 127.0.0.1, an ephemeral port, one worker per processor, plain HTTP. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on. */
    public int port() {
        return core.localAddress().getPort();
    }

    /** The address the server listens on. */
    public InetSocketAddress localAddress() {
        return core.localAddress();
    }

    /** The runtime the server's connections run on. */
    public Runtime runtime() {
        return runtime;
    }

    /** A snapshot of the server's counters. */
    public HttpMetrics metrics() {
        ServerCounters c = core.counters();
        return new HttpMetrics(c.requests(), c.statusClasses[0].sum(), c.statusClasses[1].sum(),
                c.statusClasses[2].sum(), c.statusClasses[3].sum(), c.statusClasses[4].sum(), c.inFlight(),
                core.connections(), c.connectionsAccepted.sum(), c.connectionsRejected.sum(), c.connectionsFailed.sum(), c.bytesIn.sum(),
                c.bytesOut.sum());
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops accepting, closes idle connections, lets requests in flight finish (up to the drain timeout; their
     * connections close after the response), closes the rest, and closes the runtime when the server made it.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly(); // a second caller returns once the first has finished
            return;
        }
        try {
            core.drain(drainTimeout); // stops accepting first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ownsRuntime) {
                runtime.close();
            }
            closed.countDown();
        }
    }

    private void awaitQuietly() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Configures and starts an {@link HttpServer}.
     *
     * <p><b>Threading:</b> confined to the thread that configures the server.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Runtime runtime;
        private int workers = java.lang.Runtime.getRuntime().availableProcessors();
        private io.zokio.loop.BackendKind backend = io.zokio.loop.BackendKind.AUTO;
        private io.zokio.loop.IdleMode idleMode;
        private TlsConfig tls;
        private HttpHandler handler;
        private HandlerMode handlerMode = HandlerMode.VIRTUAL_THREAD;
        private int maxRequestLineBytes = 8 * 1024;
        private int maxHeadBytes = 16 * 1024;
        private int maxHeaders = 100;
        private long maxBodyBytes = 10L * 1024 * 1024;
        private int maxConnections = 10_000;
        private Duration headTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration writeTimeout = Duration.ofSeconds(30);
        private Duration drainTimeout = Duration.ofSeconds(10);

        Builder() {
        }

        /** The address to bind (default 127.0.0.1; {@code 0.0.0.0} for every interface). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 0: an ephemeral one, see {@link HttpServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Serves on {@code runtime}, which the server does not close (default: a runtime of its own). */
        public Builder runtime(Runtime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            return this;
        }

        /** Workers of the server's own runtime (default: one per processor); ignored with {@link #runtime}. */
        public Builder workers(int workers) {
            this.workers = positive(workers, "workers");
            return this;
        }

        /** I/O backend of the server's own runtime (default AUTO); ignored with {@link #runtime}. */
        public Builder backend(io.zokio.loop.BackendKind backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Idle mode of the server's own runtime's loops (default: the runtime's default); ignored with
         * {@link #runtime}, whose builder sets it.
         */
        public Builder idleMode(io.zokio.loop.IdleMode idleMode) {
            this.idleMode = Objects.requireNonNull(idleMode, "idleMode");
            return this;
        }

        /** Serves HTTPS with this configuration (null: plain HTTP). */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** The handler of every request (a {@link Router}, a {@link FileHandler}, a lambda). Required. */
        public Builder handler(HttpHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Where the handler runs (default {@link HandlerMode#VIRTUAL_THREAD}); {@link HandlerMode#EVENT_LOOP} for
         * handlers that never block, at the least CPU per request.
         */
        public Builder handlerMode(HandlerMode mode) {
            this.handlerMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Longest request line, CRLF included (default 8 KiB); longer: 414. */
        public Builder maxRequestLineBytes(int bytes) {
            this.maxRequestLineBytes = positive(bytes, "maxRequestLineBytes");
            return this;
        }

        /** Longest request head (default 16 KiB); longer: 431. */
        public Builder maxHeadBytes(int bytes) {
            this.maxHeadBytes = positive(bytes, "maxHeadBytes");
            return this;
        }

        /** Most header fields in a request (default 100); more: 431. */
        public Builder maxHeaders(int count) {
            this.maxHeaders = positive(count, "maxHeaders");
            return this;
        }

        /** Largest request body (default 10 MiB); larger: 413 and the connection closes. */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 0");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Most open connections (default 10000); connections beyond are closed as they arrive. */
        public Builder maxConnections(int count) {
            this.maxConnections = positive(count, "maxConnections");
            return this;
        }

        /** The whole request head must arrive within this from its first byte (default 10 s). */
        public Builder headTimeout(Duration timeout) {
            this.headTimeout = positive(timeout, "headTimeout");
            return this;
        }

        /** Longest wait for the next request on a kept-alive connection (default 60 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** Longest wait for each read of a request body (default 30 s). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /** Longest wait for each write of a response (default 30 s). */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = positive(timeout, "writeTimeout");
            return this;
        }

        /** How long {@link HttpServer#close()} lets requests in flight finish (default 10 s). */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = positive(timeout, "drainTimeout");
            return this;
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + v);
            }
            return v;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration: " + d);
            }
            return d;
        }

        private Runtime ownRuntime() {
            var b = Runtime.builder().workers(workers).backend(backend).carrierMode(CarrierMode.AFFINE)
                    .threadNamePrefix("zokio-http-");
            if (idleMode != null) {
                b.idleMode(idleMode);
            }
            return b.build();
        }

        /**
         * Binds and starts serving; returns once listening.
         *
         * @throws IllegalStateException without a handler, or with TLS and {@link HandlerMode#EVENT_LOOP}
         * @throws UncheckedIOException when the address cannot be bound
         */
        public HttpServer start() {
            if (handler == null) {
                throw new IllegalStateException("no handler: call handler(...) first");
            }
            if (tls != null && handlerMode == HandlerMode.EVENT_LOOP) {
                throw new IllegalStateException("HandlerMode.EVENT_LOOP serves plain HTTP only: use VIRTUAL_THREAD "
                        + "handlers with TLS");
            }
            boolean owns = runtime == null;
            Runtime rt = owns ? ownRuntime() : runtime;
            ServerConfig config = new ServerConfig(handler, handlerMode, tls, maxRequestLineBytes,
                    Math.max(maxHeadBytes, maxRequestLineBytes), maxHeaders, maxBodyBytes, headTimeout, idleTimeout,
                    readTimeout, writeTimeout);
            HttpServer server = new HttpServer(rt, owns, new ServerCore(rt, config, maxConnections), drainTimeout);
            try {
                server.core.listen(new InetSocketAddress(host, port));
            } catch (IOException e) {
                server.close();
                throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
