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
 * <p>Handlers on the event loop ({@link io.zokio.http.server.LoopConnection}) keep the same invariants with one
 * difference: a request is handled only once its head and whole body are in the input array, so handling never
 * waits, and the array moves its unread bytes down only between requests. Exactly one write is in flight per
 * connection; responses produced meanwhile queue behind it in the output array and leave with the next write.
 *
 * <p>Threading: a {@link io.zokio.http.server.ServerConnection} and everything it owns runs on the
 * connection's virtual thread, a {@link io.zokio.http.server.LoopConnection} and everything it owns on the loop
 * of the worker that accepted its socket; {@link io.zokio.http.server.ServerCore} admits sockets on loop threads
 * and drains from the closing thread; the drain and the deadline sweeper only close sockets (from any thread);
 * counters are safe from any thread.
 */
package io.zokio.http.server;
