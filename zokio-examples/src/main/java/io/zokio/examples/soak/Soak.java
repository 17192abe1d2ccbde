package io.zokio.examples.soak;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * <b>Threading:</b> {@link #run} on one platform thread, which reports; the loads run on the client runtime.
 *
 * <p>The soak run: every load of this package at once for a fixed time on one backend, one line per interval,
 * a verdict at the end (see the package documentation). {@code ./zokio soak --minutes N [--backend uring|nio]}.
 */
public final class Soak {
    /** A load with no progress for this long counts as hung (a lost completion or a deadlock). */
    static final int STALL_SECONDS = 60;
    private static final Duration FINISH_LIMIT = Duration.ofSeconds(60);
    private static final String[] ALL_LOADS = {"echo", "http", "files", "timers", "tasks"};

    private Soak() {
    }

    /** Options: how long, on which backend, how often to report, and the seed of every random choice. */
    record Options(Duration length, BackendKind backend, Duration every, long seed, java.util.Set<String> loads,
            boolean verify) {
        static Options parse(String[] args) {
            Duration length = Duration.ofMinutes(1);
            BackendKind backend = BackendKind.AUTO;
            Duration every = null;
            long seed = 42;
            java.util.Set<String> loads = java.util.Set.of(ALL_LOADS);
            boolean verify = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--verify")) {
                    verify = true;
                    continue;
                }
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--minutes" -> length = Duration.ofSeconds(Math.round(60 * positive(a, v)));
                    case "--seconds" -> length = Duration.ofSeconds(Math.round(positive(a, v)));
                    case "--report-seconds" -> every = Duration.ofSeconds(Math.round(positive(a, v)));
                    case "--seed" -> seed = Long.parseLong(need(a, v));
                    case "--loads" -> {
                        loads = java.util.Set.of(need(a, v).split(","));
                        if (!java.util.Set.of(ALL_LOADS).containsAll(loads)) {
                            throw new IllegalArgumentException("--loads takes a subset of "
                                    + String.join(",", ALL_LOADS) + ": " + v);
                        }
                    }
                    case "--backend" -> backend = switch (need(a, v)) {
                        case "uring", "io_uring" -> BackendKind.IO_URING;
                        case "nio" -> BackendKind.NIO;
                        case "auto" -> BackendKind.AUTO;
                        default -> throw new IllegalArgumentException("--backend must be uring, nio or auto: " + v);
                    };
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (use --minutes N | --seconds N, --backend uring|nio|auto, --report-seconds N,"
                            + " --seed N, --loads " + String.join(",", ALL_LOADS) + ", --verify)");
                }
                i++;
            }
            if (every == null) {
                every = length.compareTo(Duration.ofMinutes(5)) >= 0 ? Duration.ofMinutes(1)
                        : Duration.ofSeconds(Math.max(1, length.toSeconds() / 10));
            }
            return new Options(length, backend, every, seed, loads, verify);
        }

        private static String need(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

        private static double positive(String option, String value) {
            double d = Double.parseDouble(need(option, value));
            if (!(d > 0)) {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return d;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(o, System.out) ? 0 : 1);
    }

    /** Runs the soak; prints its lines to {@code out}; returns true when no error was found. */
    public static boolean run(Options o, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("zokio-soak");
        SoakErrors errors = new SoakErrors();
        List<ProcessSample> samples = new ArrayList<>();
        // the JDK's NIO keeps one end of a socket pair open for good once a socket channel is first used (it
        // dup2()s it over descriptors closed asynchronously); open a channel first so that it is in the baseline
        java.nio.channels.SocketChannel.open().close();
        long fdsBefore = ProcessSample.openFds();
        java.util.Map<String, String> fdsBeforeNamed = ProcessSample.fdTargets();
        List<io.zokio.testkit.fault.FaultyBackend> checkers = new java.util.concurrent.CopyOnWriteArrayList<>();
        var builder = Runtime.builder().workers(2).backend(o.backend()).threadNamePrefix("zokio-soak-");
        if (o.verify()) {
            // no faults injected: the decorator only counts every completion per operation (exactly once)
            io.zokio.testkit.fault.FaultInjection.configure(builder, io.zokio.testkit.fault.FaultConfig.none(o.seed()),
                    checkers::add);
        }
        Runtime rt = builder.build();
        String backend = rt.backendName();
        List<Load> loads = new ArrayList<>(List.of(new EchoLoad(errors, o.backend(), 4, o.seed()),
                new HttpLoad(errors, o.backend(), 4, dir, o.seed() + 100),
                new FileLoad(errors, dir, o.seed() + 200), new TimerLoad(errors, o.seed() + 300),
                new TaskLoad(errors, o.seed() + 400)));
        loads.removeIf(l -> !o.loads().contains(l.name));
        out.printf(Locale.ROOT, "soak: %s on %s, seed %d, lines every %ds; loads: echo (loop and vthread servers),"
                + " http (file server), files (%d MiB, checksummed blocks), timers, tasks; running: %s%n",
                o.length(), backend, o.seed(), o.every().toSeconds(), FileLoad.FILE_BYTES >> 20,
                loads.stream().map(l -> l.name).toList());
        long start = System.nanoTime();
        try {
            for (Load l : loads) {
                l.start(rt);
            }
            long[] lastOps = new long[loads.size()];
            long lastNs = start;
            long end = start + o.length().toNanos();
            int n = 0;
            while (System.nanoTime() < end && errors.count() == 0) {
                long next = Math.min(end, start + (++n) * o.every().toNanos());
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                long now = System.nanoTime();
                ProcessSample s = ProcessSample.now(rt.metrics().buffers().inUseBuffers());
                samples.add(s);
                out.println(line(now - start, backend, loads, lastOps, (now - lastNs) / 1e9, s, errors));
                lastNs = now;
                for (Load l : loads) {
                    if (l.idleNanos() > STALL_SECONDS * 1_000_000_000L) {
                        errors.record(l.name, "no progress for " + STALL_SECONDS + " s (a lost completion?)");
                    }
                }
            }
        } finally {
            for (Load l : loads) {
                l.finish(FINISH_LIMIT);
            }
            long inUse = rt.metrics().buffers().inUseBuffers();
            if (inUse != 0) {
                errors.record("buffers", inUse + " pooled buffers still in use after every load ended");
            }
            for (Load l : loads) {
                try {
                    l.close();
                } catch (Exception e) {
                    errors.record(l.name, "close: " + e);
                }
            }
            rt.close();
            deleteTree(dir);
            for (io.zokio.testkit.fault.FaultyBackend c : checkers) {
                if (c.violation() != null) {
                    errors.record("exactly-once", c.violation());
                }
                if (c.counts().lost() != 0) {
                    errors.record("exactly-once", c.counts().lost() + " operations never completed: " + c.counts());
                }
            }
            if (o.verify()) {
                long submitted = checkers.stream().mapToLong(c -> c.counts().submitted()).sum();
                long delivered = checkers.stream().mapToLong(c -> c.counts().delivered()).sum();
                out.printf(Locale.ROOT, "soak: exactly-once checker on the client runtime: %d operations submitted,"
                        + " %d delivered, %d lost, %d violations%n", submitted, delivered,
                        checkers.stream().mapToLong(c -> c.counts().lost()).sum(),
                        checkers.stream().filter(c -> c.violation() != null).count());
            }
        }
        boolean ok = verdict(o, backend, loads, samples, fdsBefore, errors, System.nanoTime() - start, out);
        if (ProcessSample.openFds() > fdsBefore) {
            java.util.Map<String, String> now = ProcessSample.fdTargets();
            now.entrySet().removeAll(fdsBeforeNamed.entrySet());
            now.replaceAll((fd, target) -> ProcessSample.describe(target));
            out.println("soak: descriptors opened during the run and still open: " + now);
        }
        return ok;
    }

    private static String line(long elapsedNs, String backend, List<Load> loads, long[] lastOps, double seconds,
            ProcessSample s, SoakErrors errors) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "soak t=%.1fmin backend=%s",
                elapsedNs / 60e9, backend));
        for (int i = 0; i < loads.size(); i++) {
            long ops = loads.get(i).ops();
            b.append(String.format(Locale.ROOT, " %s/s=%.0f", loads.get(i).name, (ops - lastOps[i]) / seconds));
            lastOps[i] = ops;
        }
        b.append(String.format(Locale.ROOT, " rss_mb=%.1f native_mb=%s fds=%d threads=%d buffers_in_use=%d errors=%d",
                s.rssKb() / 1024.0, s.nativeKb() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", s.nativeKb() / 1024.0),
                s.fds(), s.threads(), s.buffersInUse(), errors.count()));
        return b.toString();
    }

    private static boolean verdict(Options o, String backend, List<Load> loads, List<ProcessSample> samples,
            long fdsBefore, SoakErrors errors, long elapsedNs, PrintStream out) {
        List<String> growth = new ArrayList<>();
        addIfNotNull(growth, GrowthCheck.check(samples, "rss_kb", ProcessSample::rssKb, 64 * 1024, 0.25));
        addIfNotNull(growth, GrowthCheck.check(samples, "native_kb", ProcessSample::nativeKb, 64 * 1024, 0.25));
        addIfNotNull(growth, GrowthCheck.check(samples, "fds", ProcessSample::fds, 32, 0));
        addIfNotNull(growth, GrowthCheck.check(samples, "threads", ProcessSample::threads, 16, 0));
        addIfNotNull(growth, GrowthCheck.check(samples, "buffers_in_use", ProcessSample::buffersInUse, 256, 0));
        for (String g : growth) {
            errors.record("growth", g);
        }
        long fdsAfter = ProcessSample.openFds();
        if (fdsAfter > fdsBefore) {
            errors.record("fds", (fdsAfter - fdsBefore) + " file descriptors still open after every runtime closed");
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "soak: %s after %.1f min on %s:",
                errors.count() == 0 ? "PASS" : "FAIL", elapsedNs / 60e9, backend));
        for (Load l : loads) {
            b.append(' ').append(l.name).append('=').append(l.ops());
        }
        if (samples.size() >= 2) {
            ProcessSample first = samples.get(Math.max(1, samples.size() / 4) - 1);
            ProcessSample last = samples.get(samples.size() - 1);
            b.append(String.format(Locale.ROOT, " rss_drift_mb=%+.1f fd_drift=%+d",
                    (last.rssKb() - first.rssKb()) / 1024.0, last.fds() - first.fds()));
            if (first.nativeKb() >= 0) {
                b.append(String.format(Locale.ROOT, " native_drift_mb=%+.1f", (last.nativeKb() - first.nativeKb()) / 1024.0));
            }
        }
        b.append(" fds_after_close=").append(fdsAfter - fdsBefore).append(" errors=").append(errors.count());
        out.println(b);
        for (String e : errors.first()) {
            out.println("soak error: " + e);
        }
        return errors.count() == 0;
    }

    private static void addIfNotNull(List<String> list, String s) {
        if (s != null) {
            list.add(s);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
