package io.zokio.loop;

import io.zokio.sys.ErrnoException;
import io.zokio.sys.SockOpt;
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

    // ------------------------------------------------------------------ registered files (loop thread)

    /**
     * True when the backend takes {@link Completion#fixedFile()} operations itself (io_uring's registered files);
     * otherwise the loop translates the index to a descriptor before {@link #submit}.
     */
    protected boolean nativeFixedFiles() {
        return false;
    }

    /** Registers {@code fds} as the fixed-file table (native backends only; -1 marks an empty slot). */
    protected void registerFilesNative(int[] fds) throws ErrnoException {
        throw new UnsupportedOperationException(name() + " has no native registered files");
    }

    /** Drops the native fixed-file table. */
    protected void unregisterFilesNative() throws ErrnoException {
        throw new UnsupportedOperationException(name() + " has no native registered files");
    }

    /**
     * Sets entry {@code index} of the native fixed-file table to {@code fd} (-1 empties it); operations already
     * in flight keep the file they started with (native backends only).
     */
    protected void updateFileSlotNative(int index, int fd) throws ErrnoException {
        throw new UnsupportedOperationException(name() + " has no native registered files");
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

    // ---------------------------------------------------------------- ringops: multishot, provided buffers

    /**
     * Hands one result of a multishot operation to its callback while the completion stays active (io_uring's
     * {@code IORING_CQE_F_MORE}). Loop thread only.
     *
     * @return {@link Action#REARM} to continue, {@link Action#DISARM} when the callback asked to stop (or the
     *         loop is closing): the backend then stops the operation and delivers its final result
     */
    protected final Action deliverMore(Completion c, int result) {
        return loop.completeMore(c, result);
    }

    /** Sets the buffer id a RECV_MULTISHOT result names ({@link Completion#bufferId()}), -1 for none. */
    protected static void bufferId(Completion c, int bufferId) {
        c.bufferId = bufferId;
    }

    /** Sets where the current result's bytes start in its buffer ({@link Completion#bufferOffset()}). */
    protected static void bufferOffset(Completion c, int offset) {
        c.bufferOffset = offset;
    }

    /**
     * Makes {@code group}'s buffers available to this backend (io_uring: registers a provided buffer ring) and
     * returns its group id. Every buffer starts in the ring. Called once, by {@link BufferGroup#open}.
     */
    protected int attachBufferGroup(BufferGroup group) throws IOException {
        throw new UnsupportedOperationException(name() + " backend has no provided buffer groups");
    }

    /** The user gave buffer {@code bufferId} of {@code group} back: put it in the ring again. */
    protected void bufferReleased(BufferGroup group, int bufferId) {
    }

    /** {@code group} is closing and no operation uses it: unregister it. Its memory is freed after this. */
    protected void detachBufferGroup(BufferGroup group) {
    }

    /** Backend state of a buffer group. */
    protected static Object groupState(BufferGroup group) {
        return group.backendState;
    }

    protected static void groupState(BufferGroup group, Object state) {
        group.backendState = state;
    }

    /** Marks buffer {@code bufferId} of {@code group} as held by the user (a callback named it). */
    protected static void bufferTaken(BufferGroup group, int bufferId) {
        group.taken(bufferId);
    }

    /** Counts a RECV_MULTISHOT that uses {@code group} ({@code +1} at submit, {@code -1} at its final result). */
    protected static void groupUsers(BufferGroup group, int delta) {
        group.users += delta;
    }

    /**
     * ringops: a non-blocking UDP socket bound to {@code address} (port 0: ephemeral), for
     * {@link Op#SENDMSG} and {@link Op#RECVMSG}. Loop thread.
     */
    public int openUdpSocket(InetSocketAddress address) throws IOException {
        throw new UnsupportedOperationException(name() + " backend has no UDP sockets");
    }

    /** At backend close, once the kernel can no longer write into it: frees {@code group}'s memory. */
    protected static void groupFree(BufferGroup group) {
        group.closeAfterBackend();
    }
}
