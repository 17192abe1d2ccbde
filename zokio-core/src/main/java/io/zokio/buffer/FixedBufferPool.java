package io.zokio.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * <b>Threading:</b> any thread; {@link #acquire()} and {@link FixedBuffer#release()} take one short lock
 * (fixed buffers are few and long-lived, the lock is uncontended next to the I/O they do).
 *
 * <p>A fixed set of equal, page-aligned buffers carved from one allocation, meant to be registered with
 * io_uring as fixed buffers (IORING_REGISTER_BUFFERS): buffer {@code i} of the pool is registered as index
 * {@code i}, so READ_FIXED/WRITE_FIXED skip the per-operation page pinning. The pool itself knows nothing of
 * io_uring; {@code io.zokio.fs.FixedBuffers} registers {@link #segments()} with a runtime's rings.
 *
 * <p>Sizing: the kernel pins registered memory and charges it to {@code RLIMIT_MEMLOCK} once per ring, so a
 * runtime of N workers pins N times {@link #totalBytes()}. Keep the pool small (the default limit is often 8 MiB).
 *
 * <p>Conservation: {@code available() + inUse() == count()} whenever no call is running. A second release of a
 * buffer throws {@link IllegalStateException}. {@link #close()} frees the memory: do it only after every ring it
 * was registered with is closed or unregistered it, and refuses while buffers are in use.
 */
public final class FixedBufferPool implements AutoCloseable {
    private static final long ALIGN = 4096;

    private final Arena arena = Arena.ofShared();
    private final FixedBuffer[] buffers;
    private final MemorySegment[] segments;
    private final int bufferBytes;
    // guarded by this
    private final int[] free;
    private int freeCount;
    private boolean closed;

    /**
     * @param count       number of buffers, 1..16384 (the kernel's limit per ring)
     * @param bufferBytes size of each, 1 B .. 1 GiB; rounded up to a multiple of 4096 so each is page aligned
     */
    public FixedBufferPool(int count, int bufferBytes) {
        if (count < 1 || count > 16384) {
            throw new IllegalArgumentException("count must be 1..16384: " + count);
        }
        if (bufferBytes < 1 || bufferBytes > (1 << 30)) {
            throw new IllegalArgumentException("bufferBytes must be 1..1 GiB: " + bufferBytes);
        }
        long stride = (bufferBytes + ALIGN - 1) / ALIGN * ALIGN;
        MemorySegment all = arena.allocate(stride * count, ALIGN);
        this.bufferBytes = bufferBytes;
        this.buffers = new FixedBuffer[count];
        this.segments = new MemorySegment[count];
        this.free = new int[count];
        for (int i = 0; i < count; i++) {
            segments[i] = all.asSlice(i * stride, bufferBytes);
            buffers[i] = new FixedBuffer(this, i, segments[i]);
            free[i] = count - 1 - i; // hand out index 0 first
        }
        freeCount = count;
    }

    /** A free buffer, now owned by the caller, or null when all are in use. */
    public synchronized FixedBuffer acquire() {
        if (closed) {
            throw new IllegalStateException("fixed buffer pool is closed");
        }
        if (freeCount == 0) {
            return null;
        }
        FixedBuffer b = buffers[free[--freeCount]];
        b.owned = true;
        return b;
    }

    synchronized void release(FixedBuffer b) {
        if (b.pool != this) {
            throw new IllegalArgumentException("buffer of another pool");
        }
        if (!b.owned) {
            throw new IllegalStateException("fixed buffer " + b.index() + " released twice");
        }
        b.owned = false;
        free[freeCount++] = b.index();
    }

    /** Every buffer's segment, in index order: what to register. The array is a copy. */
    public MemorySegment[] segments() {
        return segments.clone();
    }

    public int count() {
        return buffers.length;
    }

    public int bufferBytes() {
        return bufferBytes;
    }

    public long totalBytes() {
        return (long) bufferBytes * buffers.length;
    }

    public synchronized int available() {
        return freeCount;
    }

    public synchronized int inUse() {
        return buffers.length - freeCount;
    }

    /** Frees the memory. @throws IllegalStateException while buffers are in use */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (freeCount != buffers.length) {
            throw new IllegalStateException((buffers.length - freeCount) + " fixed buffers still in use");
        }
        closed = true;
        arena.close();
    }

    /**
     * One buffer of a {@link FixedBufferPool}: its registration {@link #index()} and its memory. Owned by one
     * caller between acquire and release.
     */
    public static final class FixedBuffer {
        private final FixedBufferPool pool;
        private final int index;
        private final MemorySegment segment;
        /** Guarded by the pool's lock. */
        boolean owned;

        FixedBuffer(FixedBufferPool pool, int index, MemorySegment segment) {
            this.pool = Objects.requireNonNull(pool);
            this.index = index;
            this.segment = segment;
        }

        /** The fixed-buffer index this buffer has when its pool is registered. */
        public int index() {
            return index;
        }

        public MemorySegment segment() {
            return segment;
        }

        public FixedBufferPool pool() {
            return pool;
        }

        /** Returns the buffer to its pool. @throws IllegalStateException on a second release */
        public void release() {
            pool.release(this);
        }

        @Override
        public String toString() {
            return "FixedBuffer[" + index + ", " + segment.byteSize() + " B]";
        }
    }
}
