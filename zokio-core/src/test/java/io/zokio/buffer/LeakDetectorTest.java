package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leak detector reports a buffer dropped without release, with the stack where it was acquired, and gives
 * its memory back. Leaks are found when the GC runs: the test asks for a GC in a bounded loop and waits for the
 * report on a latch (an event, not a sleep), under a timeout.
 */
class LeakDetectorTest {
    private final CountDownLatch reported = new CountDownLatch(1);
    private final AtomicReference<Throwable> site = new AtomicReference<>();

    private BufferPool detectingPool() {
        return BufferPool.builder().leakDetection(true).leakListener(t -> {
            site.set(t);
            reported.countDown();
        }).build();
    }

    @Test
    @Timeout(60)
    void aDroppedBufferIsReportedWithItsAcquisitionSite() throws InterruptedException {
        try (BufferPool pool = detectingPool(); LocalCache cache = pool.newLocalCache()) {
            acquireAndDropOnPurpose(cache);
            for (int i = 0; i < 100 && reported.getCount() > 0; i++) {
                System.gc();
                reported.await(100, TimeUnit.MILLISECONDS);
            }
            assertEquals(0, reported.getCount(), "no leak reported after 100 GCs");
            Throwable where = site.get();
            assertTrue(where.getMessage().contains("4096 bytes"), where.getMessage());
            assertTrue(Arrays.stream(where.getStackTrace())
                            .anyMatch(e -> e.getMethodName().equals("acquireAndDropOnPurpose")),
                    "acquisition site in the report");
            BufferPoolMetrics m = pool.metrics();
            assertEquals(1, m.leaksDetected());
            assertEquals(0, m.inUseBuffers(), "the leaked memory went back to the pool");
            assertEquals(m.allocatedBuffers(), m.freeBuffers());
            // the recovered memory is usable again
            for (int i = 0; i < 200; i++) {
                pool.acquire(4096).release();
            }
        }
    }

    @Test
    @Timeout(60)
    void aDroppedOversizedBufferIsFreed() throws InterruptedException {
        try (BufferPool pool = detectingPool()) {
            long reserved = pool.metrics().reservedBytes();
            acquireBigAndDrop(pool);
            for (int i = 0; i < 100 && reported.getCount() > 0; i++) {
                System.gc();
                reported.await(100, TimeUnit.MILLISECONDS);
            }
            assertEquals(0, reported.getCount(), "no leak reported after 100 GCs");
            BufferPoolMetrics m = pool.metrics();
            assertEquals(1, m.leaksDetected());
            assertEquals(0, m.unpooledInUse());
            assertEquals(reserved, m.reservedBytes());
        }
    }

    @Test
    @Timeout(60)
    void aBufferDroppedWhileInKernelIsReportedButNeverReused() throws InterruptedException {
        BufferPool pool = detectingPool();
        LocalCache cache = pool.newLocalCache();
        acquireIntoKernelAndDrop(cache);
        for (int i = 0; i < 100 && reported.getCount() > 0; i++) {
            System.gc();
            reported.await(100, TimeUnit.MILLISECONDS);
        }
        assertEquals(0, reported.getCount(), "no leak reported after 100 GCs");
        BufferPoolMetrics m = pool.metrics();
        assertEquals(1, m.leaksDetected());
        assertEquals(1, m.inUseBuffers(), "memory the kernel may write is not recycled");
        // the pool cannot free memory the kernel may still write into; this test leaves it (one slab)
        assertThrows(IllegalStateException.class, pool::close);
    }

    @Test
    @Timeout(60)
    void releasedBuffersAreNeverReported() throws InterruptedException {
        try (BufferPool pool = detectingPool(); LocalCache cache = pool.newLocalCache()) {
            for (int i = 0; i < 1000; i++) {
                cache.acquire(512 << (i % 12)).release();
                pool.acquire(700).release();
            }
            cache.acquire(1 << 21).release();
            System.gc();
            // a bounded wait for a report that must not come; passing does not depend on its length
            assertFalse(reported.await(200, TimeUnit.MILLISECONDS), "unexpected report: " + site.get());
            assertEquals(0, pool.metrics().leaksDetected());
        }
    }

    @Test
    void detectionIsOffUnlessAskedFor() {
        try (BufferPool pool = BufferPool.builder().leakDetection(false).build()) {
            PooledBuffer b = pool.acquire(512);
            assertNull(b.track);
            b.release();
        }
    }

    private static void acquireAndDropOnPurpose(LocalCache cache) {
        PooledBuffer b = cache.acquire(4096);
        b.segment().fill((byte) 1);
        // dropped without release()
    }

    private static void acquireIntoKernelAndDrop(LocalCache cache) {
        cache.acquire(8192).markInKernel();
    }

    private static void acquireBigAndDrop(BufferPool pool) {
        pool.acquire(3 << 20).segment().fill((byte) 2);
    }
}
