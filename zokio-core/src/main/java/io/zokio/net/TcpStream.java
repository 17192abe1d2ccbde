package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.SockOpt;
import io.zokio.runtime.Runtime;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
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
 * <p>A connected TCP socket owned by one worker's event loop (see {@link #worker()}). Every operation takes an
 * optional timeout (the stream's default read or write timeout when none is given); a timed-out operation
 * fails with {@link java.net.SocketTimeoutException} after the kernel gave its buffer back, and the stream
 * stays usable. Kernel failures are {@link io.zokio.sys.ErrnoException}s naming the operation and errno.
 *
 * <p>Buffers: native {@link MemorySegment}s and direct {@link ByteBuffer}s are handed to the kernel as they
 * are; heap buffers go through a per-direction native staging buffer (one copy) that grows with the largest
 * request, in powers of two from 4 KiB to {@value #STAGING_BYTES} bytes (at most that many bytes per call). A
 * read into a read-only buffer throws {@link java.nio.ReadOnlyBufferException}; a negative timeout,
 * {@link IllegalArgumentException}.
 */
public final class TcpStream implements ByteChannel, ScatteringByteChannel, GatheringByteChannel {
    /** Staging bytes per direction for heap buffers. */
    public static final int STAGING_BYTES = 64 * 1024;

    final SocketCore core;
    private final NetOp readOp;
    private final NetOp writeOp;
    final NetOp controlOp;
    private final StreamBuffers buffers = new StreamBuffers();
    private volatile long readTimeoutNs;
    private volatile long writeTimeoutNs;

    TcpStream(Loops loops, int worker, int fd) {
        this.core = new SocketCore(loops, worker, fd);
        this.readOp = new NetOp(core, "recv");
        this.writeOp = new NetOp(core, "send");
        this.controlOp = new NetOp(core, "connect");
    }

    // ------------------------------------------------------------------ connect

    /** Connects on the current task's runtime, without a timeout. */
    public static TcpStream connect(InetSocketAddress address) throws IOException {
        return connect(Loops.currentRuntime(), address, null);
    }

    /**
     * Connects to {@code address} (resolved) on a worker of {@code rt} (the caller's own when it runs on one,
     * else round robin). {@code timeout} null or zero: none.
     *
     * @throws java.net.SocketTimeoutException when the timeout passed first
     * @throws io.zokio.sys.ErrnoException e.g. ECONNREFUSED
     */
    public static TcpStream connect(Runtime rt, InetSocketAddress address, Duration timeout) throws IOException {
        return TcpConnector.connect(rt, address, timeout);
    }

    /** Async connect: the future completes on the socket's loop thread. */
    public static CompletableFuture<TcpStream> connectAsync(Runtime rt, InetSocketAddress address, Duration timeout) {
        return TcpConnector.connectAsync(rt, address, timeout);
    }

    /** Runs a prep; on failure releases the claimed op so that the stream stays usable. */
    static void prep(NetOp op, Runnable prep) {
        try {
            prep.run();
        } catch (RuntimeException e) {
            op.abandon();
            throw e;
        }
    }

    // ------------------------------------------------------------------ read

    /** Reads into {@code dst}; returns the bytes read, or -1 at end of stream. Default read timeout. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, readTimeoutNs);
    }

    /** As {@link #read(ByteBuffer)} with its own timeout (null or zero: none). */
    public int read(ByteBuffer dst, Duration timeout) throws IOException {
        return read(dst, Timeouts.toNanos(timeout));
    }

    private int read(ByteBuffer dst, long timeoutNs) throws IOException {
        StreamBuffers.checkReadable(dst);
        if (!dst.hasRemaining()) {
            return 0;
        }
        Completion c = readOp.begin();
        MemorySegment seg;
        try {
            seg = dst.isDirect() ? MemorySegment.ofBuffer(dst) : buffers.readStaging(dst.remaining());
            c.prepRecv(core.fd, seg, 0);
        } catch (RuntimeException e) {
            readOp.abandon();
            throw e;
        }
        int n = readOp.await(timeoutNs, null);
        if (n == 0) {
            return -1;
        }
        buffers.completeRead(dst, n);
        return n;
    }

    /** Reads into a native segment (whole size); returns bytes read, or -1 at end of stream. Zero copy. */
    public int read(MemorySegment dst, Duration timeout) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.byteSize() == 0) {
            return 0;
        }
        Completion c = readOp.begin();
        prep(readOp, () -> c.prepRecv(core.fd, dst, 0));
        int n = readOp.await(Timeouts.toNanos(timeout), null);
        return n == 0 ? -1 : n;
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
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(dsts, "dsts").length);
        MemorySegment[] segs = StreamBuffers.directSegments(dsts, offset, length, true);
        if (segs == null) {
            // heap buffers: one read into the first buffer with room (the JDK's contract allows short reads)
            for (int i = offset; i < offset + length; i++) {
                if (dsts[i].hasRemaining()) {
                    return read(dsts[i]);
                }
            }
            return 0;
        }
        if (segs.length == 0) {
            return 0;
        }
        Completion c = readOp.begin();
        prep(readOp, () -> c.prepReadv(core.fd, segs, Completion.OFFSET_CURRENT));
        int n = readOp.await(readTimeoutNs, null);
        if (n == 0) {
            return -1;
        }
        StreamBuffers.advance(dsts, offset, length, n);
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /** Async read; the future gives the bytes read or -1 at end of stream. */
    public CompletableFuture<Integer> readAsync(ByteBuffer dst, Duration timeout) {
        StreamBuffers.checkReadable(dst);
        long ns = Timeouts.toNanos(timeout);
        if (!dst.hasRemaining()) {
            return CompletableFuture.completedFuture(0);
        }
        Completion c;
        try {
            c = readOp.begin();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        MemorySegment seg;
        try {
            seg = dst.isDirect() ? MemorySegment.ofBuffer(dst) : buffers.readStaging(dst.remaining());
            c.prepRecv(core.fd, seg, 0);
        } catch (RuntimeException e) {
            readOp.abandon();
            throw e;
        }
        return readOp.async(ns, null).thenApply(n -> {
            if (n == 0) {
                return -1;
            }
            buffers.completeRead(dst, n);
            return n;
        });
    }

    // ------------------------------------------------------------------ write

    /** Writes some of {@code src} (at least one byte unless empty); returns the bytes written. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return write(src, writeTimeoutNs);
    }

    public int write(ByteBuffer src, Duration timeout) throws IOException {
        return write(src, Timeouts.toNanos(timeout));
    }

    private int write(ByteBuffer src, long timeoutNs) throws IOException {
        Objects.requireNonNull(src, "src");
        if (!src.hasRemaining()) {
            return 0;
        }
        Completion c = writeOp.begin();
        try {
            MemorySegment seg = src.isDirect() ? MemorySegment.ofBuffer(src) : buffers.writeStaging(src);
            c.prepSend(core.fd, seg, 0);
        } catch (RuntimeException e) {
            writeOp.abandon();
            throw e;
        }
        int n = writeOp.await(timeoutNs, null);
        src.position(src.position() + n);
        return n;
    }

    /** Writes a native segment (whole size); returns bytes written (may be short). Zero copy. */
    public int write(MemorySegment src, Duration timeout) throws IOException {
        Objects.requireNonNull(src, "src");
        if (src.byteSize() == 0) {
            return 0;
        }
        Completion c = writeOp.begin();
        prep(writeOp, () -> c.prepSend(core.fd, src, 0));
        return writeOp.await(Timeouts.toNanos(timeout), null);
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
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(srcs, "srcs").length);
        MemorySegment[] segs = StreamBuffers.directSegments(srcs, offset, length, false);
        if (segs == null) {
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    return write(srcs[i]);
                }
            }
            return 0;
        }
        if (segs.length == 0) {
            return 0;
        }
        Completion c = writeOp.begin();
        prep(writeOp, () -> c.prepWritev(core.fd, segs, Completion.OFFSET_CURRENT));
        int n = writeOp.await(writeTimeoutNs, null);
        StreamBuffers.advance(srcs, offset, length, n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Async write of some of {@code src}; the future gives the bytes written. */
    public CompletableFuture<Integer> writeAsync(ByteBuffer src, Duration timeout) {
        Objects.requireNonNull(src, "src");
        long ns = Timeouts.toNanos(timeout);
        if (!src.hasRemaining()) {
            return CompletableFuture.completedFuture(0);
        }
        Completion c;
        try {
            c = writeOp.begin();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            MemorySegment seg = src.isDirect() ? MemorySegment.ofBuffer(src) : buffers.writeStaging(src);
            c.prepSend(core.fd, seg, 0);
        } catch (RuntimeException e) {
            writeOp.abandon();
            throw e;
        }
        return writeOp.async(ns, null).thenApply(n -> {
            src.position(src.position() + n);
            return n;
        });
    }

    /** Async write of all of {@code src}. */
    public CompletableFuture<Void> writeAllAsync(ByteBuffer src, Duration timeout) {
        return writeAsync(src, timeout).thenCompose(n -> src.hasRemaining()
                ? writeAllAsync(src, timeout) : CompletableFuture.completedFuture(null));
    }

    /** recv(2) flags for the idle probe. */
    private static final int MSG_PEEK = 0x2;
    private static final int MSG_DONTWAIT = 0x40;

    /**
     * Health probe of an idle stream: a non-blocking one-byte {@code MSG_PEEK}. Healthy when it would block
     * (EAGAIN): the peer neither closed, reset nor sent bytes nobody asked for.
     */
    boolean probeIdle() throws IOException {
        if (!isOpen()) {
            return false;
        }
        Completion c = readOp.begin("probe");
        MemorySegment one = buffers.readStaging(1);
        prep(readOp, () -> c.prepRecv(core.fd, one, MSG_PEEK | MSG_DONTWAIT));
        try {
            readOp.await(Timeouts.NONE, null);
            return false; // 0: end of stream; > 0: unexpected bytes
        } catch (io.zokio.sys.ErrnoException e) {
            return e.errno() == io.zokio.sys.Errno.EAGAIN;
        }
    }

    // ------------------------------------------------------------------ zero-copy

    /**
     * Sends bytes {@code [offset, offset + length)} of the file {@code fileFd} without copying them through
     * user memory (io_uring: splice through a pipe; NIO: {@code FileChannel.transferTo}, i.e. sendfile).
     * {@code fileFd} is a loop descriptor opened on this stream's {@link #worker()} (e.g. an OPENAT through
     * {@code Runtime.submitAndAwait(stream.worker(), ...)}). Returns when all was sent.
     *
     * @throws EOFException when the file ends before {@code offset + length}
     */
    public void sendFile(int fileFd, long offset, long length, Duration timeout) throws IOException {
        if (fileFd < 0 || offset < 0 || length < 0) {
            throw new IllegalArgumentException("fileFd, offset and length must not be negative: " + fileFd + ", "
                    + offset + ", " + length);
        }
        long ns = Timeouts.toNanos(timeout);
        long pos = offset;
        long left = length;
        while (left > 0) {
            int chunk = (int) Math.min(left, SENDFILE_CHUNK_BYTES);
            long at = pos;
            Completion c = writeOp.begin("sendfile");
            prep(writeOp, () -> c.prepSendFile(core.fd, fileFd, at, chunk));
            int n = writeOp.await(ns, null);
            if (n == 0) {
                throw new EOFException("file ended at offset " + pos + " with " + left + " bytes still to send");
            }
            pos += n;
            left -= n;
        }
    }

    /** Receives data chunks of {@link #readEach}, on the stream's loop thread. */
    @FunctionalInterface
    public interface DataHandler {
        /**
         * One received chunk: {@code data} lies in buffer {@code bufferId} of the group, which the handler now
         * holds and must give back with {@code group.release(bufferId)} (on the loop thread, now or later; while
         * it holds every buffer, receiving pauses). Must not block.
         *
         * @return true to keep receiving, false to stop
         */
        boolean onData(MemorySegment data, int bufferId);
    }

    /**
     * Receives continuously with one multishot receive into {@code group}'s buffers (io_uring: a provided buffer
     * ring; emulated on NIO), calling {@code handler} on the loop thread for each chunk: no submission per read,
     * bounded memory, back-pressure when the handler holds every buffer. The read side stays claimed until the
     * returned future completes: normally at end of stream or when the handler returns false, with
     * {@link java.nio.channels.AsynchronousCloseException} when the stream closes, else with the error.
     * {@code group} must belong to this stream's worker ({@link #openBufferGroup}).
     *
     * @throws IllegalArgumentException if {@code group} belongs to another worker's loop
     */
    public CompletableFuture<Void> readEach(io.zokio.loop.BufferGroup group, DataHandler handler) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(handler, "handler");
        if (!group.belongsTo(core.loop)) {
            // another loop's group is that loop's alone (its buffer ring, its thread): refilling it from here
            // would race with its owner
            throw new IllegalArgumentException("the buffer group belongs to another worker's loop: open it with "
                    + "this stream's openBufferGroup");
        }
        try {
            readOp.begin("recv");
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        MultishotRecv m = new MultishotRecv(core, readOp, group, handler);
        if (core.loops.onLoopThread(core.worker)) {
            m.start();
        } else {
            try {
                core.loop.execute(m::start);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                readOp.abandon();
                return CompletableFuture.failedFuture(new IOException("runtime is shut down", e));
            }
        }
        return m.done();
    }

    /**
     * Opens a {@link io.zokio.loop.BufferGroup} of {@code count} (a power of two) buffers of {@code bufferBytes}
     * on this stream's worker, for {@link #readEach}; several streams of the worker may share it. Close it with
     * {@link #closeBufferGroup} once no receive uses it.
     */
    public io.zokio.loop.BufferGroup openBufferGroup(int count, int bufferBytes) throws IOException {
        return core.loops.call(core.worker, loop -> io.zokio.loop.BufferGroup.open(loop, count, bufferBytes));
    }

    /** Closes a group opened with {@link #openBufferGroup} (on its loop). */
    public void closeBufferGroup(io.zokio.loop.BufferGroup group) throws IOException {
        Objects.requireNonNull(group, "group");
        core.loops.call(core.worker, loop -> {
            group.close();
            return null;
        });
    }

    /** Largest single SENDFILE: bounds one operation's time in the kernel (and the NIO loop's transferTo). */
    private static final int SENDFILE_CHUNK_BYTES = 1 << 20;

    /**
     * Zero-copy send of a native segment (io_uring {@code SEND_ZC}; a plain send on NIO): returns once the kernel
     * no longer reads {@code src}. Worth it for large buffers only (tens of KiB and up). Returns bytes sent.
     */
    public int sendZeroCopy(MemorySegment src, Duration timeout) throws IOException {
        Objects.requireNonNull(src, "src");
        if (src.byteSize() == 0) {
            return 0;
        }
        Completion c = writeOp.begin("send_zc");
        prep(writeOp, () -> c.prepSendZc(core.fd, src, 0));
        return writeOp.await(Timeouts.toNanos(timeout), null);
    }

    // ------------------------------------------------------------------ half-close, options, adapters

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
        prep(controlOp, () -> c.prepShutdown(core.fd, how));
        controlOp.await(Timeouts.NONE, null);
    }

    public void setNoDelay(boolean on) throws IOException {
        setOption(SockOpt.TCP_NODELAY, on ? 1 : 0);
    }

    public boolean noDelay() throws IOException {
        return option(SockOpt.TCP_NODELAY) != 0;
    }

    public void setKeepAlive(boolean on) throws IOException {
        setOption(SockOpt.SO_KEEPALIVE, on ? 1 : 0);
    }

    public boolean keepAlive() throws IOException {
        return option(SockOpt.SO_KEEPALIVE) != 0;
    }

    public void setReceiveBufferSize(int bytes) throws IOException {
        setOption(SockOpt.SO_RCVBUF, positive(bytes, "receive buffer size"));
    }

    public int receiveBufferSize() throws IOException {
        return option(SockOpt.SO_RCVBUF);
    }

    public void setSendBufferSize(int bytes) throws IOException {
        setOption(SockOpt.SO_SNDBUF, positive(bytes, "send buffer size"));
    }

    public int sendBufferSize() throws IOException {
        return option(SockOpt.SO_SNDBUF);
    }

    /** SO_LINGER: null turns lingering off; zero makes close reset the connection (RST). */
    public void setLinger(Duration linger) throws IOException {
        if (linger != null && linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative: " + linger);
        }
        setOption(SockOpt.SO_LINGER, linger == null ? -1 : (int) Math.min(Integer.MAX_VALUE, linger.toSeconds()));
    }

    /** Linger seconds, or -1 when off. */
    public int linger() throws IOException {
        return option(SockOpt.SO_LINGER);
    }

    private static int positive(int v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + v);
        }
        return v;
    }

    void setOption(SockOpt opt, int value) throws IOException {
        checkOpen();
        core.loops.call(core.worker, loop -> {
            loop.setSocketOption(core.fd, opt, value);
            return null;
        });
    }

    int option(SockOpt opt) throws IOException {
        checkOpen();
        return core.loops.call(core.worker, loop -> loop.getSocketOption(core.fd, opt));
    }

    public InetSocketAddress localAddress() throws IOException {
        checkOpen();
        return core.loops.call(core.worker, loop -> loop.localAddress(core.fd));
    }

    public InetSocketAddress remoteAddress() throws IOException {
        checkOpen();
        return core.loops.call(core.worker, loop -> loop.remoteAddress(core.fd));
    }

    private void checkOpen() throws java.nio.channels.ClosedChannelException {
        if (core.isClosed()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }

    /** Default timeout of reads without their own (null or zero: none). */
    public void setReadTimeout(Duration timeout) {
        readTimeoutNs = Timeouts.toNanos(timeout);
    }

    /** Default timeout of writes without their own (null or zero: none). */
    public void setWriteTimeout(Duration timeout) {
        writeTimeoutNs = Timeouts.toNanos(timeout);
    }

    /** A blocking {@link InputStream} over this stream (closing it closes the stream). */
    public InputStream inputStream() {
        return new StreamAdapters.In(this);
    }

    /** A blocking {@link OutputStream} over this stream, unbuffered (closing it closes the stream). */
    public OutputStream outputStream() {
        return new StreamAdapters.Out(this);
    }

    // ------------------------------------------------------------------ registered files (issue 4 item 3)

    /** Serializes {@link #register()} calls. */
    private final Object registering = new Object();

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
        checkOpen();
        synchronized (registering) {
            if (core.isRegistered()) {
                return true;
            }
            Runtime rt = core.loops.runtime;
            int index = rt.registerFile(core.fd);
            if (index < 0) {
                return false;
            }
            boolean adopted;
            try {
                adopted = core.loops.call(core.worker, loop -> core.adoptSlot(index));
            } catch (IOException | RuntimeException e) {
                rt.unregisterFile(index);
                throw e;
            }
            if (!adopted) { // closed meanwhile: the close protocol never saw the index
                rt.unregisterFile(index);
                checkOpen();
                return false;
            }
            return true;
        }
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

    @Override
    public boolean isOpen() {
        return !core.isClosed();
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

    @Override
    public String toString() {
        return "TcpStream[fd=" + core.fd + ", worker=" + core.worker + (isOpen() ? "" : ", closed") + "]";
    }
}
