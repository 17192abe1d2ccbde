package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ownership state machine of {@link PooledBuffer}, the size classes, and the edges of the API. */
class PooledBufferStateTest {

    private static BufferPool pool() {
        return BufferPool.builder().leakDetection(false).build();
    }

    @Test
    void acquireIsOwnedAndReleaseTwiceThrows() {
        try (BufferPool pool = pool(); LocalCache cache = pool.newLocalCache()) {
            PooledBuffer b = cache.acquire(100);
            assertEquals(PooledBuffer.OWNED, b.state());
            assertEquals(512, b.capacity());
            b.release();
            assertEquals(PooledBuffer.FREE, b.state());
            IllegalStateException e = assertThrows(IllegalStateException.class, b::release);
            assertTrue(e.getMessage().contains("released twice"), e.getMessage());
        }
    }

    @Test
    void releaseWhileInKernelThrowsUntilReturned() {
        try (BufferPool pool = pool(); LocalCache cache = pool.newLocalCache()) {
            PooledBuffer b = cache.acquire(4096);
            b.markInKernel();
            assertEquals(PooledBuffer.IN_KERNEL, b.state());
            IllegalStateException e = assertThrows(IllegalStateException.class, b::release);
            assertTrue(e.getMessage().contains("IN_KERNEL"), e.getMessage());
            assertThrows(IllegalStateException.class, b::markInKernel);
            IllegalStateException closeErr = assertThrows(IllegalStateException.class, pool::close);
            assertTrue(closeErr.getMessage().contains("IN_KERNEL"), closeErr.getMessage());
            b.markReturned();
            assertEquals(PooledBuffer.OWNED, b.state());
            assertThrows(IllegalStateException.class, b::markReturned);
            b.release();
            assertThrows(IllegalStateException.class, b::markInKernel);
        }
    }

    @Test
    void useAfterReleaseOrCloseThrows() {
        BufferPool pool = pool();
        LocalCache cache = pool.newLocalCache();
        PooledBuffer released = cache.acquire(512);
        released.release();
        assertThrows(IllegalStateException.class, released::segment);
        assertThrows(IllegalStateException.class, released::byteBuffer);
        PooledBuffer held = cache.acquire(512);
        held.segment().set(ValueLayout.JAVA_INT, 0, 42);
        pool.close();
        assertTrue(pool.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, held::segment);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> cache.acquire(512));
        assertThrows(IllegalStateException.class, () -> pool.acquire(512));
        assertThrows(IllegalStateException.class, pool::newLocalCache);
        held.release(); // giving back after close is harmless
        pool.close(); // idempotent
    }

    @Test
    void everySizeClassRoundsUpToAPowerOfTwo() {
        try (BufferPool pool = pool(); LocalCache cache = pool.newLocalCache()) {
            assertEquals(12, pool.sizeClassCount());
            for (int c = 0; c < pool.sizeClassCount(); c++) {
                int bytes = pool.sizeClassBytes(c);
                assertEquals(512 << c, bytes);
                assertEquals(c, pool.sizeClassFor(bytes));
                if (c > 0) {
                    assertEquals(c, pool.sizeClassFor(bytes / 2 + 1));
                }
                PooledBuffer b = cache.acquire(bytes);
                assertEquals(bytes, b.capacity());
                assertEquals(bytes, b.segment().byteSize());
                if (bytes >= 4096) {
                    assertEquals(0, b.segment().address() % 4096, "page aligned");
                }
                b.release();
            }
            assertEquals(0, pool.sizeClassFor(1));
            assertThrows(IllegalArgumentException.class, () -> cache.acquire(0));
            assertThrows(IllegalArgumentException.class, () -> pool.acquire(-1));
        }
    }

    @Test
    void oversizedBuffersAreUnpooledAndFreedOnRelease() {
        try (BufferPool pool = pool(); LocalCache cache = pool.newLocalCache()) {
            long before = pool.metrics().reservedBytes();
            PooledBuffer big = cache.acquire((1 << 20) + 1);
            assertFalse(big.isPooled());
            assertEquals((1 << 20) + 1, big.capacity());
            assertEquals(1, pool.metrics().unpooledInUse());
            assertEquals(before + (1 << 20) + 1, pool.metrics().reservedBytes());
            big.segment().fill((byte) 7);
            big.release();
            assertThrows(IllegalStateException.class, big::release);
            assertEquals(0, pool.metrics().unpooledInUse());
            assertEquals(before, pool.metrics().reservedBytes());
        }
    }

    @Test
    void byteBufferViewIsReusedAndReset() {
        try (BufferPool pool = BufferPool.builder().cache(0, 2).leakDetection(false).build();
             LocalCache cache = pool.newLocalCache()) {
            PooledBuffer b = cache.acquire(1000);
            ByteBuffer v = b.byteBuffer();
            assertEquals(1024, v.capacity());
            v.order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(7).flip();
            int gen = b.generation();
            b.release();
            PooledBuffer again = cache.acquire(1000);
            assertSame(b, again, "the cache is LIFO, so the same handle comes back");
            assertEquals(gen + 1, again.generation());
            assertSame(v, again.byteBuffer());
            assertEquals(0, v.position());
            assertEquals(1024, v.limit());
            assertEquals(java.nio.ByteOrder.BIG_ENDIAN, v.order());
            again.release();
        }
    }

    @Test
    @Timeout(10)
    void aCacheHasOneOwnerAndForeignReleasesGoToTheSharedPool() throws Exception {
        try (BufferPool pool = pool(); LocalCache cache = pool.newLocalCache()) {
            PooledBuffer b = cache.acquire(512);
            AtomicReference<Throwable> err = new AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    assertThrows(IllegalStateException.class, () -> cache.acquire(512));
                    b.release(); // not the owner: to the shared list
                } catch (Throwable t) {
                    err.set(t);
                }
            });
            other.join();
            if (err.get() != null) {
                throw new AssertionError(err.get());
            }
            BufferPoolMetrics m = pool.metrics();
            assertEquals(0, m.inUseBuffers());
            assertEquals(m.allocatedBuffers(), m.freeBuffers());
        }
    }

    @Test
    void metricsCountHitsAndHighWater() {
        try (BufferPool pool = pool(); LocalCache cache = pool.newLocalCache()) {
            for (int i = 0; i < 100; i++) {
                cache.acquire(4096).release();
            }
            BufferPoolMetrics m = pool.metrics();
            assertEquals(100, m.acquires());
            assertEquals(99, m.cacheHits());
            assertTrue(m.cacheHitRate() > 0.98);
            assertEquals(0, m.inUseBuffers());
            assertTrue(m.highWaterBytes() >= 4096);
            assertEquals(4L << 20, m.reservedBytes(), "one slab");
        }
    }
}
