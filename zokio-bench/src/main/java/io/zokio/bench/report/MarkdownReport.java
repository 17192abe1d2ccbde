package io.zokio.bench.report;

import java.util.List;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>The report as GitHub-flavoured markdown: the run's header, the summary table (per bench and group: best
 * Zokio impl, best baseline, their ratio), a link to the chart, the results table with exactly one row per
 * result (skipped ones with their reason) and each bench's workload line. Cells come from {@link Tables}.
 */
public final class MarkdownReport {
    /** Heading of the results table; readers and tests find the one-row-per-result table under it. */
    public static final String RESULTS_HEADING = "## Results";

    private MarkdownReport() {
    }

    /** The markdown text; {@code chartFile} is the chart's path relative to the markdown file. */
    public static String render(Report report, String chartFile) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("# Zokio benchmark report\n\n");
        for (String line : report.run().lines()) {
            sb.append("- ").append(Text.md(line)).append('\n');
        }
        sb.append("\n").append(HtmlReport.READING).append("\n\n## Summary\n\n");
        table(sb, Tables.SUMMARY_HEADER, "|---|---|---|---:|---|---:|---:|", Tables.summaryRows(report));
        sb.append("\n![benchmark chart](").append(chartFile).append(")\n\n");
        sb.append(RESULTS_HEADING).append("\n\n");
        table(sb, Tables.RESULTS_HEADER, "|---|---|---|---|---:|---:|---|", Tables.resultRows(report));
        sb.append("\n## Workloads\n\n");
        for (BenchSection s : report.sections()) {
            sb.append("- **").append(Text.md(s.bench())).append("**: ").append(Text.md(Tables.workload(s)))
                    .append('\n');
            if (s.aborted() != null) {
                sb.append("  - aborted: ").append(Text.md(s.aborted())).append('\n');
            }
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<String> header, String rule, List<List<String>> rows) {
        row(sb, header);
        sb.append(rule).append('\n');
        rows.forEach(r -> row(sb, r));
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(Text.md(c)).append(" |");
        }
        sb.append('\n');
    }
}
