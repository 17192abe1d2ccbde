package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Once warm, acquire and release allocate nothing on the Java heap: handles, stacks and views are reused.
 * Measured with the JDK's per-thread allocation counter ({@link AllocationMeter}); skipped where it is unsupported.
 */
class SteadyStateAllocationTest {
    private static final int OPS = 200_000;
    /** Slack for the measurement itself; a per-operation allocation would cost at least 16 bytes * OPS. */
    private static final long SLACK_BYTES = 8 << 10;

    @Test
    void cachedAcquireAndReleaseAllocateNothing() {
        try (BufferPool pool = BufferPool.builder().leakDetection(false).build();
             LocalCache cache = pool.newLocalCache()) {
            Runnable ops = () -> {
                for (int i = 0; i < OPS; i++) {
                    PooledBuffer a = cache.acquire(4096);
                    PooledBuffer b = cache.acquire(512 << (i & 7));
                    b.byteBuffer().putInt(0, i);
                    b.release();
                    a.release();
                }
            };
            assertAllocatesNothing(ops);
        }
    }

    @Test
    void sharedPoolAcquireAndReleaseAllocateNothing() {
        try (BufferPool pool = BufferPool.builder().leakDetection(false).build()) {
            Runnable ops = () -> {
                for (int i = 0; i < OPS; i++) {
                    PooledBuffer a = pool.acquire(2048);
                    a.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) i);
                    a.release();
                }
            };
            assertAllocatesNothing(ops);
        }
    }

    private static void assertAllocatesNothing(Runnable ops) {
        long bytes = AllocationMeter.require().allocatedBy(ops); // warms up first: carve slabs, fill caches
        assertTrue(bytes < SLACK_BYTES, "allocated " + bytes + " bytes in " + OPS + " rounds");
    }
}
