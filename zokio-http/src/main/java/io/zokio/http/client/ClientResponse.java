package io.zokio.http.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> immutable, safe from any thread.
 *
 * <p>A complete response: status, header fields and the whole body in memory. Its connection has already
 * gone back to the pool (or been closed).
 */
public final class ClientResponse {
    private final ClientRequest request;
    private final ResponseHead head;
    private final byte[] body;

    ClientResponse(ClientRequest request, ResponseHead head, byte[] body) {
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

    /** The response's header fields (trailers of a chunked body are not included). */
    public ClientHeaders headers() {
        return head.headers();
    }

    /** The body bytes (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return bodyText(StandardCharsets.UTF_8);
    }

    /** The body decoded with {@code charset}. */
    public String bodyText(Charset charset) {
        return new String(body, charset);
    }

    @Override
    public String toString() {
        return "ClientResponse[" + head.status() + ", " + body.length + " bytes, " + request + "]";
    }
}
