package io.zokio.bench.report;

import io.zokio.bench.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>The cells of the report's two tables, shared by the markdown and HTML writers so that both show the same
 * figures: the summary (one row per bench and group) and the results (one row per {@link Result}). A rate is the
 * median of the result's rounds, followed by the lowest and highest round's rate in parentheses (the spread).
 */
public final class Tables {
    /** The header of a rate column: the median of the rounds, then the spread. */
    public static final String RATE = "ops/s median (min-max)";
    public static final List<String> SUMMARY_HEADER =
            List.of("bench", "group", "best Zokio", RATE, "best baseline", RATE, "Zokio / baseline");
    public static final List<String> RESULTS_HEADER =
            List.of("bench", "group", "impl", "role", RATE, "vs best baseline", "details");
    /** Columns of {@link #RESULTS_HEADER} the writers read back: the role, and the rate ("skipped" if so). */
    public static final int RESULTS_ROLE = 3;
    public static final int RESULTS_RATE = 4;
    public static final String SKIPPED = "skipped";
    /** The pairs shown beside the median rate ({@link #withSpread}) rather than among the details. */
    private static final List<String> SPREAD_KEYS = List.of("min", "max");

    private Tables() {
    }

    /** Per bench and group: best Zokio impl and rate, best baseline and rate, ratio. */
    public static List<List<String>> summaryRows(Report report) {
        List<List<String>> rows = new ArrayList<>();
        for (BenchSection s : report.sections()) {
            for (BenchSection.GroupSummary g : s.summaries()) {
                String ratio = s.baselines().isEmpty() ? "no external baseline" : Text.ratio(g.ratio());
                rows.add(List.of(s.bench(), dash(g.group()), impl(g.bestZokio()), rate(g.bestZokio()),
                        impl(g.bestBaseline()), rate(g.bestBaseline()), ratio));
            }
        }
        return rows;
    }

    /** One row per result, in section and group order; a skipped result's details are its reason. */
    public static List<List<String>> resultRows(Report report) {
        List<List<String>> rows = new ArrayList<>();
        for (BenchSection s : report.sections()) {
            for (Map.Entry<String, List<Result>> g : s.groups().entrySet()) {
                Result base = s.best(g.getValue(), Role.BASELINE);
                for (Result r : g.getValue()) {
                    String vs = r.isSkipped() || base == null ? "-" : Text.ratio(r.opsPerSec() / base.opsPerSec());
                    rows.add(List.of(s.bench(), dash(g.getKey()), r.impl(), s.role(r.impl()).label(),
                            r.isSkipped() ? SKIPPED : withSpread(r), vs,
                            r.isSkipped() ? "skipped: " + r.skipped() : details(r)));
                }
            }
        }
        return rows;
    }

    /** The extras of {@code r} as {@code key=value} pairs, without the group's own pair. */
    static String details(Result r) {
        StringJoiner j = new StringJoiner(" ");
        r.extras().forEach((k, v) -> {
            if (!r.group().equals(k + "=" + v) && !SPREAD_KEYS.contains(k)) {
                j.add(k + "=" + v);
            }
        });
        return dash(j.toString());
    }

    /** The bench's header line without its leading {@code name: }, which the writers show beside it. */
    public static String workload(BenchSection s) {
        String h = s.header();
        return dash(h.startsWith(s.bench() + ": ") ? h.substring(s.bench().length() + 2) : h);
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    private static String impl(Result r) {
        return r == null ? "-" : r.impl();
    }

    private static String rate(Result r) {
        return r == null ? "-" : withSpread(r);
    }

    /** The median rate, then the lowest and highest round's in parentheses when the result has rounds. */
    static String withSpread(Result r) {
        String min = r.extras().get("min");
        String max = r.extras().get("max");
        String median = Text.grouped(r.opsPerSec());
        if (min == null || max == null) {
            return median;
        }
        try {
            return median + " (" + Text.grouped(Double.parseDouble(min)) + "-" + Text.grouped(Double.parseDouble(max))
                    + ")";
        } catch (NumberFormatException e) {
            return median;
        }
    }
}
