package io.zokio.http.client;

import java.net.SocketTimeoutException;

/**
 * The request's timeout (its own, or the client's default) passed before the exchange ended: before the
 * response head arrived, or while its body was being read. The connection was closed, never reused. A
 * {@link SocketTimeoutException}, so code that handles socket timeouts handles this one too.
 */
public final class RequestTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    /** A timeout described by {@code message}. */
    public RequestTimeoutException(String message) {
        super(message);
    }
}
