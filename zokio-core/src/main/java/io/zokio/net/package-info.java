/**
 * Sockets on the Zokio runtime: {@link io.zokio.net.TcpListener} (with multishot {@code acceptEach}),
 * {@link io.zokio.net.TcpStream} (with zero-copy {@code sendFile} and {@code sendZeroCopy}), Unix domain
 * stream sockets ({@link io.zokio.net.UnixListener}, {@link io.zokio.net.UnixStream}), their
 * {@code java.io} and {@code java.nio.channels} adapters, {@link io.zokio.net.UdpSocket}, a client
 * {@link io.zokio.net.ConnectionPool}, and framing over a stream ({@link io.zokio.net.FrameReader},
 * {@link io.zokio.net.FrameWriter} with a {@link io.zokio.net.Framing}: lines, delimited or length-prefixed
 * frames).
 *
 * <h2>Entities and ownership</h2>
 * <ul>
 *   <li>A socket's descriptor belongs to one worker's {@link io.zokio.loop.EventLoop} (NIO descriptors are
 *       per-loop handles); every operation on it runs on that loop. The runtime's
 *       {@code io.zokio.runtime.internal.WorkerLoops} names each worker's loop and thread.</li>
 *   <li>{@code SocketCore} holds the descriptor, a {@code closed} flag (any thread), the loop-side close
 *       state and the optional registered-file index; {@code NetOp} is one reusable operation (per
 *       direction: read, write, control/accept) with its own op, timer and cancel completions, so that the
 *       hot path allocates nothing for the blocking style with native or direct buffers.</li>
 *   <li>{@link io.zokio.net.SocketStream} is the public face of a connection, sealed to its two kinds:
 *       {@code TcpStream} and {@code UnixStream} add only how they connect, their addresses and their own
 *       options, so reads, writes, timeouts, half-close, close and the {@code java.io} views are one code path
 *       for both. Its read side is {@code StreamReads}, its write side {@code StreamWrites}, each owning its
 *       {@code NetOp}, with heap-buffer staging in {@code StreamBuffers}. {@code ConnectAttempt} makes one
 *       client connection of either kind (open on a worker's loop, CONNECT, close the half-made stream on
 *       failure); {@code TcpConnector} resolves host names through {@code HostResolver} (the JDK's resolver on
 *       the runtime's blocking pool, never on a loop) and tries the addresses in order. {@code Acceptor} is
 *       the accept side of both listeners: its result hook wraps each accepted descriptor in a stream on the
 *       loop thread, so none can leak. {@code ChannelStreams} gives the {@code java.io} views,
 *       {@code MultishotRecv} and {@code MultishotAccept} run the multishot receive and accept.</li>
 *   <li>A {@code UnixListener} bound to a path owns the socket file its bind created ({@code SocketFile}):
 *       it removes it when it closes, whether by {@code close()} or by the runtime's shutdown, and only while
 *       the path still names that same file (device and inode). A bind never removes a file: an existing one
 *       fails it with {@link java.net.BindException}. An abstract-namespace name has no file. Unix domain
 *       addresses travel as {@link io.zokio.sys.UnixAddress} (path, abstract name or unnamed) and are checked
 *       against {@code sun_path}'s {@value io.zokio.sys.UnixAddress#MAX_PATH_BYTES} bytes before any socket is
 *       opened; the public methods also take and give the JDK's {@link java.net.UnixDomainSocketAddress},
 *       which cannot hold an abstract name. The NIO backend refuses abstract names
 *       ({@link java.lang.UnsupportedOperationException} naming the reason), as the JDK's channels cannot
 *       express them.</li>
 *   <li>{@code DescriptorCalls} holds every descriptor-level call made on a loop (open, bind, options,
 *       addresses, close); everything else reaches the kernel as a completion driven by a {@code NetOp}.</li>
 * </ul>
 *
 * <h2>Blocking and async style</h2>
 * Each operation is written once: a {@code start} step validates the arguments, claims the op and preps its
 * completion (heap data copied to staging), and an {@code end} step turns the byte count into the caller's
 * value (end of stream, staging copied out, positions advanced). The blocking method and its {@code *Async}
 * twin call the same two steps and differ only in the wait between them: {@code NetOp.await} parks the
 * caller, {@code NetOp.async} completes a future on the loop thread. Timeouts, close, interrupts and errnos
 * are mapped to exceptions in {@code NetOp} for both.
 *
 * <h2>One operation</h2>
 * <ol>
 *   <li>The caller claims the op (CAS; a concurrent second caller gets {@code IllegalStateException}),
 *       checks the socket is open, and preps the completion.</li>
 *   <li>It hands the op to the loop: in place when it already runs on the loop's thread (an AFFINE virtual
 *       thread carried by that worker), else with {@code EventLoop.execute} (no syscall when the loop is
 *       busy). The loop submits the op, and a TIMEOUT beside it when a timeout was given.</li>
 *   <li>Whichever ends first cancels the other; a close or an interrupt cancels the op too. The caller is
 *       released only when op, timer and cancel are all idle, so a buffer is never handed back while the
 *       kernel may still write into it, and each operation ends exactly once: its result,
 *       {@code SocketTimeoutException}, {@code AsynchronousCloseException}, {@code InterruptedIOException},
 *       or an {@code ErrnoException} with the operation and errno.</li>
 * </ol>
 *
 * <h2>Inline sends and receives</h2>
 * A blocking {@code write} from a task on a worker whose backend offers {@link io.zokio.loop.InlineSocketCalls}
 * (io_uring with {@code -Dzokio.uring.inlineCalls=true}) first sends on its own thread with {@code MSG_DONTWAIT}, through that worker's loop's scratch
 * state: when the socket's buffer has room, the bytes leave without a trip through the loop (which matters most
 * when the socket belongs to another worker's loop). A blocking {@code read} does the same with a receive when
 * the stream's previous read filled its buffer, a sign that more is waiting (a bulk transfer, pipelined
 * requests); after a short read it waits through the loop, so a request/response connection makes no extra
 * syscall. Only a full or empty buffer or an error takes the usual operation, which then reports the error as
 * always. The inline call holds the op's claim and marks it in flight ({@code NetOp.beginInline}), so a racing
 * close keeps the descriptor open until the call is over.
 *
 * <h2>Close protocol</h2>
 * See {@code SocketCore}: refuse new operations, cancel those in flight (every {@code SocketCore.Pending}: the
 * {@code NetOp}s and a running {@code MultishotAccept} or {@code MultishotRecv}), close the descriptor when the
 * last one settled. A stream registered with {@code SocketStream.register()} first empties its registered-file
 * index on every worker
 * ({@code Runtime.unregisterFile}) and closes the descriptor once that finished: io_uring's table holds a
 * reference to the socket, which would otherwise keep it open (no FIN) after {@code close(2)}.
 *
 * <h2>Exceptions at the edge</h2>
 * <table>
 *   <caption>condition to exception</caption>
 *   <tr><th>condition</th><th>exception</th></tr>
 *   <tr><td>connect: ECONNREFUSED, ETIMEDOUT, ENETUNREACH</td><td>{@link java.net.ConnectException} naming
 *       the address</td></tr>
 *   <tr><td>connect: EHOSTUNREACH</td><td>{@link java.net.NoRouteToHostException}</td></tr>
 *   <tr><td>Unix domain connect: ENOENT (no file at the path)</td><td>{@link java.net.ConnectException} "No
 *       such file or directory" naming the path (the JDK's {@code SocketChannel} throws its superclass
 *       {@link java.net.SocketException})</td></tr>
 *   <tr><td>a Unix domain path or abstract name over {@value io.zokio.sys.UnixAddress#MAX_PATH_BYTES}
 *       bytes</td><td>{@link java.net.SocketException} "Unix domain path too long" naming it</td></tr>
 *   <tr><td>bind: EADDRINUSE, EADDRNOTAVAIL, EACCES</td><td>{@link java.net.BindException} naming the
 *       address</td></tr>
 *   <tr><td>a host name that does not resolve</td><td>{@link java.net.UnknownHostException}</td></tr>
 *   <tr><td>an operation's timeout (connect, accept, read, write)</td><td>{@link java.net.SocketTimeoutException}</td></tr>
 *   <tr><td>an operation on a closed socket</td><td>{@link java.nio.channels.ClosedChannelException}</td></tr>
 *   <tr><td>an operation pending when the socket was closed</td><td>{@link java.nio.channels.AsynchronousCloseException}</td></tr>
 *   <tr><td>the caller was interrupted</td><td>{@link java.io.InterruptedIOException}</td></tr>
 *   <tr><td>a frame over its limit</td><td>{@link io.zokio.net.FrameTooLongException}</td></tr>
 *   <tr><td>any other errno</td><td>{@link io.zokio.sys.ErrnoException} (operation and errno)</td></tr>
 * </table>
 * A mapped exception carries the {@link io.zokio.sys.ErrnoException} as its cause
 * ({@link io.zokio.sys.ErrnoException#errnoOf(Throwable)}); the mapping is {@code NetErrors}'.
 *
 * <h2>After an operation ends abnormally</h2>
 * A timed-out, interrupted or close-cancelled read or write transfers none of its bytes (the kernel's cancel
 * wins only before any were moved), so the stream stays consistent and usable. {@code SocketCore} still
 * records that an exchange was cut short, and {@link io.zokio.net.ConnectionPool} closes such a stream instead
 * of reusing it: the peer's reply to the abandoned request may yet arrive.
 *
 * <h2>Where blocking is refused</h2>
 * A blocking call on a worker's own platform thread would park the loop that must complete it: it fails at
 * once with {@code IllegalStateException}. Virtual threads (carried by a worker or not) and other platform
 * threads park normally.
 */
package io.zokio.net;
