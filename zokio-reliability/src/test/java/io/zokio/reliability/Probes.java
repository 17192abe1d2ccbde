package io.zokio.reliability;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * <b>Threading:</b> any thread; every method reads process-wide state at the moment it is called.
 *
 * <p>What a runtime leaves behind, read from the process: open descriptors ({@code /proc/self/fd}), io_uring
 * mappings ({@code anon_inode:[io_uring]} lines of {@code /proc/self/maps}: the SQ/CQ rings and SQE arrays are
 * mmapped from the ring fd, outside every JVM accounting), Zokio's platform threads (named {@code zokio-*}),
 * and native memory by NMT category through the {@code DiagnosticCommand} MBean (the JVM must run with
 * {@code -XX:NativeMemoryTracking=summary}).
 */
final class Probes {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path MAPS = Path.of("/proc/self/maps");
    /** "- Other (reserved=123KB, committed=45KB)" and the "Total: reserved=..., committed=..." line. */
    private static final Pattern CATEGORY = Pattern.compile(
            "^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);
    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB",
            Pattern.MULTILINE);
    private static final Pattern THREADS = Pattern.compile("\\(threads? #(\\d+)\\)");

    private Probes() {
    }

    static boolean procAvailable() {
        return Files.isDirectory(FDS) && Files.isReadable(MAPS);
    }

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(FDS)) {
            return s.count();
        }
    }

    /** Mappings of an io_uring fd (rings, SQE array, provided-buffer rings mapped by the kernel). */
    static long uringMappings() throws IOException {
        try (Stream<String> s = Files.lines(MAPS)) {
            return s.filter(l -> l.contains("io_uring")).count();
        }
    }

    /** Zokio's platform threads alive now (workers, blocking pool, NIO file pools, watchdog). */
    static List<Thread> zokioThreads() {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("zokio-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Joins every Zokio thread for up to {@code millisEach} (a thread may be between its last action and its
     * end), then returns the names of those still alive.
     */
    static List<String> zokioThreadsLeft(long millisEach) throws InterruptedException {
        List<String> left = new ArrayList<>();
        for (Thread t : zokioThreads()) {
            t.join(millisEach);
            if (t.isAlive()) {
                left.add(t.getName());
            }
        }
        return left;
    }

    /** One NMT summary: committed KiB per category, the total, and the thread count. */
    record Nmt(Map<String, Long> committedKb, long totalCommittedKb, long threads) {
        long kb(String category) {
            return committedKb.getOrDefault(category, 0L);
        }

        /**
         * Committed KiB outside the categories that move with the JIT and the GC and not with Zokio (Java heap,
         * code cache, compiler arenas, GC structures, class metadata, symbols): what a leak of native memory,
         * threads or mappings tracked by the JVM would grow.
         */
        long runtimeKb() {
            long sum = totalCommittedKb;
            for (String noisy : List.of("Java Heap", "Code", "Compiler", "Arena Chunk", "GC", "GCCardSet", "Class",
                    "Metaspace", "Symbol", "Shared class space", "Native Memory Tracking", "Module", "Tracing",
                    "Logging", "Statistics", "Serviceability", "Synchronization", "Object Monitors")) {
                sum -= kb(noisy);
            }
            return sum;
        }

        @Override
        public String toString() {
            return "total=" + totalCommittedKb + "KB runtime=" + runtimeKb() + "KB other=" + kb("Other") + "KB thread="
                    + kb("Thread") + "KB threads=" + threads;
        }
    }

    static boolean nmtEnabled() {
        return !nmtText().contains("not enabled");
    }

    static String nmtText() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=KB"}}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("vmNativeMemory summary: " + e, e);
        }
    }

    static Nmt nmt() {
        String text = nmtText();
        Map<String, Long> cats = new LinkedHashMap<>();
        Matcher m = CATEGORY.matcher(text);
        long threads = -1;
        while (m.find()) {
            cats.put(m.group(1).trim(), Long.parseLong(m.group(3)));
            if (m.group(1).trim().equals("Thread")) {
                Matcher t = THREADS.matcher(text);
                if (t.find(m.end())) {
                    threads = Long.parseLong(t.group(1));
                }
            }
        }
        Matcher t = TOTAL.matcher(text);
        if (!t.find()) {
            throw new IllegalStateException("no NMT total in: " + text.substring(0, Math.min(400, text.length())));
        }
        return new Nmt(cats, Long.parseLong(t.group(2)), threads);
    }

    /** Bytes of direct buffers and automatic-arena segments in use (the JDK's "direct" buffer pool). */
    static long directBytes() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        return 0;
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Collects garbage until the direct pool stops shrinking (its memory is freed by Cleaner threads after
     * the GC found the owners unreachable), at most {@code rounds} times. Each round waits for the collector
     * to have processed references (a sentinel's phantom reference is enqueued), not for a fixed time.
     */
    static void settleGc(int rounds) throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            awaitReferenceProcessing();
            Thread.yield(); // give the Cleaner thread, woken by the same pass, a turn before reading the pool
            long now = directBytes();
            if (now >= last && i >= 2) {
                return;
            }
            last = now;
        }
    }

    /** Runs a full GC and returns once it has enqueued a fresh sentinel's phantom reference. */
    private static void awaitReferenceProcessing() throws InterruptedException {
        java.lang.ref.ReferenceQueue<Object> q = new java.lang.ref.ReferenceQueue<>();
        java.lang.ref.PhantomReference<Object> ref = new java.lang.ref.PhantomReference<>(new Object(), q);
        do {
            System.gc(); // a request: repeat until a collection has actually processed the sentinel
        } while (q.remove(1_000) == null);
        java.lang.ref.Reference.reachabilityFence(ref);
    }
}
