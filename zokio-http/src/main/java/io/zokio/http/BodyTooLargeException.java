package io.zokio.http;

import java.io.IOException;

/**
 * A request body passed the server's body limit ({@link HttpServer.Builder#maxBodyBytes}); the server answers
 * {@code 413 Content Too Large} and closes the connection when the handler lets this propagate.
 */
public final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception for a body over {@code limit} bytes. */
    public BodyTooLargeException(long limit) {
        super("request body over " + limit + " bytes");
    }
}
