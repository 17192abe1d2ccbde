package io.zokio.bench.rt;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;

/**
 * <b>Threading:</b> stateless after class initialization; any thread.
 *
 * <p>CPU time of this JVM (user + system, every thread, including threads that have exited). On Linux it reads
 * {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}, which counts in nanoseconds;
 * {@code OperatingSystemMXBean#getProcessCpuTime} there counts in clock ticks of 10 ms, coarse against a round
 * of about a second. Elsewhere, or when the C library's symbol cannot be bound, it reads that bean.
 */
final class ProcessCpuClock {
    /** {@code CLOCK_PROCESS_CPUTIME_ID} of Linux's {@code <time.h>}. */
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    /** {@code int clock_gettime(clockid_t, struct timespec *)}; null when the bean is read instead. */
    private static final MethodHandle CLOCK_GETTIME = bind();

    private ProcessCpuClock() {
    }

    /** Whether {@link #nanos} reads {@code clock_gettime} (true) or the bean's clock ticks (false). */
    static boolean precise() {
        return CLOCK_GETTIME != null;
    }

    /** CPU nanoseconds used by this process so far. */
    static long nanos() {
        if (CLOCK_GETTIME != null) {
            try (Arena arena = Arena.ofConfined()) {
                // struct timespec on 64-bit Linux: tv_sec and tv_nsec, both 64-bit
                MemorySegment ts = arena.allocate(16, 8);
                int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, ts);
                if (rc == 0) {
                    return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
                }
            } catch (Throwable t) {
                throw new IllegalStateException("clock_gettime failed", t);
            }
            throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) returned an error");
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static MethodHandle bind() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("aarch64"))) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime")
                    .map(addr -> linker.downcallHandle(addr,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // native access refused: the bean's clock ticks
        }
    }
}
