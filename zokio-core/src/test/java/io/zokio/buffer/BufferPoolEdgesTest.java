package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Builder limits, a pool closed under a held oversized buffer, a closed cache, tracked kernel hand-offs. */
class BufferPoolEdgesTest {

    @Test
    void builderRefusesSettingsOutsideItsLimits() {
        BufferPoolBuilder b = BufferPool.builder();
        assertThrows(IllegalArgumentException.class, () -> b.sizeClasses(100, 4096), "min not a power of two");
        assertThrows(IllegalArgumentException.class, () -> b.sizeClasses(64, 5000), "max not a power of two");
        assertThrows(IllegalArgumentException.class, () -> b.sizeClasses(4, 4096), "min below 8");
        assertThrows(IllegalArgumentException.class, () -> b.sizeClasses(4096, 64), "max below min");
        assertThrows(IllegalArgumentException.class, () -> b.sizeClasses(64, 1 << 31), "max above 1 GiB");
        assertThrows(IllegalArgumentException.class, () -> b.slabBytes(4095));
        assertThrows(IllegalArgumentException.class, () -> b.cache(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> b.cache(0, 1));
    }

    @Test
    void acceptedSettingsShapeThePool() {
        try (BufferPool pool = BufferPool.builder().sizeClasses(64, 4096).slabBytes(8192).cache(1024, 4)
                .leakDetection(false).build()) {
            assertEquals(7, pool.sizeClassCount(), "64, 128, ..., 4096");
            assertEquals(64, pool.sizeClassBytes(0));
            assertEquals(4096, pool.sizeClassBytes(6));
            assertTrue(pool.cacheCapacity(0) >= 2 && pool.cacheCapacity(0) <= 4, "" + pool.cacheCapacity(0));
            PooledBuffer b = pool.acquire(65);
            assertEquals(128, b.capacity());
            b.release();
            PooledBuffer big = pool.acquire(4097);
            assertEquals(4097, big.capacity(), "above the largest class: unpooled, exact size");
            big.release();
        }
    }

    @Test
    void closingThePoolFreesAHeldOversizedBufferOnce() {
        BufferPool pool = BufferPool.builder().sizeClasses(64, 4096).leakDetection(false).build();
        PooledBuffer big = pool.acquire(10_000);
        assertEquals(1, pool.metrics().unpooledInUse());
        pool.close();
        assertTrue(pool.isClosed());
        assertThrows(IllegalStateException.class, big::segment, "its memory went with the pool");
        big.release(); // the pool freed it already: the release only settles the count
        assertEquals(0, pool.metrics().unpooledInUse());
        assertThrows(IllegalStateException.class, () -> pool.acquire(64));
        pool.close(); // a second close does nothing
    }

    @Test
    void aClosedCacheRefusesItsOwnerAndClosesOnce() {
        try (BufferPool pool = BufferPool.builder().leakDetection(false).build()) {
            LocalCache cache = pool.newLocalCache();
            cache.acquire(100).release();
            assertTrue(cache.cached(0) > 0, "the refill and the release left buffers in the cache");
            cache.close();
            assertEquals(0, cache.cached(0), "closing gave the cached buffer back");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.acquire(100));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            cache.close();
            assertEquals(0, pool.metrics().inUseBuffers());
        }
    }

    @Test
    void aTrackedBufferHandedToTheKernelAndBackIsNoLeak() {
        try (BufferPool pool = BufferPool.builder().leakDetection(true).build();
                LocalCache cache = pool.newLocalCache()) {
            PooledBuffer b = cache.acquire(100);
            b.markInKernel();
            assertEquals(PooledBuffer.IN_KERNEL, b.state());
            assertThrows(IllegalStateException.class, pool::close, "a buffer is IN_KERNEL");
            b.markReturned();
            assertEquals(PooledBuffer.OWNED, b.state());
            IllegalStateException twice = assertThrows(IllegalStateException.class, b::markReturned);
            assertTrue(twice.getMessage().contains("OWNED"), twice.getMessage());
            b.release();
            assertEquals(0, pool.metrics().leaksDetected());
            assertEquals(0, pool.metrics().inUseBuffers());
        }
    }

    @Test
    void aClosedContextCacheIsBypassedForTheSharedLists() {
        try (BufferPool pool = BufferPool.builder().leakDetection(false).build()) {
            LocalCache cache = pool.newContextCache();
            pool.useContextCaches(() -> cache);
            pool.acquire(512).release();
            assertTrue(cache.cached(0) > 0, "the context cache served and took back the buffer");
            cache.close();
            long acquiresBefore = pool.metrics().acquires();
            PooledBuffer b = pool.acquire(512);
            assertEquals(512, b.capacity());
            b.release();
            assertEquals(0, cache.cached(0), "the closed cache took nothing back");
            assertEquals(acquiresBefore + 1, pool.metrics().acquires());
            assertEquals(0, pool.metrics().inUseBuffers());
        }
    }
}
