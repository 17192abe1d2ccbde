/**
 * The HTTP/1.1 client: {@link io.zokio.http.client.ZokioHttpClient} sends
 * {@link io.zokio.http.client.ClientRequest}s and returns whole ({@link io.zokio.http.client.ClientResponse}) or
 * streamed ({@link io.zokio.http.client.StreamedResponse}) responses over pooled keep-alive connections.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>A connection serves one exchange at a time and goes back to the pool only after an exchange that ended
 *       cleanly: the response read to the end of its framing, nothing buffered beyond it, keep-alive allowed by
 *       both sides, and no operation on it timed out, failed or was interrupted. Every other ending (a failure,
 *       a timeout, an interrupt or cancellation, a body closed early) closes it. So bytes of one response can
 *       never be read as the answer to a later request.</li>
 *   <li>A request is sent again only when it is idempotent, its body is replayable, and the connection it
 *       went out on was a reused one that ended before any response byte arrived; an attempt on a newly opened
 *       connection is never repeated.</li>
 *   <li>One deadline per exchange: each wait (lease, TLS handshake, write, read of head or body) gets what is
 *       left of it.</li>
 * </ul>
 *
 * <p><b>Threading.</b> The client and requests are safe to share; an exchange (and a streamed body) belongs to
 * the thread that runs it. All I/O is blocking in style and parks virtual threads; nothing runs on event-loop
 * threads. {@code sendAsync} runs {@code send} as a runtime task.
 *
 * <p>Syntax rules shared with the server (token and field-value characters, Content-Length digits, chunk-size
 * lines) come from the module's internal {@code io.zokio.http.wire} package.
 */
package io.zokio.http.client;
