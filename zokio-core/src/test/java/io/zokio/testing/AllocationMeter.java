package io.zokio.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;

/**
 * Bytes the calling thread allocated on the Java heap, from the JDK's per-thread counter
 * ({@code com.sun.management.ThreadMXBean}), reached by reflection so that the module under test need not read
 * java.management. A test that needs it skips (with the reason) where the JVM does not count.
 *
 * <p><b>Threading:</b> each call measures the calling thread.
 */
public final class AllocationMeter {
    private final Object bean;
    private final Method allocated;

    private AllocationMeter(Object bean, Method allocated) {
        this.bean = bean;
        this.allocated = allocated;
    }

    /** The meter, or a skipped test where the JVM does not count allocation per thread. */
    public static AllocationMeter require() {
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Object bean = factory.getMethod("getThreadMXBean").invoke(null);
            Class<?> sunBean = Class.forName("com.sun.management.ThreadMXBean");
            assumeTrue(sunBean.isInstance(bean), "no com.sun.management.ThreadMXBean");
            assumeTrue((Boolean) sunBean.getMethod("isThreadAllocatedMemorySupported").invoke(bean),
                    "thread allocation counting unsupported");
            return new AllocationMeter(bean, sunBean.getMethod("getCurrentThreadAllocatedBytes"));
        } catch (ReflectiveOperationException e) {
            assumeTrue(false, "java.management not present: " + e);
            throw new AssertionError(e);
        }
    }

    /** Heap bytes the calling thread has allocated so far. */
    public long bytes() {
        try {
            return (Long) allocated.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code ops} twice to warm up, then once measured: the bytes that run allocated on this thread. */
    public long allocatedBy(Runnable ops) {
        return leastAllocatedBy(ops, 1);
    }

    /**
     * Runs {@code ops} twice to warm up, then {@code runs} times measured, and returns the fewest bytes one run
     * allocated on this thread. A path taken rarely (a loop that blocks in the kernel now and then) may still be
     * compiled during the first measured runs, which allocates once; an allocation per operation shows in every
     * run, so the least is the figure that tells.
     */
    public long leastAllocatedBy(Runnable ops, int runs) {
        ops.run();
        ops.run();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long before = bytes();
            ops.run();
            least = Math.min(least, bytes() - before);
        }
        return least;
    }
}
