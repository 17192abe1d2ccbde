package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.loop.ShutdownHow;
import io.zokio.runtime.internal.WorkerLoops;
import io.zokio.sys.SockOpt;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * <b>Threading:</b> one reader and one writer may use a stream at the same time (from any threads); a second
 * concurrent read (or write) gets {@link IllegalStateException}. {@link #close} may be called from any thread
 * and makes pending operations fail with {@link java.nio.channels.AsynchronousCloseException}. The blocking
 * methods park a virtual thread (never a carrier) and must not be called on an event-loop thread; the
 * {@code *Async} methods may be called anywhere, and their futures complete on the socket's loop thread (hop
 * with {@code *Async(fn, executor)} before blocking work).
 *
 * <p>A connected stream socket owned by one worker's event loop (see {@link #worker()}): a {@link TcpStream} or a
 * {@link UnixStream}. This class holds what both have, so that they share one read, write, close and adapter
 * code path; the subclasses add how they connect, their addresses and their own options. Every operation takes
 * an optional timeout (the stream's default read or write timeout when none is given).
 *
 * <p><b>After a timeout</b> a read or write fails with {@link java.net.SocketTimeoutException} once the kernel
 * gave its buffer back, and the stream stays open and usable: a timed-out read consumed no bytes (data that
 * arrives later is returned by the next read), and a timed-out write sent none of the bytes of its last
 * attempt ({@link #writeAll} may have sent earlier chunks). What the stream cannot know is the application's
 * protocol: a reply to a request whose read timed out may still arrive and be read as the answer to the next
 * request. The stream therefore remembers that an operation ended by timeout, interrupt, asynchronous close or
 * an error, and {@link ConnectionPool} closes such a stream instead of reusing it.
 *
 * <p><b>Exceptions</b> follow {@code java.net} and {@code java.nio.channels}: a refused connect is a
 * {@link java.net.ConnectException}, an unreachable host a {@link java.net.NoRouteToHostException}, an unknown
 * host name a {@link java.net.UnknownHostException} (each naming the address; the subclasses list theirs), a
 * timeout a
 * {@link java.net.SocketTimeoutException}, use after {@link #close} a
 * {@link java.nio.channels.ClosedChannelException} (its subclass
 * {@link java.nio.channels.AsynchronousCloseException} for an operation the close ended), an interrupt an
 * {@link java.io.InterruptedIOException}; other kernel failures are {@link io.zokio.sys.ErrnoException}s naming
 * the operation and errno. The errno behind a mapped exception is its cause
 * ({@link io.zokio.sys.ErrnoException#errnoOf(Throwable)}).
 *
 * <p>Buffers: native {@link MemorySegment}s and direct {@link ByteBuffer}s are handed to the kernel as they
 * are; heap buffers go through a per-direction native staging buffer (one copy) that grows with the largest
 * request, in powers of two from 4 KiB to {@value #STAGING_BYTES} bytes (at most that many bytes per call). A
 * read into a read-only buffer throws {@link java.nio.ReadOnlyBufferException}; a negative timeout,
 * {@link IllegalArgumentException}.
 *
 * <p>This class is the public face: it applies the default timeouts and delegates. The read side lives in
 * {@link StreamReads}, the write side in {@link StreamWrites} (each read or write is prepared and finished by
 * one code path for both the blocking and the async style), socket options and addresses in
 * {@link DescriptorCalls}, and the descriptor with its close protocol in {@link SocketCore}.
 *
 * <p>Sealed: the stream kinds are {@link TcpStream} and {@link UnixStream}; the constructor is not public.
 */
public abstract sealed class SocketStream implements ByteChannel, ScatteringByteChannel, GatheringByteChannel
        permits TcpStream, UnixStream {
    /** Staging bytes per direction for heap buffers. */
    public static final int STAGING_BYTES = 64 * 1024;

    final SocketCore core;
    final StreamReads reads;
    final StreamWrites writes;
    /** Connect and shutdown: never concurrent with each other, independent of reads and writes. */
    final NetOp controlOp;
    private volatile long readTimeoutNs;
    private volatile long writeTimeoutNs;

    SocketStream(WorkerLoops loops, int worker, int fd) {
        this.core = new SocketCore(loops, worker, fd);
        StreamBuffers buffers = new StreamBuffers();
        this.reads = new StreamReads(core, buffers);
        this.writes = new StreamWrites(core, buffers);
        this.controlOp = new NetOp(core, "connect");
    }

    // ------------------------------------------------------------------ read

    /** Reads into {@code dst}; returns the bytes read, or -1 at end of stream. Default read timeout. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return reads.read(dst, readTimeoutNs);
    }

    /**
     * As {@link #read(ByteBuffer)} with its own timeout (null or zero: none).
     *
     * @throws java.net.SocketTimeoutException when no byte arrived in time; nothing was consumed and the stream
     *         stays usable (see "After a timeout" in the class doc)
     */
    public int read(ByteBuffer dst, Duration timeout) throws IOException {
        return reads.read(dst, Timeouts.toNanos(timeout));
    }

    /**
     * Reads into a native segment (whole size); returns bytes read, or -1 at end of stream. Zero copy. The segment
     * must not belong to a confined arena (the loop's thread uses it): {@link IllegalArgumentException}.
     */
    public int read(MemorySegment dst, Duration timeout) throws IOException {
        return reads.read(dst, timeout);
    }

    /** Reads until {@code dst} is full. @throws EOFException when the stream ends first */
    public void readFully(ByteBuffer dst) throws IOException {
        StreamBuffers.checkReadable(dst);
        while (dst.hasRemaining()) {
            if (read(dst) < 0) {
                throw new EOFException("end of stream with " + dst.remaining() + " bytes still expected");
            }
        }
    }

    /** Scattering read; direct buffers go to the kernel in one vectored read. */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return reads.read(dsts, offset, length, readTimeoutNs);
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /**
     * True when nothing is pending on the stream and no operation ended abnormally (see the class doc, "After a
     * timeout"): the condition for handing it to another user.
     */
    boolean reusable() {
        return isOpen() && !core.aborted() && !reads.busy() && !writes.busy() && !controlOp.isBusy();
    }

    /** Async read; the future gives the bytes read or -1 at end of stream. */
    public CompletableFuture<Integer> readAsync(ByteBuffer dst, Duration timeout) {
        StreamBuffers.checkReadable(dst);
        return reads.readAsync(dst, Timeouts.toNanos(timeout));
    }

    /**
     * Health probe of an idle stream: a non-blocking one-byte {@code MSG_PEEK}. Healthy when it would block
     * (EAGAIN): the peer neither closed, reset nor sent bytes nobody asked for.
     */
    boolean probeIdle() throws IOException {
        return isOpen() && reads.probeIdle();
    }

    // ------------------------------------------------------------------ write

    /** Writes some of {@code src} (at least one byte unless empty); returns the bytes written. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return writes.write(src, writeTimeoutNs);
    }

    /**
     * Writes what the socket's send buffer takes now, without waiting: on io_uring, from a task running on one of
     * the runtime's workers, the bytes are sent on the caller's thread. Returns the bytes written: 0 when none
     * could be written now (the buffer is full, or this backend or thread cannot send inline: use
     * {@link #write} or {@link #writeAllAsync}). An error is not reported here; the next write meets it.
     *
     * @throws java.nio.channels.ClosedChannelException when the stream is closed
     * @throws IllegalStateException  when another write is pending
     * @throws IllegalArgumentException when {@code src} is a direct buffer whose arena is already closed (every
     *         read and write refuses such a buffer before the kernel sees it)
     */
    public int tryWrite(ByteBuffer src) throws IOException {
        return writes.tryWrite(src);
    }

    /**
     * As {@link #write(ByteBuffer)} with its own timeout (null or zero: none).
     *
     * @throws java.net.SocketTimeoutException when the socket accepted no byte in time; none was sent and the
     *         stream stays usable (see "After a timeout" in the class doc)
     */
    public int write(ByteBuffer src, Duration timeout) throws IOException {
        return writes.write(src, Timeouts.toNanos(timeout));
    }

    /**
     * Writes a native segment (whole size); returns bytes written (may be short). Zero copy. The segment must not
     * belong to a confined arena (the loop's thread uses it): {@link IllegalArgumentException}.
     */
    public int write(MemorySegment src, Duration timeout) throws IOException {
        return writes.write(src, timeout);
    }

    /** Writes all of {@code src}. */
    public void writeAll(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        while (src.hasRemaining()) {
            write(src);
        }
    }

    /** Writes all of a native segment. */
    public void writeAll(MemorySegment src) throws IOException {
        Objects.requireNonNull(src, "src");
        long off = 0;
        long size = src.byteSize();
        while (off < size) {
            off += write(src.asSlice(off), null);
        }
    }

    /** Gathering write; direct buffers go to the kernel in one vectored write. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return writes.write(srcs, offset, length, writeTimeoutNs);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Async write of some of {@code src}; the future gives the bytes written. */
    public CompletableFuture<Integer> writeAsync(ByteBuffer src, Duration timeout) {
        Objects.requireNonNull(src, "src");
        return writes.writeAsync(src, Timeouts.toNanos(timeout));
    }

    /** How a callback-style operation ends; runs on the stream's loop thread. */
    @FunctionalInterface
    public interface IoCallback {
        /**
         * The operation settled: {@code failure} is null and {@code bytes} the bytes transferred, or
         * {@code failure} is the exception the blocking form would have thrown (and {@code bytes} 0). The stream
         * is free for its next operation of the same direction when this runs. Must not block.
         */
        void completed(int bytes, IOException failure);
    }

    /**
     * Callback-style write of some of {@code src} (at least one byte unless empty), for code that runs on the
     * stream's loop (a {@link TcpStream#readEach} handler, an accept handler): {@code done} runs on the loop
     * thread once the send settled, after {@code src}'s position moved over the bytes written. Allocates nothing:
     * a heap buffer's bytes are copied into the stream's native staging (at most {@value #STAGING_BYTES} per call)
     * before this returns, so the caller may reuse the array at once; a direct buffer must stay untouched until
     * {@code done}. Exactly one call of {@code done} per call of this method: at once with 0 when {@code src} is
     * empty, with a {@link java.nio.channels.ClosedChannelException} when the stream or its runtime is closed,
     * otherwise on the loop.
     *
     * @throws IllegalStateException when another write is pending
     */
    public void writeAsync(ByteBuffer src, Duration timeout, IoCallback done) {
        writes.writeAsync(src, Timeouts.toNanos(timeout), done);
    }

    /** Async write of all of {@code src}. */
    public CompletableFuture<Void> writeAllAsync(ByteBuffer src, Duration timeout) {
        return writeAsync(src, timeout).thenCompose(n -> src.hasRemaining()
                ? writeAllAsync(src, timeout) : CompletableFuture.completedFuture(null));
    }

    // ------------------------------------------------------------------ half-close

    /** Half-closes the receiving side: further reads see end of stream. */
    public void shutdownInput() throws IOException {
        shutdown(ShutdownHow.SHUT_RD);
    }

    /** Half-closes the sending side: the peer reads end of stream once it consumed what was sent. */
    public void shutdownOutput() throws IOException {
        shutdown(ShutdownHow.SHUT_WR);
    }

    private void shutdown(int how) throws IOException {
        Completion c = controlOp.begin("shutdown");
        try {
            c.prepShutdown(core.fd, how);
        } catch (RuntimeException e) {
            throw controlOp.abandon(e);
        }
        controlOp.await(Timeouts.NONE, null);
    }

    // ------------------------------------------------------------------ options, timeouts

    /** SO_RCVBUF (the kernel doubles it for its bookkeeping, as socket(7) says). */
    public void setReceiveBufferSize(int bytes) throws IOException {
        DescriptorCalls.setOption(core, SockOpt.SO_RCVBUF, positive(bytes, "receive buffer size"));
    }

    public int receiveBufferSize() throws IOException {
        return DescriptorCalls.option(core, SockOpt.SO_RCVBUF);
    }

    public void setSendBufferSize(int bytes) throws IOException {
        DescriptorCalls.setOption(core, SockOpt.SO_SNDBUF, positive(bytes, "send buffer size"));
    }

    public int sendBufferSize() throws IOException {
        return DescriptorCalls.option(core, SockOpt.SO_SNDBUF);
    }

    private static int positive(int v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + v);
        }
        return v;
    }

    /** Default timeout of reads without their own (null or zero: none). */
    public void setReadTimeout(Duration timeout) {
        readTimeoutNs = Timeouts.toNanos(timeout);
    }

    /** Default timeout of writes without their own (null or zero: none). */
    public void setWriteTimeout(Duration timeout) {
        writeTimeoutNs = Timeouts.toNanos(timeout);
    }

    // ------------------------------------------------------------------ adapters, registration, lifecycle

    /** A blocking {@link InputStream} over this stream (closing it closes the stream). */
    public InputStream inputStream() {
        return ChannelStreams.input(this);
    }

    /** A blocking {@link OutputStream} over this stream, unbuffered (closing it closes the stream). */
    public OutputStream outputStream() {
        return ChannelStreams.output(this);
    }

    /**
     * Registers this socket at one index of the runtime's registered-file tables ({@code Runtime.registerFile}):
     * its receives and sends then name the index, and on io_uring the kernel skips the file lookup and reference
     * count of each. Worth it for busy, long-lived connections; the tables hold a bounded number
     * ({@code RuntimeBuilder.registeredFileSlots}). Soft: returns false, and the stream goes on with its
     * descriptor, when the tables are full, disabled or refused. {@link #close} unregisters once pending
     * operations ended, before it closes the descriptor. Idempotent; blocking (parks), not on an event-loop
     * thread.
     *
     * @return whether the stream is registered
     * @throws java.nio.channels.ClosedChannelException when the stream is closed
     */
    public boolean register() throws IOException {
        return core.registerFile();
    }

    /** True while the stream holds a registered-file index ({@link #register()}). */
    public boolean isRegistered() {
        return core.isRegistered();
    }

    /** The worker whose loop owns this socket. */
    public int worker() {
        return core.worker;
    }

    /** The backend descriptor (for the loop-level API on {@link #worker()}'s loop). */
    public int fd() {
        return core.fd;
    }

    /** False once closed, or once its runtime's close has finished (which closed every socket of it). */
    @Override
    public boolean isOpen() {
        return !core.isClosed() && !core.loops.runtimeTerminated();
    }

    /** Closes the stream; pending operations fail with {@link java.nio.channels.AsynchronousCloseException}. */
    @Override
    public void close() throws IOException {
        core.close();
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // best effort on an error path; the original failure is what the caller needs
        }
    }

}
