package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.loop.InlineSocketCalls;
import io.zokio.loop.internal.SharedSegments;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * <b>Threading:</b> one writer at a time: every write claims {@link #op} first (a second concurrent write gets
 * {@link IllegalStateException}), and the write half of the staging buffers is touched only while that claim
 * is held. Blocking methods park the caller (not on an event-loop thread); async futures complete on the
 * stream's loop thread.
 *
 * <p>The write side of a {@link SocketStream}: sends, vectored writes, file sends and zero-copy sends. As on the
 * read side ({@link StreamReads}), a write is a {@code start} step (validate, claim, prep; heap buffers are
 * copied into native staging) and an {@code end} step (advance the buffer over the bytes written), shared by
 * the blocking and the async form, which differ only in how they wait for the {@link NetOp}.
 */
final class StreamWrites {
    /** Largest single SENDFILE: bounds one operation's time in the kernel (and the NIO loop's transferTo). */
    private static final int SENDFILE_CHUNK_BYTES = 1 << 20;

    private final SocketCore core;
    private final NetOp op;
    private final StreamBuffers buffers;

    StreamWrites(SocketCore core, StreamBuffers buffers) {
        this.core = core;
        this.op = new NetOp(core, "send");
        this.buffers = buffers;
    }

    /** True while a write is pending (claimed and not yet settled). */
    boolean busy() {
        return op.isBusy();
    }

    // ------------------------------------------------------------------ from a ByteBuffer

    /**
     * Blocking write of some of {@code src} (at least one byte unless empty): bytes written. Sent from the
     * caller's thread when the caller runs on a worker whose backend offers {@link InlineSocketCalls} and the socket's
     * buffer has room; through the loop otherwise.
     */
    int write(ByteBuffer src, long timeoutNs) throws IOException {
        int sent = sendInline(src);
        if (sent > 0) {
            return sent;
        }
        if (!startWrite(src)) {
            return 0;
        }
        return endWrite(src, op.await(timeoutNs, null));
    }

    /** {@link SocketStream#tryWrite}: the inline send alone. */
    int tryWrite(ByteBuffer src) throws ClosedChannelException {
        core.checkOpen();
        if (Objects.requireNonNull(src, "src").isDirect()) {
            StreamBuffers.liveSegment(src); // refused on every backend, not only where a send is tried
        }
        return sendInline(src);
    }

    /**
     * Sends what the socket's buffer takes now, on the caller's thread; 0 when nothing was sent (the caller is
     * not on a worker, the backend offers no inline sends, the caller is interrupted, the buffer is full, or the
     * send failed: the usual operation then runs and reports any error the same way as always).
     */
    private int sendInline(ByteBuffer src) throws ClosedChannelException {
        InlineSocketCalls calls = op.claimInline(Objects.requireNonNull(src, "src"));
        if (calls == null) {
            return 0;
        }
        try {
            MemorySegment seg = src.isDirect() ? StreamBuffers.liveSegment(src) : buffers.writeStaging(src);
            long n = calls.sendNow(core.fd, seg, seg.byteSize());
            if (n <= 0) {
                return 0;
            }
            core.noteInlineTransfer(false);
            return endWrite(src, (int) n);
        } finally {
            op.endInline();
        }
    }

    /** Async write of some of {@code src}; the future gives the bytes written. */
    CompletableFuture<Integer> writeAsync(ByteBuffer src, long timeoutNs) {
        try {
            if (!startWrite(src)) {
                return CompletableFuture.completedFuture(0);
            }
        } catch (ClosedChannelException e) {
            return CompletableFuture.failedFuture(e);
        }
        return op.async(timeoutNs, null).thenApply(n -> endWrite(src, n));
    }

    /**
     * Callback-style write of some of {@code src}: {@code done} runs on the loop thread once the send settled,
     * after {@code src} advanced over the bytes written (at once with 0 when {@code src} is empty, with the
     * failure when the stream is closed). A heap buffer's bytes are copied into staging before this returns.
     */
    void writeAsync(ByteBuffer src, long timeoutNs, SocketStream.IoCallback done) {
        Objects.requireNonNull(done, "done");
        boolean started;
        try {
            started = startWrite(src);
        } catch (ClosedChannelException e) {
            done.completed(0, e);
            return;
        }
        if (!started) {
            done.completed(0, null);
            return;
        }
        op.callback(timeoutNs, src, done);
    }

    /** Claims the op and preps a send of {@code src}; false (nothing claimed) when it is empty. */
    private boolean startWrite(ByteBuffer src) throws ClosedChannelException {
        Objects.requireNonNull(src, "src");
        if (!src.hasRemaining()) {
            return false;
        }
        Completion c = op.begin();
        try {
            // staging only under the claim: the previous write's staging is settled
            MemorySegment seg = src.isDirect() ? MemorySegment.ofBuffer(src) : buffers.writeStaging(src);
            c.prepSend(core.fd, seg, 0);
        } catch (RuntimeException e) {
            throw op.abandon(e);
        }
        return true;
    }

    private static int endWrite(ByteBuffer src, int n) {
        src.position(src.position() + n);
        return n;
    }

    // ------------------------------------------------------------------ from a segment, gathering

    /** Blocking send of all of {@code src} in one operation (zero copy): bytes written, maybe short. */
    int write(MemorySegment src, Duration timeout) throws IOException {
        return sendSegment(src, timeout, false);
    }

    /** Blocking zero-copy send (io_uring {@code SEND_ZC}): returns once the kernel is done reading {@code src}. */
    int sendZeroCopy(MemorySegment src, Duration timeout) throws IOException {
        return sendSegment(src, timeout, true);
    }

    private int sendSegment(MemorySegment src, Duration timeout, boolean zeroCopy) throws IOException {
        SharedSegments.requireShareable(src, "src");
        if (src.byteSize() == 0) {
            return 0;
        }
        long ns = Timeouts.toNanos(timeout);
        Completion c = zeroCopy ? op.begin("send_zc") : op.begin();
        try {
            if (zeroCopy) {
                c.prepSendZc(core.fd, src, 0);
            } else {
                c.prepSend(core.fd, src, 0);
            }
        } catch (RuntimeException e) {
            throw op.abandon(e);
        }
        return op.await(ns, null);
    }

    /**
     * Blocking gathering write: direct buffers in one vectored write; with any heap buffer, one write from the
     * first buffer with bytes left. Bytes written.
     */
    long write(ByteBuffer[] srcs, int offset, int length, long timeoutNs) throws IOException {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(srcs, "srcs").length);
        MemorySegment[] segs = StreamBuffers.directSegments(srcs, offset, length, false);
        if (segs == null) {
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    return write(srcs[i], timeoutNs);
                }
            }
            return 0;
        }
        if (segs.length == 0) {
            return 0;
        }
        Completion c = op.begin();
        try {
            c.prepWritev(core.fd, segs, Completion.OFFSET_CURRENT);
        } catch (RuntimeException e) {
            throw op.abandon(e);
        }
        int n = op.await(timeoutNs, null);
        StreamBuffers.advance(srcs, offset, length, n);
        return n;
    }

    // ------------------------------------------------------------------ file

    /** Blocking send of bytes {@code [offset, offset + length)} of {@code fileFd}; see {@link TcpStream#sendFile}. */
    void sendFile(int fileFd, long offset, long length, Duration timeout) throws IOException {
        if (fileFd < 0 || offset < 0 || length < 0) {
            throw new IllegalArgumentException("fileFd, offset and length must not be negative: " + fileFd + ", "
                    + offset + ", " + length);
        }
        long ns = Timeouts.toNanos(timeout);
        long pos = offset;
        long left = length;
        while (left > 0) {
            int chunk = (int) Math.min(left, SENDFILE_CHUNK_BYTES);
            Completion c = op.begin("sendfile");
            try {
                c.prepSendFile(core.fd, fileFd, pos, chunk);
            } catch (RuntimeException e) {
                throw op.abandon(e);
            }
            int n = op.await(ns, null);
            if (n == 0) {
                throw new EOFException("file ended at offset " + pos + " with " + left + " bytes still to send");
            }
            pos += n;
            left -= n;
        }
    }
}
