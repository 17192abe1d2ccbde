package io.zokio.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One HTTP/1.1 request as the handler sees it. Header values and the target are made into Strings only when
 * asked for. Valid only while its handler runs (and while a streaming response body is written): the server
 * reuses the underlying buffer for the connection's next request.
 *
 * <p><b>Threading:</b> use from the handler's thread only.
 */
public interface HttpRequest {
    /** The method, such as {@code GET} (case-sensitive). */
    String method();

    /** The request target as sent: path and query, not decoded. */
    String target();

    /**
     * The path part of the target (up to {@code ?}), not percent-decoded; for an absolute-form target
     * ({@code http://host/p}) the path after the authority.
     */
    String path();

    /** The query part of the target (after {@code ?}, without it), not decoded; null when there is none. */
    String query();

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    String version();

    /** The first value of the header {@code name} (case-insensitive), or null. */
    String header(String name);

    /** Every value of the header {@code name}, in order; empty when absent. */
    List<String> headers(String name);

    /** Number of header fields. */
    int headerCount();

    /** The name of header field {@code index} (lower case for common names, as sent otherwise). */
    String headerName(int index);

    /** The value of header field {@code index}, without surrounding whitespace. */
    String headerValue(int index);

    /**
     * The value bound to {@code {name}} by the {@link Router} route that matched, or null.
     */
    String pathParam(String name);

    /** The declared body length; 0 without a body, -1 for a chunked body. */
    long contentLength();

    /**
     * The request body as a stream (empty when there is none). Reading it the first time sends
     * {@code 100 Continue} when the client asked for it. Reads fail with {@link BodyTooLargeException} beyond
     * the server's body limit. A body the handler leaves unread is discarded by the server.
     */
    InputStream body();

    /**
     * The whole body, read into memory (at most the server's body limit).
     *
     * @throws IOException when the peer goes away, or {@link BodyTooLargeException}
     */
    byte[] bodyBytes() throws IOException;

    /** The peer's address. */
    InetSocketAddress remoteAddress();
}
