package io.zokio.examples;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * <b>Threading:</b> loop-thread only (the owning {@link EchoServer}'s loop). Not thread-safe.
 *
 * <p>One echo connection: RECV up to {@link #BUFFER_BYTES} bytes, SEND them back until all are written, RECV again.
 *
 * <p>One {@link Completion} serves both directions because only one operation is ever in flight; the native
 * buffer is owned by the kernel while it is active. Objects are reused across connections by the server's
 * pool. Sends of a whole received chunk use a slice from a small per-length cache, so a steady stream of
 * same-sized messages allocates nothing; only a short write (the rest of a chunk) allocates a slice.
 */
final class EchoConnection implements Callback, EchoServer.Conn {
    /** The most bytes read per RECV. */
    static final int BUFFER_BYTES = 4096;
    private static final int SLICE_CACHE = 16; // direct-mapped by length; a power of two

    private final EchoServer server;
    private final MemorySegment buffer;
    private final MemorySegment[] sliceCache = new MemorySegment[SLICE_CACHE];
    private final Completion completion = new Completion();
    private int fd = -1;
    private int sendOffset;
    private int sendLength;

    EchoConnection(EchoServer server, Arena arena) {
        this.server = server;
        this.buffer = arena.allocate(BUFFER_BYTES, 64);
        completion.callback(this);
    }

    /** Starts serving {@code fd}. */
    @Override
    public void open(EventLoop loop, int fd) {
        this.fd = fd;
        recv(loop);
    }

    boolean isOpen() {
        return fd >= 0;
    }

    /** The completion of the operation in flight (for cancellation at shutdown). */
    @Override
    public Completion[] completions() {
        return new Completion[] {completion};
    }

    @Override
    public void releaseResources() {
        // the buffer belongs to the server's arena
    }

    int fd() {
        return fd;
    }

    private void recv(EventLoop loop) {
        completion.prepRecv(fd, buffer, 0);
        loop.submit(completion);
    }

    private void send(EventLoop loop) {
        completion.prepSend(fd, slice(sendOffset, sendLength - sendOffset), 0);
        loop.submit(completion);
    }

    @Override
    public Action onComplete(EventLoop loop, Completion c, int result) {
        if (server.isStopping()) {
            // cancelled (or finished) during shutdown: the server closes the descriptor once nothing is in flight
            return Action.DISARM;
        }
        if (result <= 0) {
            // 0: the peer closed; < 0: reset or another error. Either way the connection is over.
            closeAndRelease(loop);
            return Action.DISARM;
        }
        switch (c.op()) {
            case RECV -> {
                sendOffset = 0;
                sendLength = result;
                send(loop);
            }
            case SEND -> {
                sendOffset += result;
                if (sendOffset < sendLength) {
                    send(loop);
                } else {
                    recv(loop);
                }
            }
            default -> throw new IllegalStateException("unexpected operation " + c.op());
        }
        return Action.DISARM;
    }

    private MemorySegment slice(int offset, int length) {
        if (offset != 0) {
            return buffer.asSlice(offset, length); // short write: rare, allocation accepted
        }
        int i = length & (SLICE_CACHE - 1);
        MemorySegment s = sliceCache[i];
        if (s == null || s.byteSize() != length) {
            s = buffer.asSlice(0, length);
            sliceCache[i] = s;
        }
        return s;
    }

    /** Closes the descriptor now (at end of stream, or at shutdown once nothing is in flight). */
    @Override
    public void closeDescriptor(EventLoop loop) {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            try {
                loop.sockets().closeNow(f);
            } catch (IOException e) {
                server.log("close of connection fd " + f + " failed: " + e.getMessage());
            }
        }
    }

    private void closeAndRelease(EventLoop loop) {
        closeDescriptor(loop);
        release();
    }

    private void release() {
        server.release(this);
    }
}
