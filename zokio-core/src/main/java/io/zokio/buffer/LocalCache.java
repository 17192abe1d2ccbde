package io.zokio.buffer;

import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A single-owner cache of free buffers in front of a {@link BufferPool}'s shared free lists: one small array
 * stack per size class, no locks, no atomics.
 *
 * <p>Threading: single owner. The first thread that calls {@link #acquire} becomes the owner (a worker creates
 * its cache and uses it on its own thread); any other thread calling {@link #acquire} gets an
 * {@link IllegalStateException}. A buffer from this cache may be released on any thread: on the owner it comes
 * back here, elsewhere it goes to the shared pool. {@link #close()} (owner only, or after the owner has
 * stopped) gives every cached buffer back to the shared pool.
 *
 * <p>Protocol with the shared pool: an empty stack refills with a batch of half its capacity; a full stack
 * flushes half its capacity first. So a steady acquire/release pattern stays in the cache and touches the shared
 * lock once per batch at most. A buffer acquired on one worker and released on another costs the releasing
 * side one shared-list lock (the acquiring side still refills by batch).
 *
 * <p>The owner check is best effort: it catches a second thread using a cache already in use, not two threads
 * racing to be first.
 *
 * <p>A <em>context cache</em> ({@link BufferPool#newContextCache}) has no owner thread: the pool's lookup
 * ({@link BufferPool#useContextCaches}) names the cache the calling context owns, e.g. a runtime worker's for
 * the worker thread and every virtual thread it carries. Those users run one at a time on one OS thread but can
 * interleave at a park inside a refill or flush, which {@link #busy} guards.
 */
public final class LocalCache implements AutoCloseable {
    private final BufferPool pool;
    private final PooledBuffer[][] stacks;
    private final int[] counts;
    private final int[] batch;
    private Thread owner;
    private boolean closed;
    /**
     * True for a context cache ({@link BufferPool#newContextCache}): the pool's lookup decides ownership
     * instead of a thread identity.
     */
    private final boolean context;
    /**
     * A context cache's users share one OS thread but may interleave: a virtual thread that parks on the shared
     * list's lock (a refill or a flush) lets another task of the same worker run. While this is set the cache's
     * arrays are mid-update, so that other task must go to the shared pool instead. Plain field: every user runs
     * on the owning worker's thread.
     */
    boolean busy;
    // Counters written by the owner only and read by metrics() without synchronisation: a benign race, since a
    // snapshot taken while the owner runs may only lag by a few operations; after a join it is exact.
    long acquires;
    long hits;
    long releases;

    LocalCache(BufferPool pool, int[] capacityPerClass) {
        this(pool, capacityPerClass, false);
    }

    LocalCache(BufferPool pool, int[] capacityPerClass, boolean context) {
        this.pool = pool;
        this.context = context;
        int classes = capacityPerClass.length;
        this.stacks = new PooledBuffer[classes][];
        this.counts = new int[classes];
        this.batch = new int[classes];
        for (int i = 0; i < classes; i++) {
            stacks[i] = new PooledBuffer[capacityPerClass[i]];
            batch[i] = Math.max(1, capacityPerClass[i] / 2);
        }
    }

    /**
     * A buffer of at least {@code bytes} bytes, OWNED by the caller. Oversized requests (above the largest size
     * class) are allocated unpooled and freed on release.
     */
    public PooledBuffer acquire(int bytes) {
        if (context) {
            throw new IllegalStateException("a context cache is used through BufferPool.acquire(), not directly");
        }
        Thread t = Thread.currentThread();
        if (owner != t || closed) {
            bind(t);
        }
        return take(bytes);
    }

    /** The acquire path once ownership is settled (by the thread check or by the pool's context lookup). */
    PooledBuffer take(int bytes) {
        pool.checkOpen();
        int c = pool.sizeClassFor(bytes);
        if (c == BufferPool.UNPOOLED) {
            return pool.acquireUnpooled(bytes);
        }
        acquires++;
        PooledBuffer[] s = stacks[c];
        int n = counts[c];
        if (n > 0) {
            hits++;
        } else {
            n = refill(c, s);
        }
        PooledBuffer b = s[--n];
        s[n] = null;
        counts[c] = n;
        b.onAcquire(this);
        pool.onAcquired(b);
        return b;
    }

    boolean isClosed() {
        return closed;
    }

    /** Buffers currently cached for size class {@code c}; exact on the owner thread or when it is quiescent. */
    public int cached(int c) {
        return counts[c];
    }

    /** Gives every cached buffer back to the shared pool; later releases of this cache's buffers go there too. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int c = 0; c < stacks.length; c++) {
            int n = counts[c];
            if (n > 0) {
                pool.shared(c).putBatch(stacks[c], 0, n);
                Arrays.fill(stacks[c], 0, n, null);
                counts[c] = 0;
            }
        }
        // release: publishes the emptied stacks and counters; pairs with the join/handoff a metrics reader uses.
        VarHandle.releaseFence();
    }

    /**
     * True on the owner (the thread, or for a context cache the context the pool's lookup names) of an open,
     * idle cache: only then may release() push here without a lock.
     */
    boolean ownedByCurrentThread() {
        if (closed || busy) {
            return false;
        }
        return context ? pool.currentContextCache() == this : owner == Thread.currentThread();
    }

    /** A release on the owner thread; flushes half the stack to the shared pool when full. */
    void put(PooledBuffer b) {
        int c = b.sizeClass;
        PooledBuffer[] s = stacks[c];
        int n = counts[c];
        if (n == s.length) {
            int k = batch[c];
            n -= k;
            busy = true;
            try {
                pool.shared(c).putBatch(s, n, k);
            } finally {
                busy = false;
            }
            Arrays.fill(s, n, n + k, null);
        }
        s[n++] = b;
        counts[c] = n;
        releases++;
    }

    private int refill(int c, PooledBuffer[] s) {
        int k = batch[c];
        busy = true;
        try {
            pool.shared(c).takeBatch(s, k);
        } finally {
            busy = false;
        }
        return k;
    }

    private void bind(Thread t) {
        if (closed) {
            throw new IllegalStateException("LocalCache is closed");
        }
        if (owner != null && owner != t) {
            throw new IllegalStateException("LocalCache is owned by " + owner.getName() + ", not "
                    + t.getName() + ": use BufferPool.acquire() or a cache of this thread's own");
        }
        owner = t;
    }
}
