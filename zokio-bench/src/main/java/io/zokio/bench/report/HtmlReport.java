package io.zokio.bench.report;

import java.util.List;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>The report as one self-contained HTML page: the run's header, the summary table, the chart inlined as
 * SVG, the results table (one row per result) and the workloads; no script, no external resource. The page is
 * also well-formed XML (void elements closed, no named entities), so tests can parse it.
 */
public final class HtmlReport {
    /** How to read the figures; shared with the markdown. */
    static final String READING = "Bars and figures are ops/s, higher is better. \"Zokio / baseline\" is the best"
            + " Zokio impl's ops/s over the best baseline's, same run and machine: above 1.00x Zokio is faster."
            + " \"vs best baseline\" divides each impl's ops/s by that best baseline's.";

    private static final String STYLE = """
            body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; margin: 24px; color: #222; }
            h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
            ul.run { color: #444; padding-left: 18px; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.baseline td.impl { font-style: italic; }
            tr.skipped td { color: #777; font-style: italic; }
            td.details { font-family: monospace; font-size: 12px; }
            dt { font-weight: bold; margin-top: 6px; } dd { margin-left: 18px; color: #444; }
            """;

    private HtmlReport() {
    }

    /** The page, with {@code svg} (from {@link SvgChart#render}) inlined. */
    public static String render(Report report, String svg) {
        StringBuilder sb = new StringBuilder(svg.length() + 16384);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(Text.xml("Zokio benchmark report, " + report.run().date())).append("</title>\n<style>\n")
                .append(STYLE).append("</style>\n</head>\n<body>\n<h1>Zokio benchmark report</h1>\n")
                .append("<ul class=\"run\">\n");
        for (String line : report.run().lines()) {
            sb.append("<li>").append(Text.xml(line)).append("</li>\n");
        }
        sb.append("</ul>\n<p>").append(Text.xml(READING)).append("</p>\n<h2>Summary</h2>\n");
        table(sb, "summary", Tables.SUMMARY_HEADER, Tables.summaryRows(report), false);
        sb.append("<h2>Chart</h2>\n<div class=\"chart\">\n").append(svg).append("</div>\n<h2>Results</h2>\n");
        table(sb, "results", Tables.RESULTS_HEADER, Tables.resultRows(report), true);
        sb.append("<h2>Workloads</h2>\n<dl>\n");
        for (BenchSection s : report.sections()) {
            sb.append("<dt>").append(Text.xml(s.bench())).append("</dt><dd>").append(Text.xml(Tables.workload(s)));
            if (s.aborted() != null) {
                sb.append("<br/>aborted: ").append(Text.xml(s.aborted()));
            }
            sb.append("</dd>\n");
        }
        sb.append("</dl>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, String id, List<String> header, List<List<String>> rows,
            boolean results) {
        sb.append("<table id=\"").append(id).append("\">\n<thead><tr>");
        for (String h : header) {
            sb.append("<th>").append(Text.xml(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            String cls = !results ? "" : row.get(Tables.RESULTS_RATE).equals(Tables.SKIPPED) ? " class=\"skipped\""
                    : " class=\"" + Text.xml(row.get(Tables.RESULTS_ROLE)) + "\"";
            sb.append("<tr").append(cls).append('>');
            for (int i = 0; i < row.size(); i++) {
                sb.append("<td").append(cellClass(header.get(i), results)).append('>').append(Text.xml(row.get(i)))
                        .append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static String cellClass(String column, boolean results) {
        return switch (column) {
            case Tables.RATE, "vs best baseline", "Zokio / baseline" -> " class=\"num\"";
            case "impl" -> results ? " class=\"impl\"" : "";
            case "details" -> " class=\"details\"";
            default -> "";
        };
    }
}
