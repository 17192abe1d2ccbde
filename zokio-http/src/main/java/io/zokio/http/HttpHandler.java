package io.zokio.http;

/**
 * Answers one request, in blocking style: it runs on the connection's virtual thread, may block (read the body,
 * call other services, sleep) without holding a carrier, and returns the response to send. Requests of one
 * connection are handled one after another, in order; different connections run concurrently, so a handler
 * shared by the server must be thread-safe.
 *
 * <p>An exception thrown by the handler becomes a {@code 500 Internal Server Error} (or, once a streaming
 * response has begun, closes the connection).
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * The response to {@code request}; never null.
     *
     * @throws Exception anything; answered with 500
     */
    HttpResponse handle(HttpRequest request) throws Exception;
}
