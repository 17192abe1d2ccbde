package io.zokio.bench.report;

import io.zokio.bench.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>Everything a report shows: the run's header and one section per bench.
 *
 * @param run when, where and how the suite ran
 * @param sections one per bench, in run order
 */
public record Report(RunInfo run, List<BenchSection> sections) {

    public Report {
        Objects.requireNonNull(run, "run");
        sections = List.copyOf(sections);
    }

    /**
     * Groups {@code results} by bench name. Benches appear in the order of {@code headers} (the run order), then
     * any bench that reported results without a header; a bench with neither results nor an abort is left out.
     *
     * @param results every result of the run, in the order reported
     * @param baselinesByBench each bench's baselines
     * @param headers each bench's header line, in run order
     * @param aborted why a bench stopped early, for those that did
     */
    public static Report of(RunInfo run, List<Result> results, Map<String, List<String>> baselinesByBench,
            Map<String, String> headers, Map<String, String> aborted) {
        Map<String, List<Result>> byBench = new LinkedHashMap<>();
        for (Result r : results) {
            byBench.computeIfAbsent(r.bench(), k -> new ArrayList<>()).add(r);
        }
        Set<String> order = new LinkedHashSet<>(headers.keySet());
        order.addAll(byBench.keySet());
        List<BenchSection> sections = new ArrayList<>();
        for (String bench : order) {
            List<Result> rs = byBench.getOrDefault(bench, List.of());
            String abort = aborted.get(bench);
            if (rs.isEmpty() && abort == null) {
                continue;
            }
            sections.add(new BenchSection(bench, headers.get(bench), baselinesByBench.getOrDefault(bench, List.of()),
                    rs, abort));
        }
        return new Report(run, sections);
    }

    /** Every result, in section order. */
    public List<Result> results() {
        List<Result> all = new ArrayList<>();
        sections.forEach(s -> all.addAll(s.results()));
        return all;
    }
}
