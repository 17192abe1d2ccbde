package io.zokio.http.client;

import io.zokio.http.wire.HeaderFields;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * <b>Threading:</b> immutable once built; a request with a whole body may be sent any number of times from any
 * thread. A request whose body is an {@link InputStream} is sent once.
 *
 * <p>An HTTP/1.1 request for {@link ZokioHttpClient}: method, {@code http} or {@code https} URI, header fields,
 * an optional body and an optional timeout for the whole exchange. The client adds {@code Host},
 * {@code Content-Length} and {@code Transfer-Encoding} itself; setting them here is refused.
 *
 * <pre>{@code
 * ClientRequest get = ClientRequest.get(URI.create("http://localhost:8080/items"));
 * ClientRequest post = ClientRequest.builder(URI.create("https://example.test/items"))
 *         .method("POST").header("Content-Type", "application/json").body("{\"a\":1}")
 *         .timeout(Duration.ofSeconds(5)).build();
 * }</pre>
 */
public final class ClientRequest {
    /** Names the client writes itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "transfer-encoding");
    /** Methods that may be sent again on a fresh connection (RFC 9110 section 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    private final String method;
    private final URI uri;
    private final ClientHeaders headers;
    private final RequestBody body;
    private final Duration timeout;

    private ClientRequest(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        this.headers = ClientHeaders.ofPairs(b.headers);
        this.body = b.body;
        this.timeout = b.timeout;
    }

    /** A builder for a request to {@code uri} ({@code http} or {@code https}, with a host), method GET. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** A GET of {@code uri}. */
    public static ClientRequest get(URI uri) {
        return builder(uri).build();
    }

    /** A GET of {@code uri}. */
    public static ClientRequest get(String uri) {
        return get(URI.create(uri));
    }

    /** The method, as sent. */
    public String method() {
        return method;
    }

    /** The URI: its origin picks the connection, its path and query form the request target. */
    public URI uri() {
        return uri;
    }

    /** The fields the caller set (without those the client adds). */
    public ClientHeaders headers() {
        return headers;
    }

    /** This request's timeout for the whole exchange, or null: the client's default. */
    public Duration timeout() {
        return timeout;
    }

    RequestBody body() {
        return body;
    }

    /** Whether a failed attempt on a stale pooled connection may be repeated on another one. */
    boolean retryable() {
        return IDEMPOTENT.contains(method) && body.replayable();
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }

    /** A request under construction. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private String method = "GET";
        private final List<String> headers = new ArrayList<>();
        private RequestBody body = RequestBody.NONE;
        private Duration timeout;

        private Builder(URI uri) {
            Origin.of(Objects.requireNonNull(uri, "uri")); // checks scheme and host
            this.uri = uri;
        }

        /** The method, a token such as GET, POST or PUT (case-sensitive, as sent). */
        public Builder method(String method) {
            if (!HeaderFields.isToken(Objects.requireNonNull(method, "method"))) {
                throw new IllegalArgumentException("not a method token: " + method);
            }
            this.method = method;
            return this;
        }

        /**
         * Adds a header field (a repeated name adds another field). {@code Host}, {@code Content-Length} and
         * {@code Transfer-Encoding} are the client's; {@code Connection: close} makes the client close the
         * connection after this exchange.
         *
         * @throws IllegalArgumentException for a name that is not a token, a value with CR, LF or other control
         *         characters, or a restricted name
         */
        public Builder header(String name, String value) {
            if (!HeaderFields.isToken(Objects.requireNonNull(name, "name"))) {
                throw new IllegalArgumentException("not a field name: " + name);
            }
            if (!HeaderFields.isValue(Objects.requireNonNull(value, "value"))) {
                throw new IllegalArgumentException("invalid characters in the value of " + name);
            }
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(name + " is set by the client");
            }
            headers.add(name);
            headers.add(value.strip());
            return this;
        }

        /** A whole body, sent with {@code Content-Length}. The array is not copied: do not change it. */
        public Builder body(byte[] bytes) {
            this.body = new RequestBody.Bytes(Objects.requireNonNull(bytes, "bytes"));
            return this;
        }

        /** A whole body, the text in UTF-8. */
        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A body read from {@code in} while the request is sent (the client does not close it): with
         * {@code Content-Length} when {@code length} is known (at least 0; the stream must then hold that many
         * bytes), else ({@code length} -1) in chunked transfer coding until {@code in} ends. Such a request is
         * never retried.
         */
        public Builder body(InputStream in, long length) {
            if (length < -1) {
                throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
            }
            this.body = new RequestBody.Stream(Objects.requireNonNull(in, "in"), length);
            return this;
        }

        /** The timeout of the whole exchange (connect, send, response head and body); null: the client's. */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The request; the builder may go on to make others. */
        public ClientRequest build() {
            return new ClientRequest(this);
        }
    }
}
