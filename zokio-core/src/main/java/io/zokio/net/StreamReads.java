package io.zokio.net;

import io.zokio.loop.BufferGroup;
import io.zokio.loop.Completion;
import io.zokio.loop.InlineSocketCalls;
import io.zokio.loop.internal.SharedSegments;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * <b>Threading:</b> one reader at a time: every read claims {@link #op} first (a second concurrent read gets
 * {@link IllegalStateException}), and the read half of the staging buffers is touched only while that claim is
 * held. Blocking methods park the caller (not on an event-loop thread); async futures complete on the stream's
 * loop thread.
 *
 * <p>The read side of a {@link SocketStream}. Each kind of read is written once, as a {@code start} step that
 * validates the arguments, claims the op and preps the completion (heap buffers receive into native staging),
 * and an {@code end} step that turns the byte count into the caller's value (0 bytes: end of stream, -1;
 * staging copied out; positions advanced). The blocking and the async form of a read call the same two steps
 * and differ only in the wait between them: {@link NetOp#await} parks, {@link NetOp#async} completes a future.
 * Errno, timeout, close and interrupt outcomes are mapped by the {@link NetOp} for both.
 *
 * <p>The blocking path allocates no per-operation object of its own: the op, its completions and the staging
 * are reused, and no lambda or future is created (only {@link MemorySegment#ofBuffer} for a direct buffer).
 */
final class StreamReads {
    /** recv(2) flags of the idle probe. */
    private static final int MSG_PEEK = 0x2;
    private static final int MSG_DONTWAIT = 0x40;

    private final SocketCore core;
    private final NetOp op;
    private final StreamBuffers buffers;
    /** Bytes the current read into a buffer asked for (owned by the claim holder). */
    private long asked;
    /** The last read into a buffer filled what it asked for: more is likely waiting (owned by the reader). */
    private boolean moreLikely;

    StreamReads(SocketCore core, StreamBuffers buffers) {
        this.core = core;
        this.op = new NetOp(core, "recv");
        this.buffers = buffers;
    }

    /** True while a read is pending (claimed and not yet settled). */
    boolean busy() {
        return op.isBusy();
    }

    // ------------------------------------------------------------------ into a ByteBuffer

    /**
     * Blocking read into {@code dst}: bytes read, or -1 at end of stream. After a read that filled what it asked
     * for, tries a receive on the caller's thread first (see the package documentation).
     */
    int read(ByteBuffer dst, long timeoutNs) throws IOException {
        if (moreLikely) {
            int n = recvInline(dst);
            if (n != 0) {
                return n;
            }
        }
        if (!startRead(dst)) {
            return 0;
        }
        return endRead(dst, op.await(timeoutNs, null));
    }

    /**
     * Receives what is waiting now, on the caller's thread: bytes read, -1 at end of stream, or 0 when nothing
     * was received (not on a worker, no inline calls, interrupted, nothing waiting, or an error that the usual
     * operation then reports).
     */
    private int recvInline(ByteBuffer dst) throws ClosedChannelException {
        StreamBuffers.checkReadable(dst);
        InlineSocketCalls calls = op.claimInline(dst);
        if (calls == null) {
            return 0;
        }
        try {
            MemorySegment seg = dst.isDirect() ? StreamBuffers.liveSegment(dst)
                    : buffers.readStaging(dst.remaining());
            asked = seg.byteSize();
            long n = calls.recvNow(core.fd, seg, asked);
            if (n < 0) {
                moreLikely = false;
                return 0;
            }
            if (n > 0) {
                core.noteInlineTransfer(true);
            }
            return endRead(dst, (int) n);
        } finally {
            op.endInline();
        }
    }

    /** Async read into {@code dst}; the future gives the bytes read, or -1 at end of stream. */
    CompletableFuture<Integer> readAsync(ByteBuffer dst, long timeoutNs) {
        try {
            if (!startRead(dst)) {
                return CompletableFuture.completedFuture(0);
            }
        } catch (ClosedChannelException e) {
            return CompletableFuture.failedFuture(e);
        }
        return op.async(timeoutNs, null).thenApply(n -> endRead(dst, n));
    }

    /** Claims the op and preps a receive into {@code dst}; false (nothing claimed) when it has no room. */
    private boolean startRead(ByteBuffer dst) throws ClosedChannelException {
        StreamBuffers.checkReadable(dst);
        if (!dst.hasRemaining()) {
            return false;
        }
        Completion c = op.begin();
        try {
            // staging only under the claim: the previous read's staging is settled
            MemorySegment seg = dst.isDirect() ? MemorySegment.ofBuffer(dst) : buffers.readStaging(dst.remaining());
            asked = seg.byteSize();
            c.prepRecv(core.fd, seg, 0);
        } catch (RuntimeException e) {
            throw op.abandon(e);
        }
        return true;
    }

    private int endRead(ByteBuffer dst, int n) {
        moreLikely = n == asked;
        if (n == 0) {
            return -1;
        }
        buffers.completeRead(dst, n);
        return n;
    }

    // ------------------------------------------------------------------ into a segment, scattering

    /** Blocking read into all of {@code dst} (zero copy): bytes read, or -1 at end of stream. */
    int read(MemorySegment dst, Duration timeout) throws IOException {
        SharedSegments.requireShareable(dst, "dst");
        if (dst.byteSize() == 0) {
            return 0;
        }
        long ns = Timeouts.toNanos(timeout);
        Completion c = op.begin();
        try {
            c.prepRecv(core.fd, dst, 0);
        } catch (RuntimeException e) {
            throw op.abandon(e);
        }
        int n = op.await(ns, null);
        return n == 0 ? -1 : n;
    }

    /**
     * Blocking scattering read: direct buffers in one vectored read; with any heap buffer, one read into the
     * first buffer with room (the channel contract allows short reads). Bytes read, or -1 at end of stream.
     */
    long read(ByteBuffer[] dsts, int offset, int length, long timeoutNs) throws IOException {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(dsts, "dsts").length);
        MemorySegment[] segs = StreamBuffers.directSegments(dsts, offset, length, true);
        if (segs == null) {
            for (int i = offset; i < offset + length; i++) {
                if (dsts[i].hasRemaining()) {
                    return read(dsts[i], timeoutNs);
                }
            }
            return 0;
        }
        if (segs.length == 0) {
            return 0;
        }
        Completion c = op.begin();
        try {
            c.prepReadv(core.fd, segs, Completion.OFFSET_CURRENT);
        } catch (RuntimeException e) {
            throw op.abandon(e);
        }
        int n = op.await(timeoutNs, null);
        if (n == 0) {
            return -1;
        }
        StreamBuffers.advance(dsts, offset, length, n);
        return n;
    }

    // ------------------------------------------------------------------ probe, multishot

    /**
     * A non-blocking one-byte {@code MSG_PEEK}: true when it would block (EAGAIN), i.e. the peer neither closed,
     * reset nor sent bytes nobody asked for.
     */
    boolean probeIdle() throws IOException {
        Completion c = op.begin("probe");
        try {
            c.prepRecv(core.fd, buffers.readStaging(1), MSG_PEEK | MSG_DONTWAIT);
        } catch (RuntimeException e) {
            throw op.abandon(e);
        }
        try {
            op.await(Timeouts.NONE, null);
            return false; // 0: end of stream; > 0: unexpected bytes
        } catch (ErrnoException e) {
            return e.errno() == Errno.EAGAIN;
        }
    }

    /** Claims the read side for a multishot receive into {@code group}; see {@link TcpStream#readEach}. */
    CompletableFuture<Void> readEach(BufferGroup group, TcpStream.DataHandler handler) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(handler, "handler");
        if (!group.belongsTo(core.loop)) {
            // another loop's group is that loop's alone (its buffer ring, its thread): refilling it from here
            // would race with its owner
            throw new IllegalArgumentException("the buffer group belongs to another worker's loop: open it with "
                    + "this stream's openBufferGroup");
        }
        try {
            op.begin("recv");
        } catch (ClosedChannelException e) {
            return CompletableFuture.failedFuture(e);
        }
        MultishotRecv m = new MultishotRecv(core, op, group, handler);
        if (core.loops.onLoopThread(core.worker)) {
            m.start();
        } else {
            try {
                core.loop.execute(m::start);
            } catch (RejectedExecutionException e) {
                op.abandon();
                return CompletableFuture.failedFuture(new io.zokio.runtime.RuntimeClosedException(e));
            }
        }
        return m.done();
    }
}
