/**
 * An HTTP/1.1 server on Zokio: {@link io.zokio.http.HttpServer} (built with
 * {@link io.zokio.http.HttpServer#builder()}), {@link io.zokio.http.HttpHandler}s in blocking style,
 * {@link io.zokio.http.Router} for method and path dispatch with path parameters, and
 * {@link io.zokio.http.FileHandler} for static files.
 *
 * <p>Threading: each connection has one virtual thread that reads its requests, runs the handler for each, in
 * order, and writes the responses; handlers may block (on Zokio I/O the virtual thread parks and its carrier
 * runs other work). One handler instance serves every connection, so it must be thread-safe. A request and its
 * body stream belong to the handler's thread for the duration of the call.
 *
 * <p>Wire behaviour: keep-alive and pipelining (responses in request order, batched into one write), chunked
 * bodies in and out, {@code Expect: 100-continue}, HEAD, a Date header cached per second, zero-copy files on
 * plain connections. Requests that break RFC 9112 framing rules are answered 400 and the connection closes.
 */
package io.zokio.http;
