package io.zokio.bench;

import io.zokio.bench.fs.AllocBench;
import io.zokio.bench.fs.FileReadBench;
import io.zokio.bench.fs.FileSeqBench;
import io.zokio.bench.fs.PinningBench;
import io.zokio.bench.http.HttpHelloBench;
import io.zokio.bench.rt.MpscBench;
import io.zokio.bench.rt.SchedBench;
import io.zokio.bench.rt.TimersBench;
import io.zokio.bench.tls.TlsBench;
import io.zokio.bench.report.Report;
import io.zokio.bench.report.ReportFiles;
import io.zokio.bench.report.RunInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * <b>Threading:</b> single-threaded driver; benches start their own threads and processes.
 *
 * <p>Runs the benchmark suite: {@code BenchMain [NAME...] [--quick]}; no names means all benches. Each bench
 * measures in {@link Rounds} and prints one {@link Result} line per implementation (the median round's rate
 * with the lowest and highest) and the bench's wall time, then the {@link RatioTable} of medians and the
 * suite's wall time; with
 * {@code --report DIR} also writes the same results as a report ({@link io.zokio.bench.report}).
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Benches left out of an unnamed --quick or --tiny run (each takes more than a minute). */
    static final List<String> FULL_ONLY = List.of("http_plaintext", "http_json", "pg", "redis");

    /** Every bench, in run order. */
    static List<Bench> allBenches() {
        return List.of(new NopBench(), new PingPongBench(), new WakeupBench(), new EchoBench(),
                new SchedBench(SchedBench.Shape.SPAWN_MANY), new SchedBench(SchedBench.Shape.SPAWN_REMOTE),
                new SchedBench(SchedBench.Shape.YIELD_MANY), new SchedBench(SchedBench.Shape.PING_PONG),
                new SchedBench(SchedBench.Shape.CHAINED_SPAWN), new TimersBench(), new MpscBench(),
                new HttpBench(),
                // six server JVMs under wrk: in an unnamed --quick run only when named (see FULL_ONLY)
                new HttpHelloBench(HttpHelloBench.Kind.PLAINTEXT), new HttpHelloBench(HttpHelloBench.Kind.JSON),
                new TlsBench(),
                // real servers through drivers (io.zokio.bridge): in an unnamed --quick run only when named (see FULL_ONLY)
                new PgBench(), new RedisBench(),
                // files and buffers
                new FileReadBench(), new FileSeqBench(), new PinningBench(), new AllocBench(), new io.zokio.bench.fs.WalBench(),
                // process start
                new StartupBench());
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the suite, printing to {@code out}; returns the process exit status. */
    public static int run(String[] args, PrintStream out) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(Options.USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(Options.USAGE);
            return 2;
        }
        List<Bench> selected = new ArrayList<>();
        for (String n : options.names()) {
            Bench b = allBenches().stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
            if (b == null) {
                out.println("error: unknown bench '" + n + "'");
                out.println(Options.USAGE);
                return 2;
            }
            selected.add(b);
        }
        if (selected.isEmpty()) {
            for (Bench b : allBenches()) {
                // the driver benches start real servers and take over a minute each: only when named, or full
                if (options.scale() == Scale.FULL || !FULL_ONLY.contains(b.name())) {
                    selected.add(b);
                }
            }
        }
        Reporter reporter = new Reporter(out);
        reporter.note("zokio bench: scale=" + options.scale() + " cpus=" + Runtime.getRuntime().availableProcessors()
                + " java=" + System.getProperty("java.version") + " os=" + System.getProperty("os.name") + " "
                + System.getProperty("os.version"));
        Map<String, List<String>> baselines = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> aborted = new LinkedHashMap<>();
        int failures = 0;
        for (Bench b : selected) {
            baselines.put(b.name(), b.baselines());
            String header = b.header(options);
            headers.put(b.name(), header);
            reporter.note(header);
            long b0 = System.nanoTime();
            try {
                b.run(options, reporter);
            } catch (Exception e) {
                failures++;
                aborted.put(b.name(), Reporter.reason(e));
                reporter.note("bench " + b.name() + " aborted: " + Reporter.reason(e));
            }
            reporter.note(String.format(java.util.Locale.ROOT, "%s took %.1f s", b.name(),
                    (System.nanoTime() - b0) / 1e9));
        }
        RatioTable.print(out, reporter.results(), baselines);
        double suiteSecs = (System.nanoTime() - t0) / 1e9;
        reporter.note(String.format(java.util.Locale.ROOT, "suite took %.1f s", suiteSecs));
        if (options.reportDir() != null) {
            RunInfo run = RunInfo.current(started, suiteSecs,
                    options.scale() + ", idle " + options.idleMode().name().toLowerCase(java.util.Locale.ROOT),
                    "bench " + String.join(" ", args));
            Report report = Report.of(run, reporter.results(), baselines, headers, aborted);
            if (!writeReport(report, options.reportDir(), reporter)) {
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    // --report DIR: the same Result objects, rendered as markdown, SVG and HTML

    private static boolean writeReport(Report report, Path dir, Reporter reporter) {
        try {
            for (Path p : ReportFiles.write(report, dir)) {
                reporter.note("report: " + p.toAbsolutePath());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            reporter.note("report not written to " + dir + ": " + Reporter.reason(e));
            return false;
        }
    }
}
