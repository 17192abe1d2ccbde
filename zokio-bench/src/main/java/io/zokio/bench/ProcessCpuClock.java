package io.zokio.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>CPU time of this JVM's threads. On Linux it sums the first field of {@code /proc/self/task/<tid>/schedstat}
 * (nanoseconds each thread has run) over the threads alive at the call, so a difference of two readings counts
 * every thread that lived through both, JIT and GC threads included, to the nanosecond, and misses what threads
 * that started or ended in between used (the benches start their threads before they measure).
 * {@code OperatingSystemMXBean#getProcessCpuTime} counts in clock ticks of 10 ms there, coarse against a round
 * of about a second; it is the fallback where {@code schedstat} cannot be read.
 */
public final class ProcessCpuClock {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final boolean SCHEDSTAT = readable();

    private ProcessCpuClock() {
    }

    /** Whether {@link #nanos} sums {@code schedstat} (true) or reads the bean's clock ticks (false). */
    public static boolean precise() {
        return SCHEDSTAT;
    }

    /** CPU nanoseconds used so far by the threads of this process alive now (see the class documentation). */
    public static long nanos() {
        if (SCHEDSTAT) {
            try (Stream<Path> tasks = Files.list(TASKS)) {
                return tasks.mapToLong(ProcessCpuClock::taskNanos).sum();
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + TASKS, e);
            }
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A thread's run time from its {@code schedstat}; 0 when it ended while it was being read. */
    private static long taskNanos(Path task) {
        try {
            String s = Files.readString(task.resolve("schedstat"));
            int end = s.indexOf(' ');
            return Long.parseLong(end < 0 ? s.strip() : s.substring(0, end));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static boolean readable() {
        try {
            return Files.isReadable(Path.of("/proc/self/schedstat")) && Files.isDirectory(TASKS);
        } catch (SecurityException e) {
            return false;
        }
    }
}
