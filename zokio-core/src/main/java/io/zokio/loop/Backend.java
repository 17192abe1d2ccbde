package io.zokio.loop;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The I/O engine under an {@link EventLoop}: io_uring or java.nio. One backend instance belongs to one loop.
 *
 * <p><b>Threading contract:</b> every method is loop-thread only, except {@link #wakeup()}, which any thread
 * may call. The loop never calls two methods at once.
 *
 * <p><b>Completion contract:</b>
 * <ol>
 *   <li>{@link #submit} takes an {@link Op} other than {@link Op#TIMEOUT} (the loop owns timers). The backend
 *       owns the completion until it hands it back through {@link #deliver}, exactly once per submit.</li>
 *   <li>A backend never delivers from inside {@code submit}: results that are known at once (validation
 *       errors, a read that did not need to wait) are delivered during the next {@link #poll}.</li>
 *   <li>{@link Op#CANCEL} arrives only for a target that is in this backend. The target then completes with
 *       {@code -ECANCELED} (unless it finished first) and the cancel with 0, {@code -ENOENT} or
 *       {@code -EALREADY}.</li>
 *   <li>{@link #close} ends every operation still in flight with {@code -ECANCELED} (or its real result if it
 *       completed meanwhile) and delivers each, then frees native resources. Nothing is lost.</li>
 * </ol>
 *
 * <p>Descriptors ({@code fd}) are backend handles: real kernel descriptors on io_uring, table indices on NIO.
 * Use them only with the loop that created them.
 */
public abstract class Backend implements AutoCloseable {
    private EventLoop loop;

    protected Backend() {
    }

    /** Called once by the owning loop before first use. */
    final void attach(EventLoop loop) {
        if (this.loop != null) {
            throw new IllegalStateException("backend already attached to a loop");
        }
        this.loop = loop;
    }

    /** A short name: {@code "io_uring"} or {@code "nio"}. */
    public abstract String name();

    /** Queues an operation; it reaches the kernel at the latest in the next {@link #poll}. */
    public abstract void submit(Completion c);

    /**
     * Submits what is queued, then delivers every available completion. If none is available and
     * {@code waitNs != 0}, first waits for one for up to {@code waitNs} ({@code < 0}: without limit), returning
     * early on {@link #wakeup()}.
     *
     * @return the number of completions delivered
     */
    public abstract int poll(long waitNs);

    /** Makes a waiting (or the next) {@link #poll} return promptly. Any thread. */
    public abstract void wakeup();

    /** Operations submitted and not yet delivered. */
    public abstract int inFlight();

    /** Cancels everything in flight, delivers each completion, frees resources. Idempotent. */
    @Override
    public abstract void close();

    // ------------------------------------------------------------------ metrics (any thread, racy reads)

    /** System calls into the kernel's queue so far ({@code io_uring_enter}, selector selects); 0 if not counted. */
    public long kernelEntries() {
        return 0;
    }

    /** Operations submitted so far; 0 if not counted. */
    public long submissions() {
        return 0;
    }

    /** One line for the runtime's startup log: the backend and what it enabled. */
    public String describe() {
        return name();
    }

    // ---------------------------------------------------------------- synchronous socket helpers

    /** A TCP socket bound to {@code address} and listening, with SO_REUSEADDR on; non-blocking. */
    public abstract int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException;

    /** An unconnected non-blocking TCP socket for {@link Op#CONNECT}. */
    public abstract int openTcpSocket(boolean ipv6) throws IOException;

    public abstract void setSocketOption(int fd, SockOpt option, int value) throws IOException;

    public abstract int getSocketOption(int fd, SockOpt option) throws IOException;

    public abstract InetSocketAddress localAddress(int fd) throws IOException;

    public abstract InetSocketAddress remoteAddress(int fd) throws IOException;

    /** Closes a descriptor at once, without a completion. Closing an unknown descriptor throws EBADF. */
    public abstract void closeNow(int fd) throws IOException;

    // ---------------------------------------------------------------- for implementations

    /** Hands a finished operation back to the loop, which runs its callback. Loop thread only. */
    protected final void deliver(Completion c, int result) {
        loop.complete(c, result);
    }

    /** The loop this backend serves. */
    protected final EventLoop loop() {
        return loop;
    }

    /** Backend-owned per-completion word (io_uring: slot index and generation). */
    protected static long token(Completion c) {
        return c.backendToken;
    }

    protected static void token(Completion c, long token) {
        c.backendToken = token;
    }

    /** Backend-owned intrusive link (NIO: per-descriptor wait lists, ready list). */
    protected static Completion next(Completion c) {
        return c.backendNext;
    }

    protected static void next(Completion c, Completion next) {
        c.backendNext = next;
    }

    /** Backend-owned per-completion object (e.g. a cached ByteBuffer view). */
    protected static Object data(Completion c) {
        return c.backendData;
    }

    protected static void data(Completion c, Object data) {
        c.backendData = data;
    }
}
