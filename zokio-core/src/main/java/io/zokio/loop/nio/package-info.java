/**
 * The portable NIO backend: {@link java.nio.channels.Selector} readiness turned into completions, file
 * operations on a small bounded thread pool. Same results and errno values as the io_uring backend.
 *
 * <h2>Entities</h2>
 * <ul>
 *   <li>{@link io.zokio.loop.nio.NioBackend}: the backend; submit, poll, dispatch, cancel, close. It hands
 *       socket ops to {@link io.zokio.loop.nio.SocketDriver} and file ops to
 *       {@link io.zokio.loop.nio.FileDriver}.</li>
 *   <li>{@link io.zokio.loop.nio.HandleTable} of {@link io.zokio.loop.nio.Handle}s: a descriptor is an index;
 *       the lowest free index is reused first, as the kernel does. A handle owns its channel, its selection key
 *       and three intrusive FIFOs of waiting completions (read side, write side, polls).</li>
 *   <li>{@link io.zokio.loop.nio.NioOp}: per-completion scratch state kept in {@code Backend.data(c)}: cached
 *       ByteBuffer views (a reused completion with the same segment allocates nothing) and the pool task.</li>
 *   <li>{@link io.zokio.loop.nio.FilePool}, {@link io.zokio.loop.nio.FileOps}: blocking file work off the loop.</li>
 *   <li>{@link io.zokio.loop.nio.SocketOps}, {@link io.zokio.loop.nio.NioSockets},
 *       {@link io.zokio.loop.nio.Interest}: non-blocking socket attempts, sync helpers, selector interest.
 *       Unix domain sockets are {@code SocketChannel}s and {@code ServerSocketChannel}s of
 *       {@code StandardProtocolFamily.UNIX} in the same handle kinds as TCP; a Linux abstract-namespace address
 *       is refused with {@code UnsupportedOperationException} before a channel is opened, because
 *       {@code UnixDomainSocketAddress} holds a {@code Path} and a path cannot contain NUL.</li>
 *   <li>{@link io.zokio.loop.nio.NioErrno}: exceptions to Linux errno, in one place.</li>
 *   <li>{@link io.zokio.loop.nio.NioMultishotOps}: the emulated network strengths (SENDFILE/SPLICE by
 *       {@code transferTo}, multishot by re-dispatch, buffer groups as a free stack, UDP handles of kind
 *       DATAGRAM).</li>
 * </ul>
 *
 * <h2>Multishot states</h2>
 * Besides the places above, a multishot completion may be in the ready list with an <em>intermediate</em>
 * result ({@code AT_MORE}: delivered with the op still active, then dispatched again at once (a budget per poll)
 * or through the submitted list, or,
 * when stopped, finished with {@code -ECANCELED}) or <em>parked</em> on its buffer group ({@code AT_PARKED}: no
 * free buffer; a release moves it back to the submitted list).
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li>Ownership: everything is loop-thread state except a {@code NioOp} handed to the pool (owned by its pool
 *       thread until pushed on the done stack), {@code Handle.closed} (volatile) and the pool's done stack
 *       (lock-free; push by CAS, take-all by exchange).</li>
 *   <li>A completion is in exactly one place while in flight: the submitted list, one wait list of one handle,
 *       the pool (overflow FIFO, executor queue or running), or the ready list. Its {@code token} names the
 *       place; one link word ({@code Backend.next}) is enough because the places are exclusive.</li>
 *   <li>Exactly once: a completion leaves the backend only through the ready list, and enters it once per
 *       submit. Nothing is delivered inside {@code submit}.</li>
 *   <li>Interest: a handle's write interest is exactly what its waiters need; its read interest stays after
 *       the last reader until a read event finds nobody waiting (then it is dropped), which saves two
 *       {@code epoll_ctl} per message on request/response connections.</li>
 *   <li>Wait lists are FIFO and only their head is attempted, so bytes are read and written in submit order.</li>
 * </ol>
 *
 * <h2>Shutdown protocol ({@code close})</h2>
 * <ol>
 *   <li>Submitted but not dispatched: {@code -ECANCELED}.</li>
 *   <li>Every wait list: {@code -ECANCELED}.</li>
 *   <li>Pool: ops not started (queue and overflow) {@code -ECANCELED}; wait for running ones (they own
 *       buffers) and take their real results.</li>
 *   <li>Close every channel, then the selector; deliver the ready list. The pool's threads have exited.</li>
 * </ol>
 */
package io.zokio.loop.nio;
