package io.zokio.http.client;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import io.zokio.tls.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * <b>Threading:</b> safe for concurrent use from any threads except a runtime's event-loop threads (the
 * blocking calls park a virtual thread; call them from tasks of the runtime or other virtual threads).
 * {@link #sendAsync} may be called anywhere.
 *
 * <p>An HTTP/1.1 client on Zokio sockets. (Named {@code ZokioHttpClient} so that it never shadows
 * {@code java.net.http.HttpClient} in code that imports both; it is smaller and blocking-first.)
 *
 * <ul>
 *   <li><b>Connections</b> are kept alive and pooled per origin (scheme, host, port) on
 *       {@link io.zokio.net.ConnectionPool}: at most {@code maxConnectionsPerOrigin} each, idle ones reused
 *       most recent first, checked before reuse and closed after {@code idleTimeout}. One exchange at a time
 *       per connection (no pipelining). {@code Connection: close} from either side closes the connection after
 *       the exchange.</li>
 *   <li><b>https</b> runs TLS through {@link io.zokio.tls.TlsStream} with the client's {@link TlsConfig}
 *       ({@link TlsConfig#clientDefaults()}: the JDK's trust store, hostname verification on).</li>
 *   <li><b>Responses</b> are parsed per RFC 9112: interim 1xx responses are skipped; bodies are delimited by
 *       {@code Content-Length}, chunked coding (trailers skipped) or the connection's close; HEAD, 204 and 304
 *       have none. Violations are {@link MalformedResponseException}s, a body cut short an
 *       {@link java.io.EOFException}.</li>
 *   <li><b>Timeouts:</b> {@code connectTimeout} bounds opening a connection; a request's timeout (its own, else
 *       the client's {@code requestTimeout}) bounds the whole exchange, every wait getting what is left, and
 *       passing it throws {@link RequestTimeoutException}.</li>
 *   <li><b>Cancellation:</b> interrupting the thread in {@link #send}, or cancelling the future of
 *       {@link #sendAsync}, ends the exchange with an {@link java.io.InterruptedIOException} (or the future's
 *       {@link java.util.concurrent.CancellationException}); its connection is closed, never reused, so no
 *       later request can read the abandoned response. Any failure or early close of a body does the same.</li>
 *   <li><b>Retry:</b> when a pooled connection turns out to have been closed by the server while idle (it
 *       ends or resets before any byte of the response), an idempotent request (GET, HEAD, PUT, DELETE,
 *       OPTIONS, TRACE) without a stream body is sent again on another connection; the attempt on a newly
 *       opened connection is final. Other requests get the failure.</li>
 * </ul>
 *
 * <pre>{@code
 * try (ZokioHttpClient client = ZokioHttpClient.builder(runtime).requestTimeout(Duration.ofSeconds(10)).build()) {
 *     ClientResponse r = client.send(ClientRequest.get("http://localhost:8080/hello"));
 *     System.out.println(r.status() + " " + r.bodyText());
 * }
 * }</pre>
 */
public final class ZokioHttpClient implements AutoCloseable {
    private final Runtime runtime;
    private final ClientSettings settings;
    private final ConnectionSource connections;

    private ZokioHttpClient(Runtime runtime, ClientSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
        this.connections = new ConnectionSource(runtime, settings);
    }

    /** A builder for a client whose connections live on {@code runtime}. */
    public static Builder builder(Runtime runtime) {
        return new Builder(Objects.requireNonNull(runtime, "runtime"));
    }

    /**
     * Sends {@code request} and reads the whole response body into memory (at most {@code maxBodyBytes}).
     *
     * @throws RequestTimeoutException when the request's timeout passed
     * @throws MalformedResponseException when the response breaks HTTP/1.1 syntax, or its body exceeds the limit
     * @throws java.io.InterruptedIOException when the calling thread was interrupted
     * @throws javax.net.ssl.SSLHandshakeException when the TLS handshake failed (an untrusted certificate, a
     *         host name the certificate does not cover)
     * @throws IOException for any other failure of the connection (refused, reset, closed early)
     */
    public ClientResponse send(ClientRequest request) throws IOException {
        try (StreamedResponse r = stream(request)) {
            return new ClientResponse(request, r.head(), readAll(r.body(), settings.maxBodyBytes()));
        }
    }

    /**
     * Sends {@code request} and returns once the response head has arrived; the body is read from the result,
     * which must be closed. Exceptions as {@link #send}.
     */
    public StreamedResponse stream(ClientRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        Deadline deadline = Deadline.after(request.timeout() != null ? request.timeout() : settings.requestTimeout());
        Origin origin = Origin.of(request.uri());
        int attemptsLeft = settings.maxConnectionsPerOrigin() + 1; // each stale one is closed; a new one is final
        while (true) {
            Connection c = connections.acquire(origin, deadline);
            try {
                return Exchange.run(c, request, origin, deadline, settings);
            } catch (StaleConnectionException e) {
                if (!request.retryable() || --attemptsLeft == 0) {
                    throw e.failure();
                }
            }
        }
    }

    /**
     * {@link #send} as a task of the client's runtime (a virtual thread). Cancelling the future interrupts the
     * task, which closes the connection of the exchange. The future fails with what {@code send} throws.
     */
    public CompletableFuture<ClientResponse> sendAsync(ClientRequest request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<ClientResponse> result = new CompletableFuture<>();
        Task<ClientResponse> task = runtime.spawn(() -> send(request));
        task.onComplete((r, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(r);
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                task.cancel();
            }
        });
        return result;
    }

    /** The runtime the client's connections use. */
    public Runtime runtime() {
        return runtime;
    }

    /** Idle pooled connections to the origin of {@code uri} (diagnostics). */
    public int idleConnections(URI uri) {
        return connections.idle(Origin.of(uri));
    }

    /**
     * Closes idle connections; connections in use close when their exchanges end. Later requests fail with
     * {@link IllegalStateException}. Idempotent. The runtime is the caller's and stays open.
     */
    @Override
    public void close() {
        connections.close();
    }

    private static byte[] readAll(InputStream in, long max) throws IOException {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw new MalformedResponseException("response body larger than " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** A client configuration. Not thread-safe. */
    public static final class Builder {
        private final Runtime runtime;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxConnectionsPerOrigin = 8;
        private int maxHeadBytes = 64 * 1024;
        private long maxBodyBytes = 64L * 1024 * 1024;
        private Duration expectContinueTimeout = Duration.ofSeconds(1);
        private TlsConfig tls;

        private Builder(Runtime runtime) {
            this.runtime = runtime;
        }

        /** Bounds opening a TCP connection (default 10 s); for https also the handshake when no request timeout. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The default timeout of a whole exchange for requests without their own; null (default): none. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout == null ? null : positive(timeout, "requestTimeout");
            return this;
        }

        /** How long a pooled connection may stay idle before it is closed (default 60 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** Connections per origin, idle and in use together (default 8); more requests wait for one. */
        public Builder maxConnectionsPerOrigin(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConnectionsPerOrigin must be positive: " + n);
            }
            this.maxConnectionsPerOrigin = n;
            return this;
        }

        /** The largest response head, and chunk line or trailer section, accepted (default 64 KiB). */
        public Builder maxHeadBytes(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxHeadBytes must be at least 256: " + bytes);
            }
            this.maxHeadBytes = bytes;
            return this;
        }

        /** The largest body {@link #send} reads into memory (default 64 MiB); streamed bodies have no limit. */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must not be negative: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * How long a request with {@code Expect: 100-continue} waits for {@code 100 Continue} before it sends
         * its body anyway (default 1 s). A final answer that comes first is returned without sending the body.
         */
        public Builder expectContinueTimeout(Duration timeout) {
            this.expectContinueTimeout = positive(timeout, "expectContinueTimeout");
            return this;
        }

        /** The TLS configuration of https connections (default {@link TlsConfig#clientDefaults()}). */
        public Builder tls(TlsConfig config) {
            this.tls = Objects.requireNonNull(config, "config");
            return this;
        }

        /** A new client with its own connection pools. */
        public ZokioHttpClient build() {
            TlsConfig t = tls != null ? tls : TlsConfig.clientDefaults();
            return new ZokioHttpClient(runtime, new ClientSettings(connectTimeout, requestTimeout, idleTimeout,
                    maxConnectionsPerOrigin, maxHeadBytes, maxBodyBytes, expectContinueTimeout, t));
        }

        private static Duration positive(Duration d, String what) {
            if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
