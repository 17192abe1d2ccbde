package io.zokio.http;

/**
 * Where an {@link HttpServer} runs its handler.
 */
public enum HandlerMode {
    /**
     * Each connection has its own virtual thread, which reads its requests and runs the handler for each: the
     * handler may block (stream a large body in, read files, call other services). The default.
     */
    VIRTUAL_THREAD,

    /**
     * The handler runs on the event loop that owns the connection, as in Netty or Vert.x: no thread per
     * connection, no hand-off per request, so the least CPU per request. The handler must never block (no
     * socket, file or lock waits, no sleeping): a blocked handler stalls every connection of its worker. A request
     * body is received whole, up to the server's body limit, before the handler runs, so reading it never waits; a
     * streamed response body is gathered in memory (at most 4 MiB: a larger one fails the handler's write) and
     * sent chunked. File responses ({@link HttpResponse#file})
     * and {@link FileHandler} need {@link #VIRTUAL_THREAD} (answered 500 here), and so does TLS (refused when the
     * server starts).
     */
    EVENT_LOOP
}
