package io.zokio.buffer;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared free list of one size class: the global pool behind the {@link LocalCache}s.
 *
 * <p>Threading: any thread; every method takes this list's lock. Caches move buffers in batches, so the lock
 * is taken once per batch rather than once per buffer; only threads without a cache (and releases made on a
 * thread other than the one that acquired) pay a lock per buffer. All counters here are guarded by the lock.
 *
 * <p>When empty, the list carves a new slab from the pool's arena into {@code buffersPerSlab} buffers (the
 * configured slab size, but at most {@value #MAX_BUFFERS_PER_SLAB} buffers and at least one), so the
 * number of native allocations grows with the peak number of slabs, not with the number of buffers.
 */
final class SharedFreeList {
    static final int MAX_BUFFERS_PER_SLAB = 1024;
    private final BufferPool pool;
    private final int sizeClass;
    private final int bufferBytes;
    private final int buffersPerSlab;
    private final ReentrantLock lock = new ReentrantLock();
    private PooledBuffer[] stack = new PooledBuffer[16];
    private int size;
    private long allocated;
    private long acquires;
    private long releases;

    SharedFreeList(BufferPool pool, int sizeClass, int bufferBytes, long slabBytes) {
        this.pool = pool;
        this.sizeClass = sizeClass;
        this.bufferBytes = bufferBytes;
        // at most MAX_BUFFERS_PER_SLAB handles per slab, so a small class does not make thousands of handles at once
        this.buffersPerSlab = (int) Math.clamp(slabBytes / bufferBytes, 1, MAX_BUFFERS_PER_SLAB);
    }

    /** Moves {@code n} buffers into {@code dst[0..n)}, carving slabs as needed; the caller marks them OWNED. */
    void takeBatch(PooledBuffer[] dst, int n) {
        lock.lock();
        try {
            ensure(n);
            size -= n;
            System.arraycopy(stack, size, dst, 0, n);
            Arrays.fill(stack, size, size + n, null);
        } finally {
            lock.unlock();
        }
        pool.checkedOut((long) n * bufferBytes);
    }

    /** Moves {@code n} buffers from {@code src[from..from+n)} back; the caller clears its slots. */
    void putBatch(PooledBuffer[] src, int from, int n) {
        lock.lock();
        try {
            grow(size + n);
            System.arraycopy(src, from, stack, size, n);
            size += n;
        } finally {
            lock.unlock();
        }
        pool.checkedOut(-(long) n * bufferBytes);
    }

    /** One buffer for a thread without a cache; counted as a direct acquisition. */
    PooledBuffer takeOne() {
        PooledBuffer b;
        lock.lock();
        try {
            ensure(1);
            b = stack[--size];
            stack[size] = null;
            acquires++;
        } finally {
            lock.unlock();
        }
        pool.checkedOut(bufferBytes);
        return b;
    }

    /** One released buffer back from a thread that is not its cache's owner (or from a leak's recovery). */
    void putOne(PooledBuffer b) {
        lock.lock();
        try {
            grow(size + 1);
            stack[size++] = b;
            releases++;
        } finally {
            lock.unlock();
        }
        pool.checkedOut(-bufferBytes);
    }

    /** Adds a counter snapshot of this class to {@code m}: {@code [free, allocated, acquires, releases]}. */
    void addCounts(long[] m) {
        lock.lock();
        try {
            m[0] += size;
            m[1] += allocated;
            m[2] += acquires;
            m[3] += releases;
        } finally {
            lock.unlock();
        }
    }

    private void ensure(int n) {
        while (size < n) {
            carveSlab();
        }
    }

    private void carveSlab() {
        MemorySegment slab = pool.allocateSlab((long) buffersPerSlab * bufferBytes);
        grow(size + buffersPerSlab);
        for (int i = 0; i < buffersPerSlab; i++) {
            MemorySegment slice = slab.asSlice((long) i * bufferBytes, bufferBytes);
            stack[size++] = new PooledBuffer(pool, sizeClass, slice, null);
        }
        allocated += buffersPerSlab;
    }

    private void grow(int needed) {
        if (needed > stack.length) {
            stack = Arrays.copyOf(stack, Math.max(needed, stack.length * 2));
        }
    }

    /** The lock every call takes; tests hold it to make a cache's refill wait at a known point. */
    ReentrantLock lockForTests() {
        return lock;
    }
}
