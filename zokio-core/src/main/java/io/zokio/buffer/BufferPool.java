package io.zokio.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A pool of off-heap buffers in power-of-two size classes, carved from large slabs of one shared
 * {@link Arena} that the pool owns.
 *
 * <p>Threading: any thread. The fast path is a {@link LocalCache} that one thread (a worker) owns, made by
 * {@link #newLocalCache()}; threads without one call {@link #acquire(int)}, which takes the shared free list's
 * lock per buffer. {@link #close()} must come after every user has stopped, and fails while any buffer is
 * IN_KERNEL (the kernel could still write into memory that would be freed).
 *
 * <p>See the package documentation for the size classes, the ownership states and the cache protocol.
 */
public final class BufferPool implements AutoCloseable {
    /** Size-class index of an oversized buffer, allocated with its own arena and freed on release. */
    static final int UNPOOLED = -1;

    private final Arena arena = Arena.ofShared();
    private final int minShift;
    private final int maxClassBytes;
    private final SharedFreeList[] shared;
    private final int[] cacheCapacity;
    private final long slabBytes;
    private final LeakDetector leakDetector;
    private final CopyOnWriteArrayList<LocalCache> caches = new CopyOnWriteArrayList<>();
    private final Set<Arena> unpooledArenas = ConcurrentHashMap.newKeySet();
    final LongAdder inKernel = new LongAdder();
    private final AtomicLong reservedBytes = new AtomicLong();
    private final AtomicLong checkedOutBytes = new AtomicLong();
    private final AtomicLong highWaterBytes = new AtomicLong();
    private final AtomicLong unpooledAcquires = new AtomicLong();
    private final AtomicLong unpooledInUse = new AtomicLong();
    private volatile boolean closed;
    /** Names the context cache of the caller, or null; set once by a runtime ({@link #useContextCaches}). */
    private volatile Supplier<LocalCache> contextLookup;

    private BufferPool(BufferPoolBuilder b) {
        this.minShift = Integer.numberOfTrailingZeros(b.minClassBytes);
        this.maxClassBytes = b.maxClassBytes;
        this.slabBytes = b.slabBytes;
        int classes = Integer.numberOfTrailingZeros(b.maxClassBytes) - minShift + 1;
        this.shared = new SharedFreeList[classes];
        this.cacheCapacity = new int[classes];
        for (int c = 0; c < classes; c++) {
            int bytes = b.minClassBytes << c;
            shared[c] = new SharedFreeList(this, c, bytes, Math.max(slabBytes, bytes));
            cacheCapacity[c] = (int) Math.clamp(b.cacheBytesPerClass / bytes, 2, b.maxCachedPerClass);
        }
        this.leakDetector = b.leakDetection ? new LeakDetector(this, b.leakListener) : null;
    }

    /** A builder with defaults: classes 512 B to 1 MiB, 4 MiB slabs, leak detection from the system property. */
    public static BufferPoolBuilder builder() {
        return new BufferPoolBuilder();
    }

    static BufferPool build(BufferPoolBuilder b) {
        return new BufferPool(b);
    }

    /** A cache for the calling worker; the first thread that acquires through it becomes its only owner. */
    public LocalCache newLocalCache() {
        checkOpen();
        LocalCache c = new LocalCache(this, cacheCapacity);
        caches.add(c);
        return c;
    }

    /**
     * A cache owned by a context rather than a thread, for {@link #useContextCaches}: acquires reach it only
     * through {@link #acquire(int)} when the lookup names it.
     */
    public LocalCache newContextCache() {
        checkOpen();
        LocalCache c = new LocalCache(this, cacheCapacity, true);
        caches.add(c);
        return c;
    }

    /**
     * Lets {@link #acquire(int)} and releases use a context cache without locks: {@code lookup} returns the
     * cache that the calling context owns exclusively (only code running one at a time on one OS thread may
     * share one), or null. A runtime sets it once, naming its workers' caches for its worker threads and the
     * virtual threads they carry.
     */
    public void useContextCaches(Supplier<LocalCache> lookup) {
        this.contextLookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** The calling context's cache per the lookup, or null. */
    LocalCache currentContextCache() {
        Supplier<LocalCache> l = contextLookup;
        return l == null ? null : l.get();
    }

    /**
     * A buffer of at least {@code bytes} bytes: from the calling context's cache when a runtime names one (see
     * {@link #useContextCaches}), else from the shared pool under its lock.
     */
    public PooledBuffer acquire(int bytes) {
        LocalCache cache = currentContextCache();
        if (cache != null && !cache.busy && !cache.isClosed()) {
            return cache.take(bytes);
        }
        checkOpen();
        int c = sizeClassFor(bytes);
        if (c == UNPOOLED) {
            return acquireUnpooled(bytes);
        }
        PooledBuffer b = shared[c].takeOne();
        b.onAcquire(null);
        onAcquired(b);
        return b;
    }

    /** Number of size classes. */
    public int sizeClassCount() {
        return shared.length;
    }

    /** Bytes of every buffer in size class {@code c}. */
    public int sizeClassBytes(int c) {
        return 1 << (minShift + c);
    }

    /** Capacity of a buffer of each size class held by a {@link LocalCache}. */
    public int cacheCapacity(int c) {
        return cacheCapacity[c];
    }

    /** True after {@link #close()}. */
    public boolean isClosed() {
        return closed;
    }

    /** A snapshot of the counters; exact when no thread is using the pool, approximate while they are. */
    public BufferPoolMetrics metrics() {
        long[] m = new long[4];
        for (SharedFreeList s : shared) {
            s.addCounts(m);
        }
        long cached = 0;
        long acquires = m[2];
        long releases = m[3];
        long hits = 0;
        for (LocalCache c : caches) {
            for (int i = 0; i < shared.length; i++) {
                cached += c.cached(i);
            }
            acquires += c.acquires;
            hits += c.hits;
            releases += c.releases;
        }
        return new BufferPoolMetrics(acquires + unpooledAcquires.get(), hits, acquires - releases,
                unpooledInUse.get(), m[1], m[0] + cached, highWaterBytes.get(), reservedBytes.get(),
                leakDetector == null ? 0 : leakDetector.leaks());
    }

    /**
     * Frees every slab. Buffers still acquired become unusable (their accessors throw). Throws
     * {@link IllegalStateException} while a buffer is IN_KERNEL; drain the loop first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (inKernel.sum() != 0) {
            throw new IllegalStateException(inKernel.sum() + " buffer(s) still IN_KERNEL: drain the loop first");
        }
        closed = true;
        for (Arena a : unpooledArenas) {
            if (unpooledArenas.remove(a)) {
                a.close();
            }
        }
        arena.close();
    }

    // ---- package-private machinery -------------------------------------------------------------------------

    /** The size class for {@code bytes}, or {@link #UNPOOLED} above the largest class. */
    int sizeClassFor(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bytes);
        }
        if (bytes > maxClassBytes) {
            return UNPOOLED;
        }
        int shift = 32 - Integer.numberOfLeadingZeros(bytes - 1);
        return Math.max(0, shift - minShift);
    }

    SharedFreeList shared(int c) {
        return shared[c];
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("BufferPool is closed");
        }
    }

    /** Called with every newly acquired handle (OWNED); attaches the leak record when detection is on. */
    void onAcquired(PooledBuffer b) {
        if (leakDetector != null) {
            b.track = leakDetector.track(b);
        }
    }

    PooledBuffer acquireUnpooled(int bytes) {
        checkOpen();
        Arena own = Arena.ofShared();
        MemorySegment seg = own.allocate(bytes, 4096);
        unpooledArenas.add(own);
        reservedBytes.addAndGet(bytes);
        unpooledAcquires.incrementAndGet();
        unpooledInUse.incrementAndGet();
        PooledBuffer b = new PooledBuffer(this, UNPOOLED, seg, own);
        b.onAcquire(null);
        onAcquired(b);
        return b;
    }

    /** A release that does not go to the owner's cache: to the shared list, or freeing an unpooled buffer. */
    void releaseShared(PooledBuffer b) {
        if (b.sizeClass == UNPOOLED) {
            freeUnpooled(b.ownArena, b.capacity());
        } else {
            shared[b.sizeClass].putOne(b);
        }
    }

    /** From the leak detector: the handle is gone, its memory comes back under a fresh handle. */
    void recoverLeaked(int sizeClass, MemorySegment segment, Arena ownArena) {
        if (sizeClass == UNPOOLED) {
            freeUnpooled(ownArena, (int) segment.byteSize());
        } else if (!closed) {
            shared[sizeClass].putOne(new PooledBuffer(this, sizeClass, segment, null));
        }
    }

    MemorySegment allocateSlab(long bytes) {
        checkOpen();
        MemorySegment slab = arena.allocate(bytes, 4096);
        reservedBytes.addAndGet(bytes);
        return slab;
    }

    /** Tracks bytes outside the shared free lists (in caches or in use) and their high-water mark. */
    void checkedOut(long deltaBytes) {
        long now = checkedOutBytes.addAndGet(deltaBytes);
        long hw = highWaterBytes.get();
        while (now > hw && !highWaterBytes.compareAndSet(hw, now)) {
            hw = highWaterBytes.get();
        }
    }

    private void freeUnpooled(Arena own, int bytes) {
        unpooledInUse.decrementAndGet();
        // remove() decides who closes: this release or a concurrent close() of the pool, never both.
        if (unpooledArenas.remove(own)) {
            own.close();
            reservedBytes.addAndGet(-bytes);
        }
    }
}
