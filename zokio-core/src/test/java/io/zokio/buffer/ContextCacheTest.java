package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Context caches: the pool's lookup decides ownership. Two users of one context interleave when one waits on
 * the shared list's lock inside a refill; the other must then bypass the cache (its arrays are mid-update), or
 * buffers would be lost. Here the "context" is two threads the lookup treats as one, and the test holds the
 * lock so that the interleaving happens at a known point.
 */
class ContextCacheTest {

    @Test
    @Timeout(30)
    void aUserArrivingDuringARefillBypassesTheCacheAndNothingIsLost() throws Exception {
        try (BufferPool pool = BufferPool.builder().build()) {
            LocalCache cache = pool.newContextCache();
            pool.useContextCaches(() -> cache);
            int c = pool.sizeClassFor(4096);
            ReentrantLock lock = pool.shared(c).lockForTests();
            lock.lock();
            CompletableFuture<PooledBuffer> first;
            CompletableFuture<PooledBuffer> second;
            try {
                first = acquireOnNewThread(pool); // empty cache: refill, waits
                while (lock.getQueueLength() < 1) { // queued inside refill, so the cache is busy
                    Thread.onSpinWait();
                }
                second = acquireOnNewThread(pool); // same context, mid-refill
                while (lock.getQueueLength() < 2) {
                    Thread.onSpinWait();
                }
            } finally {
                lock.unlock();
            }
            PooledBuffer a = first.get(10, TimeUnit.SECONDS);
            PooledBuffer b = second.get(10, TimeUnit.SECONDS);
            assertNotSame(a, b);
            BufferPoolMetrics m = pool.metrics();
            assertEquals(2, m.inUseBuffers());
            assertEquals(m.allocatedBuffers(), m.inUseBuffers() + m.freeBuffers(), "conserved: " + m);
            a.release();
            b.release();
            m = pool.metrics();
            assertEquals(0, m.inUseBuffers());
            assertEquals(m.allocatedBuffers(), m.freeBuffers(), "conserved after release: " + m);
            assertTrue(cache.cached(c) > 0, "the refill landed in the cache");
        }
    }

    private static CompletableFuture<PooledBuffer> acquireOnNewThread(BufferPool pool) {
        CompletableFuture<PooledBuffer> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(pool.acquire(4096)));
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Test
    void aContextCacheIsNotUsedDirectly() {
        try (BufferPool pool = BufferPool.builder().build()) {
            LocalCache cache = pool.newContextCache();
            assertThrows(IllegalStateException.class, () -> cache.acquire(512));
            assertEquals(0, pool.metrics().cacheHits(), "no lookup set: acquire uses the shared lists");
            pool.acquire(512).release();
            pool.useContextCaches(() -> cache);
            pool.acquire(512).release();
            pool.acquire(512).release();
            assertEquals(1, pool.metrics().cacheHits(), "the first acquire refills, the second hits");
        }
    }
}
