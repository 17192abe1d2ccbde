package io.zokio.bench.report;

import io.zokio.bench.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>One bench's part of the report: its results (every impl, skipped ones included), its baselines and the
 * header line it printed before running.
 *
 * @param bench the bench name ({@code name=} of its results)
 * @param header the workload line the bench printed, or empty
 * @param baselines the impls that are baselines of this bench; empty when it has no external baseline
 * @param results the bench's results in report order
 * @param aborted why the bench stopped early, or null when it ran to the end
 */
public record BenchSection(String bench, String header, List<String> baselines, List<Result> results,
        String aborted) {

    public BenchSection {
        Objects.requireNonNull(bench, "bench");
        header = header == null ? "" : header;
        baselines = List.copyOf(baselines);
        results = List.copyOf(results);
    }

    /** The summary of one group: its best Zokio impl and best baseline (each null when none was measured). */
    public record GroupSummary(String group, Result bestZokio, Result bestBaseline) {
        /** Best Zokio ops/s over best baseline ops/s; NaN when either is missing or the baseline measured 0. */
        public double ratio() {
            if (bestZokio == null || bestBaseline == null || !(bestBaseline.opsPerSec() > 0)) {
                return Double.NaN;
            }
            return bestZokio.opsPerSec() / bestBaseline.opsPerSec();
        }
    }

    public Role role(String impl) {
        if (baselines.contains(impl)) {
            return Role.BASELINE;
        }
        return impl.startsWith("zokio") ? Role.ZOKIO : Role.OTHER;
    }

    /** Results by {@link Result#group()}, groups and results in report order; one "" group for most benches. */
    public Map<String, List<Result>> groups() {
        Map<String, List<Result>> m = new LinkedHashMap<>();
        for (Result r : results) {
            m.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** One summary per group, in group order. */
    public List<GroupSummary> summaries() {
        List<GroupSummary> out = new ArrayList<>();
        groups().forEach((g, rs) -> out.add(new GroupSummary(g, best(rs, Role.ZOKIO), best(rs, Role.BASELINE))));
        return out;
    }

    /** The measured result with the highest ops/s among those of {@code role}, or null. */
    public Result best(List<Result> rs, Role role) {
        Result best = null;
        for (Result r : rs) {
            if (!r.isSkipped() && role(r.impl()) == role && (best == null || r.opsPerSec() > best.opsPerSec())) {
                best = r;
            }
        }
        return best;
    }

    /** Lowest and highest measured ops/s over all groups; {@code {NaN, NaN}} when nothing was measured. */
    public double[] range() {
        double lo = Double.NaN;
        double hi = Double.NaN;
        for (Result r : results) {
            if (!r.isSkipped()) {
                double v = r.opsPerSec();
                lo = Double.isNaN(lo) ? v : Math.min(lo, v);
                hi = Double.isNaN(hi) ? v : Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }
}
