package io.zokio.http.client;

import java.io.InputStream;

/**
 * <b>Threading:</b> the body is read by one thread at a time; {@link #close()} from that thread or after it
 * stopped reading.
 *
 * <p>A response whose head has arrived and whose body is read as a stream. The connection returns to the
 * client's pool as soon as the body has been read to its end (when the server allows keep-alive); closing
 * before the end closes the connection instead, so nothing of this response can reach a later request. Always
 * close it (try-with-resources); closing after the end is harmless.
 *
 * <p>Reading the body is still part of the exchange: the request's timeout bounds it, and a read that passes it
 * throws {@link RequestTimeoutException}. A body cut short by the server throws {@link java.io.EOFException};
 * a malformed chunked body, {@link MalformedResponseException}.
 */
public final class StreamedResponse implements AutoCloseable {
    private final ClientRequest request;
    private final ResponseHead head;
    private final BodyStream body;

    StreamedResponse(ClientRequest request, ResponseHead head, BodyStream body) {
        this.request = request;
        this.head = head;
        this.body = body;
    }

    /** The request this answers. */
    public ClientRequest request() {
        return request;
    }

    /** The status code, 200 to 599 (interim 1xx responses are skipped). */
    public int status() {
        return head.status();
    }

    /** The reason phrase as sent (may be empty). */
    public String reason() {
        return head.reason();
    }

    /** The response's header fields. */
    public ClientHeaders headers() {
        return head.headers();
    }

    /** The body; empty for HEAD, 204 and 304. */
    public InputStream body() {
        return body;
    }

    /** Ends the exchange; see the class comment. Idempotent. */
    @Override
    public void close() {
        body.close();
    }

    ResponseHead head() {
        return head;
    }
}
