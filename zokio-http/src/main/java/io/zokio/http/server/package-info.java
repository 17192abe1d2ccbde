/**
 * The server's connections, internal to the module.
 *
 * <p>Invariants: a connection owns one read buffer and one write buffer (small at first, grown on demand up to
 * the limits, never shrunk); the parsed head stays at the front of the read buffer until its request is
 * finished (a grown buffer keeps the offsets), and body bytes are read above it, so a request never copies its
 * head. Responses are appended to the write buffer and leave when the connection is about to
 * wait for input, so pipelined responses share one write and stay in request order. Every socket and file
 * descriptor is closed by the code that opened or accepted it, in a finally block.
 *
 * <p>Threading: a {@link io.zokio.http.server.ServerConnection} and everything it owns runs on the
 * connection's virtual thread; {@link io.zokio.http.server.ServerCore} admits sockets on loop threads and
 * drains from the closing thread; counters are safe from any thread.
 */
package io.zokio.http.server;
