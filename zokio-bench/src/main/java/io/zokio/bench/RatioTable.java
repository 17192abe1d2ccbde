package io.zokio.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> stateless; call from one thread at a time per output stream.
 *
 * <p>The summary printed after all benches: for each measured result, its median ops/s (over its rounds, see
 * {@link Rounds}) divided by the median ops/s of each
 * baseline of the same bench and group (for echo, the same connection count). Above 1.00x means faster than
 * the baseline. Benches without baselines show the Zokio backends against each other.
 */
public final class RatioTable {
    private static final String CPU_KEY = "server_cpu_s_per_100k";
    private static final String CLIENT_CPU_KEY = "client_cpu_s_per_100k";
    private static final String REQS_PER_CPU_KEY = "reqs_per_cpu_s";

    private RatioTable() {
    }

    public static void print(PrintStream out, List<Result> results, Map<String, List<String>> baselinesByBench) {
        out.println();
        out.println("# ratios (median ops_per_sec of impl / median ops_per_sec of baseline; same invocation, same "
                + "machine)");
        out.println("# cpu_ratio (echo): server CPU seconds per round trip of impl / of baseline, medians of rounds; "
                + "below 1 is leaner");
        out.println("# cpu_ratio (pg, redis): client (bench JVM) CPU seconds per operation, medians of rounds");
        out.println(String.format(Locale.ROOT, "%-13s %-16s %-16s %-16s %12s %8s %10s",
                "bench", "group", "impl", "baseline", "ops_per_sec", "ratio", "cpu_ratio"));
        Map<String, List<Result>> byGroup = new LinkedHashMap<>();
        for (Result r : results) {
            byGroup.computeIfAbsent(r.bench() + "\u0000" + r.group(), k -> new ArrayList<>()).add(r);
        }
        for (List<Result> group : byGroup.values()) {
            String bench = group.getFirst().bench();
            List<String> baselines = baselinesByBench.getOrDefault(bench, List.of());
            if (baselines.isEmpty()) {
                baselines = List.of("zokio-nio"); // no external baseline: compare the backends
            }
            for (Result r : group) {
                if (r.isSkipped() || baselines.contains(r.impl())) {
                    continue;
                }
                for (String b : baselines) {
                    Result base = find(group, b);
                    String ratio = "n/a";
                    String cpuRatio = "-";
                    if (base != null && !base.isSkipped()) {
                        ratio = String.format(Locale.ROOT, "%.2fx", r.opsPerSec() / base.opsPerSec());
                        cpuRatio = cpuRatio(r, base);
                    }
                    out.println(String.format(Locale.ROOT, "%-13s %-16s %-16s %-16s %12s %8s %10s",
                            bench, r.group().isEmpty() ? "-" : r.group(), r.impl(), b, Result.rateText(r.opsPerSec()),
                            ratio, cpuRatio));
                }
            }
        }
        printCpuEfficiency(out, byGroup, baselinesByBench);
        out.flush();
    }

    /**
     * For benches whose lines carry {@code reqs_per_cpu_s} (the http hello benches, where the load generator
     * shares the cores and requests per server CPU-second is the headline): that figure of each impl over each
     * baseline's, both medians of rounds.
     */
    private static void printCpuEfficiency(PrintStream out, Map<String, List<Result>> byGroup,
            Map<String, List<String>> baselinesByBench) {
        boolean header = false;
        for (List<Result> group : byGroup.values()) {
            String bench = group.getFirst().bench();
            List<String> baselines = baselinesByBench.getOrDefault(bench, List.of());
            for (Result r : group) {
                String mine = r.extras().get(REQS_PER_CPU_KEY);
                if (r.isSkipped() || baselines.contains(r.impl()) || mine == null) {
                    continue;
                }
                if (!header) {
                    out.println();
                    out.println("# cpu efficiency (reqs_per_cpu_s of impl / reqs_per_cpu_s of baseline: requests per"
                            + " server CPU-second, medians of rounds; above 1 is leaner)");
                    out.println(String.format(Locale.ROOT, "%-15s %-36s %-14s %-16s %14s %8s",
                            "bench", "group", "impl", "baseline", "reqs_per_cpu_s", "ratio"));
                    header = true;
                }
                for (String b : baselines) {
                    Result base = find(group, b);
                    String theirs = base == null || base.isSkipped() ? null : base.extras().get(REQS_PER_CPU_KEY);
                    double them = theirs == null ? 0 : Double.parseDouble(theirs);
                    String ratio = them > 0 ? String.format(Locale.ROOT, "%.2fx", Double.parseDouble(mine) / them) : "n/a";
                    out.println(String.format(Locale.ROOT, "%-15s %-36s %-14s %-16s %14s %8s", bench,
                            r.group().isEmpty() ? "-" : r.group(), r.impl(), b, mine, ratio));
                }
            }
        }
    }

    private static String cpuRatio(Result r, Result base) {
        // the driver benches compare the client's CPU (the server is the same for both impls)
        String key = r.extras().containsKey(CLIENT_CPU_KEY) ? CLIENT_CPU_KEY : CPU_KEY;
        String a = r.extras().get(key);
        String b = base.extras().get(key);
        if (a == null || b == null) {
            return "-";
        }
        double bv = Double.parseDouble(b);
        return bv > 0 ? String.format(Locale.ROOT, "%.2fx", Double.parseDouble(a) / bv) : "n/a";
    }

    private static Result find(List<Result> group, String impl) {
        for (Result r : group) {
            if (r.impl().equals(impl)) {
                return r;
            }
        }
        return null;
    }
}
