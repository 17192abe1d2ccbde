package io.zokio.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Produces a streaming response body, on the connection's virtual thread, after the response head has been
 * queued. The stream sends chunked transfer coding (HTTP/1.1) or a body ended by closing the connection
 * (HTTP/1.0); {@link OutputStream#flush()} sends what has been written so far. Closing the stream is optional.
 */
@FunctionalInterface
public interface BodyWriter {
    /**
     * Writes the body to {@code out}.
     *
     * @throws IOException when the peer goes away (the connection is then closed)
     */
    void writeTo(OutputStream out) throws IOException;
}
