package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The NIO backend's per-completion scratch state, kept in {@code Backend.data(c)} and reused for every later
 * submission of the same completion: the cached {@link ByteBuffer} views of its buffers (so that a completion
 * resubmitted with the same segment allocates nothing) and, for file operations, the task the file pool runs.
 *
 * <p><b>Threading:</b> written by the loop thread before the op is handed to the pool (the executor's queue
 * publishes the writes to the pool thread); {@link #result} and the {@code opened*} fields are written by the
 * pool thread before it pushes this op onto the pool's done stack (the CAS there publishes them to the loop,
 * which pops with an acquiring exchange).
 */
final class NioOp implements Runnable {
    // ---- buffer views (loop thread) ----
    private MemorySegment viewedSegment;
    private ByteBuffer view;
    private MemorySegment[] viewedSegments = new MemorySegment[0];
    private ByteBuffer[] views = new ByteBuffer[0];

    // ---- file-pool task ----
    FilePool pool;
    Completion completion;
    /** The handle the op works on (null for OPENAT and path-based STATX). */
    Handle handle;
    /** OPENAT/STATX: the path resolved against its directory on the loop thread. */
    Path path;
    /** RENAMEAT: the new path, resolved like {@link #path}. */
    Path path2;
    ByteBuffer buffer;
    ByteBuffer[] buffers;
    int result;
    /** OPENAT: what the pool thread opened; the loop turns it into a handle. */
    FileChannel openedChannel;
    boolean openedDirectory;
    /** Set by the pool thread when {@link #result} is final (before the push that publishes it). */
    volatile boolean finished;
    /** Link of the pool's done stack. */
    NioOp nextDone;
    // ---- multishot, UDP and file transfers (loop thread) ----
    /** RECV_MULTISHOT: the buffer id the pending intermediate result filled, or -1. */
    int bid = -1;
    /** A multishot op was asked to stop (CANCEL while its result waited for delivery). */
    boolean stop;

    /**
     * A view of {@code segment} (position 0 or more, limit at its end), reused when the segment is the one seen
     * last time or a slice of it (an echo server sends {@code buffer.asSlice(0, n)} of the buffer it received
     * into: no allocation per message).
     */
    ByteBuffer view(MemorySegment segment) {
        if (segment == viewedSegment) {
            return view.clear();
        }
        long offset = viewedSegment == null ? -1 : offsetWithin(viewedSegment, segment);
        if (offset < 0) {
            view = segment.asByteBuffer();
            viewedSegment = segment;
            return view.clear();
        }
        return view.clear().limit((int) (offset + segment.byteSize())).position((int) offset);
    }

    /** Where {@code slice} starts inside {@code base}, or -1 when a view of base cannot stand for it. */
    private static long offsetWithin(MemorySegment base, MemorySegment slice) {
        if (!base.scope().equals(slice.scope()) || (base.isReadOnly() && !slice.isReadOnly())) {
            return -1; // another lifetime (base may be freed first), or a read-only view for a writable op
        }
        long offset = slice.address() - base.address();
        return offset >= 0 && offset + slice.byteSize() <= base.byteSize() ? offset : -1;
    }

    /** Cleared views of {@code segments}, rebuilding only the elements that changed since last time. */
    ByteBuffer[] views(MemorySegment[] segments) {
        int n = segments.length;
        if (views.length != n) {
            views = new ByteBuffer[n];
            viewedSegments = new MemorySegment[n];
        }
        for (int i = 0; i < n; i++) {
            MemorySegment s = segments[i];
            if (s != viewedSegments[i]) {
                views[i] = s.asByteBuffer();
                viewedSegments[i] = s;
            } else {
                views[i].clear();
            }
        }
        return views;
    }

    /** Drops references the finished op no longer needs (the views stay cached). */
    void clearTask() {
        completion = null;
        handle = null;
        path = null;
        path2 = null;
        buffer = null;
        buffers = null;
        openedChannel = null;
        nextDone = null;
    }

    /** Pool thread: runs the file operation and hands the result back to the loop. */
    @Override
    public void run() {
        pool.runTask(this);
    }
}
