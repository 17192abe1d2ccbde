package io.zokio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>CPU time of a process from {@code /proc/<pid>/stat} (utime + stime, all threads, in clock ticks of
 * {@code USER_HZ}, which is 100 on Linux x86-64 and aarch64 builds). Stateless; any thread.
 */
public final class ProcCpu {
    /** {@code sysconf(_SC_CLK_TCK)}: fixed at 100 by the kernel ABI for /proc on these architectures. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcCpu() {
    }

    /** CPU seconds (user + system) used so far by {@code pid}. */
    public static double cpuSeconds(long pid) throws IOException {
        long[] t = ticks(pid);
        return (t[0] + t[1]) / TICKS_PER_SECOND;
    }

    /** CPU seconds spent in the kernel on behalf of {@code pid} so far (system time only). */
    public static double systemSeconds(long pid) throws IOException {
        return ticks(pid)[1] / TICKS_PER_SECOND;
    }

    /** {utime, stime} of {@code pid} in clock ticks. */
    private static long[] ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // field 2 (comm) is parenthesised and may contain spaces: the fields after it start past the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime is field 14 and stime field 15 (proc(5))
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
