/**
 * TLS on Zokio sockets: {@link io.zokio.tls.TlsStream} runs the JDK's {@link javax.net.ssl.SSLEngine} over a
 * {@link io.zokio.net.TcpStream}, configured by an immutable {@link io.zokio.tls.TlsConfig} (an
 * {@link javax.net.ssl.SSLContext} of the caller's, or one built from PEM files or keystores). No native TLS
 * library: the engine encrypts, the loops move bytes.
 *
 * <h2>Entities</h2>
 * <ul>
 *   <li>{@code TlsStream}: the API (blocking and {@code *Async}), the reader/writer claims and the use count.</li>
 *   <li>{@code RecordLayer}: one engine, one TCP stream, the record path (unwrap, wrap, send, close_notify, the
 *       first fatal failure).</li>
 *   <li>{@code Handshaker}: drives the handshake and decides where delegated tasks run.</li>
 *   <li>{@code TlsBuffers}: the stream's three buffers (heap, or direct from the runtime's pool).</li>
 *   <li>{@code Pem}: certificates and private keys from PEM files (PKCS#8; PKCS#1 and SEC1 rewrapped).</li>
 * </ul>
 *
 * <h2>Threading contract</h2>
 * One reader and one writer may use a stream at once, from any threads; a second concurrent reader (or writer)
 * gets {@code IllegalStateException}, as on {@code TcpStream}. Blocking methods park a virtual thread in the
 * TCP stream's operations and are refused on event-loop threads. Inside, the handshake runs under a handshake
 * lock and the send lock (the first reader or writer to arrive does it, the other waits); every wrap-and-send
 * holds the send lock, so records reach the wire in the engine's order; unwrapping needs no lock, since only
 * the reader does it. A handshake message the engine produces while reading (a TLS 1.3 KeyUpdate answer, a
 * TLS 1.2 close_notify answer) is sent by the reader only if it gets the send lock at once; otherwise the
 * writer holding it sends it when its write is done. So a reader never waits behind a writer that is stuck on
 * a peer which is itself waiting for us to read. The {@code *Async} methods run the blocking method as a task
 * of the runtime (a virtual thread); their futures complete there, never on a loop thread.
 *
 * <h2>Handshake tasks</h2>
 * {@code SSLEngine.getDelegatedTask()} work (certificate path checks, signatures, key agreement) runs on the
 * calling thread when that thread is not a worker's carrier: a virtual thread of a SHARED runtime, or any
 * outside thread. A virtual thread carried by a worker (AFFINE) would stall that worker's event loop, so its
 * tasks go to the runtime's blocking pool and it parks until they finish. Loop threads never run them (they
 * never run blocking TLS calls at all). {@code TlsConfig.HandshakeTasks.ON_CALLER} trades that isolation for
 * CPU: the worker-carried virtual thread runs them itself (the hand-off to another thread cost a server 18-35%
 * more CPU per full handshake in like-for-like runs on a two-core machine), holding its worker's loop for each task.
 *
 * <h2>Buffer ownership</h2>
 * Each stream has three buffers, made when it is made: network input and application input sized from the
 * session's packet and application buffer sizes, network output of two packets. Between operations each holds
 * only unconsumed bytes (read mode). Reads decrypt straight into the caller's buffers when the engine says a
 * record fits, else into application input, which later reads drain; writes encrypt straight from the caller's
 * buffers into network output. The buffers are on the heap: the JDK's AES-GCM runs its fastest intrinsic on
 * arrays and copies direct buffers through small arrays it allocates per record, while the TCP stream stages a
 * heap buffer with one native copy (callers do best with heap buffers too). With
 * {@code -Dzokio.tls.directBuffers=true} they are direct buffers from {@code Runtime.buffers()} instead, which
 * go to the kernel without staging (for providers that encrypt native memory). A buffer grows (new buffer,
 * content moved, old one released) only when the engine reports a larger packet or plaintext than it holds;
 * steady state allocates nothing. Pooled buffers go back exactly once: when the stream is closed and the last
 * operation inside it returned (a use count with a closed bit), so memory the kernel may still write is never
 * recycled.
 *
 * <h2>Close and half-close protocol</h2>
 * <ol>
 *   <li>{@code close()}: marks the stream closed (new operations fail with {@code ClosedChannelException}),
 *       sends {@code close_notify} if the handshake finished, nothing failed and no write holds the send lock
 *       (bounded by the write timeout, else {@code TlsStream.CLOSE_NOTIFY_SECONDS}), then closes the TCP
 *       stream, which makes pending reads and writes return with {@code AsynchronousCloseException}; the
 *       last of them to leave gives the buffers back. It does not wait for the peer's {@code close_notify}.</li>
 *   <li>{@code shutdownOutput()}: sends {@code close_notify} (after a write in progress) and shuts the TCP
 *       sending side. TLS 1.3 lets reading continue until the peer's {@code close_notify}; with TLS 1.2 the
 *       JDK's engine closes both directions.</li>
 *   <li>Reading the peer's {@code close_notify} is end of stream (-1). A TCP end of stream without it is
 *       {@link io.zokio.tls.TlsTruncationException}; during the handshake,
 *       {@link javax.net.ssl.SSLHandshakeException}.</li>
 *   <li>A fatal engine error is recorded; the engine's alert is sent if the send lock is free (waiting at most
 *       one second); every later operation fails naming the first error. Any failure during the handshake is fatal; a
 *       timed-out read or write after it is not.</li>
 * </ol>
 */
package io.zokio.tls;
