package io.zokio.http.client;

import java.io.IOException;

/**
 * Internal signal: a reused connection failed before any byte of the response arrived (the server had closed
 * it while idle), so the request was not processed and an idempotent one may be sent again. The cause is what
 * the connection reported. Never reaches the caller.
 */
final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException(IOException cause) {
        super("pooled connection closed by the server", cause);
    }

    IOException failure() {
        return (IOException) getCause();
    }
}
