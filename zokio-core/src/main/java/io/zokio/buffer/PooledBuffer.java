package io.zokio.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A handle on one off-heap buffer of a {@link BufferPool}, reused across acquisitions.
 *
 * <p>Threading: one owner at a time. The owner is whoever acquired it (or was handed it); state transitions
 * are compare-and-set so that a racing double release, or a release while the kernel still holds the buffer,
 * is caught rather than corrupting the free lists. The contents are not synchronised: the owner publishes them
 * to another thread by whatever hands the handle over (a queue, a completion).
 *
 * <p>States (see the package documentation): {@link #FREE} in a free list, {@link #OWNED} by the caller,
 * {@link #IN_KERNEL} while an operation the kernel may read or write through is in flight. A released handle
 * must not be touched again; because handles are reused, a stale reference may later see the buffer
 * re-acquired by someone else, which {@link #generation()} lets a careful caller detect.
 */
public final class PooledBuffer {
    /** In a free list (a cache or the shared pool); not usable. */
    public static final int FREE = 0;
    /** Owned by the caller that acquired it. */
    public static final int OWNED = 1;
    /** Handed to the kernel; only {@link #markReturned()} may follow. */
    public static final int IN_KERNEL = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PooledBuffer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final BufferPool pool;
    /** Size-class index, or {@link BufferPool#UNPOOLED} for an oversized buffer with its own arena. */
    final int sizeClass;
    private final MemorySegment segment;
    /** Non-null only for an unpooled buffer: closed on release. */
    final Arena ownArena;
    /** The cache that handed this out, or null when it came from the shared pool; owner thread only. */
    LocalCache home;
    /** Leak-detection record of the current acquisition, or null when detection is off. */
    LeakDetector.Track track;
    private ByteBuffer view;
    private int generation;
    /** Accessed through {@link #STATE}. */
    @SuppressWarnings("unused")
    private volatile int state = FREE;

    PooledBuffer(BufferPool pool, int sizeClass, MemorySegment segment, Arena ownArena) {
        this.pool = pool;
        this.sizeClass = sizeClass;
        this.segment = segment;
        this.ownArena = ownArena;
    }

    /** The whole buffer, {@link #capacity()} bytes; throws once released or once the pool is closed. */
    public MemorySegment segment() {
        checkUsable();
        return segment;
    }

    /**
     * A ByteBuffer view of the whole buffer, created once per handle and reset (position 0, limit capacity,
     * big-endian) at every acquisition, so steady-state use allocates nothing. Do not keep it past {@link #release()}.
     */
    public ByteBuffer byteBuffer() {
        checkUsable();
        ByteBuffer v = view;
        if (v == null) {
            v = segment.asByteBuffer();
            view = v;
        }
        return v;
    }

    /** Capacity in bytes: the size class, at least the size asked for. */
    public int capacity() {
        return (int) segment.byteSize();
    }

    /** The current state, one of {@link #FREE}, {@link #OWNED}, {@link #IN_KERNEL}. */
    public int state() {
        return (int) STATE.getVolatile(this);
    }

    /** Counts acquisitions of this handle; a stale reference compares it to tell a re-acquired handle apart. */
    public int generation() {
        return generation;
    }

    /** True when the pool this came from keeps it (false for an oversized, unpooled buffer). */
    public boolean isPooled() {
        return sizeClass != BufferPool.UNPOOLED;
    }

    /** OWNED to IN_KERNEL: the loop is about to let the kernel read or write this buffer. */
    public void markInKernel() {
        if (!STATE.compareAndSet(this, OWNED, IN_KERNEL)) {
            throw new IllegalStateException("markInKernel on a buffer that is " + name(state()) + ", not OWNED");
        }
        pool.inKernel.increment();
        LeakDetector.Track t = track;
        if (t != null) {
            t.inKernel(true);
        }
    }

    /** IN_KERNEL to OWNED: the completion of the kernel's operation on this buffer has been reaped. */
    public void markReturned() {
        if (!STATE.compareAndSet(this, IN_KERNEL, OWNED)) {
            throw new IllegalStateException("markReturned on a buffer that is " + name(state()) + ", not IN_KERNEL");
        }
        pool.inKernel.decrement();
        LeakDetector.Track t = track;
        if (t != null) {
            t.inKernel(false);
        }
    }

    /**
     * Gives the buffer back. From the thread that owns the {@link LocalCache} it came from, it goes back to that
     * cache without a lock; from any other thread, to the shared pool. Throws {@link IllegalStateException} when
     * the buffer is already released or still IN_KERNEL.
     */
    public void release() {
        if (!STATE.compareAndSet(this, OWNED, FREE)) {
            int s = state();
            throw new IllegalStateException(s == FREE
                    ? "buffer released twice (" + capacity() + " bytes, generation " + generation + ")"
                    : "release of a buffer still IN_KERNEL: wait for its completion, then markReturned()");
        }
        LeakDetector.Track t = track;
        if (t != null) {
            track = null;
            t.released();
        }
        LocalCache h = home;
        home = null;
        if (h != null && h.ownedByCurrentThread()) {
            h.put(this);
        } else {
            pool.releaseShared(this);
        }
    }

    /** FREE to OWNED; called only by the thread that just took this handle off a free list. */
    void onAcquire(LocalCache from) {
        home = from;
        generation++;
        ByteBuffer v = view;
        if (v != null) {
            v.clear().order(ByteOrder.BIG_ENDIAN);
        }
        STATE.setRelease(this, OWNED);
    }

    MemorySegment rawSegment() {
        return segment;
    }

    private void checkUsable() {
        if (pool.isClosed()) {
            throw new IllegalStateException("buffer used after its BufferPool was closed");
        }
        if (state() == FREE) {
            throw new IllegalStateException("buffer used after release");
        }
    }

    static String name(int state) {
        return switch (state) {
            case FREE -> "FREE";
            case OWNED -> "OWNED";
            case IN_KERNEL -> "IN_KERNEL";
            default -> "state " + state;
        };
    }
}
