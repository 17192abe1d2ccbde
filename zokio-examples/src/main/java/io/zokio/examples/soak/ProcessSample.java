package io.zokio.examples.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * <b>Threading:</b> any thread; an immutable sample.
 *
 * <p>What the process holds at one moment: resident memory and OS threads from {@code /proc/self/status}, open
 * file descriptors from {@code /proc/self/fd}, native memory committed as native memory tracking reports it
 * (-1 without {@code -XX:NativeMemoryTracking}), and the pooled buffers in use as the caller passes them.
 */
record ProcessSample(long rssKb, long nativeKb, long fds, long threads, long buffersInUse) {
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    static ProcessSample now(long buffersInUse) {
        long rss = -1;
        long threads = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: reported as -1
        }
        return new ProcessSample(rss, nativeCommittedKb(), openFds(), threads, buffersInUse);
    }

    static long openFds() {
        return fdTargets().size();
    }

    /**
     * Whether a descriptor is of a kind the JVM opens for itself and keeps: the class loader opens classpath
     * jars lazily, the first time it searches them, and keeps them open; listing {@code /proc/self/fd} holds
     * one. Neither is Zokio's, so neither counts.
     */
    private static boolean jvmOwn(String target) {
        return target.endsWith(".jar") || target.endsWith("/lib/modules") || target.startsWith("/proc/");
    }

    /**
     * What each open descriptor points at ({@code /proc/self/fd} links), leaving out the JVM's own (see
     * {@link #jvmOwn}); the targets name a leak.
     */
    static java.util.Map<String, String> fdTargets() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (!jvmOwn(target)) {
                        out.put(p.getFileName().toString(), target);
                    }
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return out;
    }

    /**
     * The {@code /proc/net/tcp} and {@code tcp6} line of a {@code socket:[inode]} target (local and remote
     * address, state in hex), or the target itself when it is not a TCP socket.
     */
    static String describe(String target) {
        if (!target.startsWith("socket:[")) {
            return target;
        }
        String inode = target.substring(8, target.length() - 1);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[9].equals(inode)) {
                        return target + " tcp local=" + f[1] + " remote=" + f[2] + " state=" + f[3];
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
        }
        return target;
    }

    /** Native memory tracking's committed total in KiB, or -1 when tracking is off. */
    static long nativeCommittedKb() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            Matcher m = NMT_TOTAL.matcher(String.valueOf(out));
            return m.find() ? Long.parseLong(m.group(2)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
