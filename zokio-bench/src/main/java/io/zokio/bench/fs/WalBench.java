package io.zokio.bench.fs;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.Result;
import io.zokio.bench.Scale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> {@link #run} on the main thread; each impl runs its writers for one window and joins them
 * before the next impl starts.
 *
 * <p>{@code wal}: the durable-append path of a storage engine. {@value WalWindow#WRITERS} writers each append
 * {@value WalWindow#RECORD_BYTES}-byte records to one log file and wait until each is durable
 * ({@code fdatasync}), closed loop. The file is new each round, in the directory of the other file benches
 * ({@code -Dzokio.bench.dir}, else the temporary directory), so the disk and its flush cost are measured. Impls:
 * {@code zokio-group} ({@link io.zokio.fs.GroupCommitLog}) and {@code zokio} (AsyncFile write then fdatasync per
 * record), baselines {@code filechannel-group} (one committer thread: write what queued, one force) and
 * {@code filechannel-force} (write then force(false) per record). Rounds are interleaved, the impl order rotated
 * each round; a line carries its median round ({@code min=} and {@code max=} the extremes of the rounds'
 * records/s), {@code p50_ms} and {@code p99_ms} commit latency (medians of the rounds'), and
 * {@code records_per_sync}.
 */
public final class WalBench implements Bench {
    static final List<String> IMPLS = List.of("zokio-group", "zokio", "filechannel-group", "filechannel-force");

    @Override
    public String name() {
        return "wal";
    }

    @Override
    public String header(Options o) {
        return "wal: " + WalWindow.WRITERS + " writers append " + WalWindow.RECORD_BYTES + "-byte records to one "
                + "file, each waiting until its record is durable (fdatasync), closed loop; " + rounds(o.scale())
                + " interleaved rounds (impl order rotated) of " + windowMs(o.scale()) + " ms after "
                + warmMs(o.scale()) + " ms warm-up, a new file each round in " + dir() + "; impls zokio-group "
                + "(GroupCommitLog: one write linked to one fdatasync per batch), zokio (AsyncFile write + "
                + "fdatasync per record); baselines filechannel-group (one committer thread: gathering write of what "
                + "queued, one force(false)), filechannel-force (write + force(false) per record, virtual threads); "
                + "lines: median round, min/max records/s of the rounds, p50/p99 commit latency medians of rounds";
    }

    @Override
    public List<String> baselines() {
        return List.of("filechannel-group", "filechannel-force");
    }

    static int rounds(Scale s) {
        return s == Scale.TINY ? 1 : 5;
    }

    static long windowMs(Scale s) {
        return switch (s) {
            case FULL -> 10_000;
            case QUICK -> 1_000;
            case TINY -> 100;
        };
    }

    static long warmMs(Scale s) {
        return switch (s) {
            case FULL -> 1_000;
            case QUICK -> 250;
            case TINY -> 50;
        };
    }

    private static Path dir() {
        return Path.of(System.getProperty("zokio.bench.dir", System.getProperty("java.io.tmpdir")));
    }

    /** The impls to run: all, or those named by {@code -Dzokio.bench.impls=a,b} (for profiling). */
    static List<String> selected() {
        String p = System.getProperty("zokio.bench.impls");
        if (p == null || p.isBlank()) {
            return IMPLS;
        }
        List<String> names = new ArrayList<>();
        for (String n : p.split(",")) {
            if (IMPLS.contains(n.strip())) {
                names.add(n.strip());
            }
        }
        return names.isEmpty() ? IMPLS : names;
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        List<String> impls = selected();
        int rounds = rounds(o.scale());
        Map<String, List<WalWindow>> byImpl = new LinkedHashMap<>();
        Map<String, String> backends = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        String fsType = Files.getFileStore(dir()).type();
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < impls.size(); k++) {
                String impl = impls.get((k + round) % impls.size());
                if (failed.containsKey(impl)) {
                    continue;
                }
                Path file = Files.createTempFile(dir(), "zokio-wal-", ".log");
                try {
                    WalWindow w = new WalWindow();
                    long warm = warmMs(o.scale());
                    long window = windowMs(o.scale());
                    switch (impl) {
                        case "zokio-group" -> backends.put(impl, ZokioWal.group(file, w, warm, window, o.idleMode()));
                        case "zokio" -> backends.put(impl, ZokioWal.perRecord(file, w, warm, window, o.idleMode()));
                        case "filechannel-group" -> FileChannelWal.group(file, w, warm, window);
                        default -> FileChannelWal.force(file, w, warm, window);
                    }
                    w.finish();
                    byImpl.computeIfAbsent(impl, x -> new ArrayList<>()).add(w);
                } catch (Exception e) {
                    failed.put(impl, Reporter.reason(e));
                } finally {
                    deleteQuietly(file);
                }
                System.gc();
            }
        }
        Map<String, Double> p99 = new LinkedHashMap<>();
        for (String impl : impls) {
            Map<String, String> x = new LinkedHashMap<>();
            x.put("writers", Integer.toString(WalWindow.WRITERS));
            x.put("record_bytes", Integer.toString(WalWindow.RECORD_BYTES));
            x.put("fs", fsType);
            if (failed.containsKey(impl)) {
                reporter.skipped(name(), impl, x, "failed: " + failed.get(impl));
                continue;
            }
            List<WalWindow> ws = new ArrayList<>(byImpl.get(impl));
            ws.sort(Comparator.comparingDouble(WalBench::rate));
            WalWindow median = ws.get(ws.size() / 2);
            x.put("rounds", Integer.toString(ws.size()));
            x.put("min", fmt("%.0f", rate(ws.getFirst())));
            x.put("max", fmt("%.0f", rate(ws.getLast())));
            double p50 = median(ws, true);
            double p99Ms = median(ws, false);
            p99.put(impl, p99Ms);
            x.put("p50_ms", fmt("%.3f", p50));
            x.put("p99_ms", fmt("%.3f", p99Ms));
            x.put("records_per_sync", fmt("%.1f", median.ops / (double) Math.max(1, median.syncs)));
            if (backends.containsKey(impl)) {
                x.put("backend", backends.get(impl));
            }
            reporter.report(Result.measured(name(), impl, median.ops, median.secs, x));
        }
        Double mine = p99.get("zokio-group");
        Double theirs = p99.get("filechannel-group");
        if (mine != null && theirs != null && theirs > 0) {
            reporter.note("wal: p99 commit latency zokio-group / filechannel-group = " + fmt("%.2f", mine / theirs)
                    + "x (below 1 is faster)");
        }
    }

    private static double rate(WalWindow w) {
        return w.ops / w.secs;
    }

    private static double median(List<WalWindow> ws, boolean p50) {
        List<Double> v = new ArrayList<>();
        for (WalWindow w : ws) {
            v.add(p50 ? w.p50Ms : w.p99Ms);
        }
        v.sort(null);
        return v.get(v.size() / 2);
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file: the next run does not depend on it
        }
    }
}
