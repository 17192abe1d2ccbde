package io.zokio.http.client;

import java.net.ProtocolException;

/**
 * The server's response broke the HTTP/1.1 message syntax (RFC 9112): a malformed status line or header
 * field, an invalid or conflicting {@code Content-Length}, a bad chunk, or a head larger than the client's
 * limit. The connection was closed, never reused.
 */
public final class MalformedResponseException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /** A violation described by {@code message}. */
    public MalformedResponseException(String message) {
        super(message);
    }
}
