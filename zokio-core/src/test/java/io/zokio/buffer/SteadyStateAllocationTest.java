package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Once warm, acquire and release allocate nothing on the Java heap: handles, stacks and views are reused.
 * Measured with the JDK's per-thread allocation counter (com.sun.management.ThreadMXBean), reached by
 * reflection so that the module io.zokio need not read java.management; skipped where it is unsupported.
 */
class SteadyStateAllocationTest {
    private static final int OPS = 200_000;
    /** Slack for the measurement itself; a per-operation allocation would cost at least 16 bytes * OPS. */
    private static final long SLACK_BYTES = 8 << 10;

    @Test
    void cachedAcquireAndReleaseAllocateNothing() throws Exception {
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
    void sharedPoolAcquireAndReleaseAllocateNothing() throws Exception {
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

    private static void assertAllocatesNothing(Runnable ops) throws Exception {
        Object bean;
        Method allocated;
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            bean = factory.getMethod("getThreadMXBean").invoke(null);
            Class<?> sunBean = Class.forName("com.sun.management.ThreadMXBean");
            assumeTrue(sunBean.isInstance(bean), "no com.sun.management.ThreadMXBean");
            assumeTrue((Boolean) sunBean.getMethod("isThreadAllocatedMemorySupported").invoke(bean),
                    "thread allocation counting unsupported");
            allocated = sunBean.getMethod("getCurrentThreadAllocatedBytes");
        } catch (ClassNotFoundException e) {
            assumeTrue(false, "java.management not present: " + e);
            return;
        }
        ops.run(); // warm: carve slabs, fill caches, make views
        ops.run();
        long before = (Long) allocated.invoke(bean);
        ops.run();
        long after = (Long) allocated.invoke(bean);
        assertTrue(after - before < SLACK_BYTES, "allocated " + (after - before) + " bytes in " + OPS + " rounds");
    }
}
