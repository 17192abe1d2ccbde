package io.zokio.bench.report;

import io.zokio.bench.Result;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>The report's chart, written by hand as SVG 1.1: one panel per bench, each with its own value axis
 * ({@link Axis#choose}: linear or log), one horizontal bar of ops/s per result, grouped by
 * {@link Result#group()}. Zokio impls are solid blue, baselines hatched orange, other impls grey; a skipped impl
 * gets a line with its reason instead of a bar. Every bar has a {@code <title>} tooltip with the exact figure.
 * Bars carry {@code class="bar"} and skip lines {@code class="skipped"}, one per result (tests count them).
 *
 * <p>Text widths are estimated (no font metrics without a renderer): labels are clipped to the space the layout
 * gives them, with the full text in the tooltip.
 */
public final class SvgChart {
    static final int WIDTH = 960;
    private static final int PAD = 16;
    private static final int ROW = 20;
    private static final int BAR_H = 13;
    private static final int VALUE_W = 64;
    /** Estimated advance of one character at 12 px in a sans-serif font (generous, so that text fits). */
    private static final double CHAR_W = 7.0;
    private static final String FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
    static final String ZOKIO_FILL = "#2f6db5";
    static final String BASELINE_FILL = "#e0892f";
    static final String OTHER_FILL = "#8c8c8c";
    /** Pattern id; prefixed so that it does not clash with ids of the HTML page the chart is inlined in. */
    private static final String HATCH_ID = "zokio-report-hatch";

    /** The XML declaration that opens a standalone chart file. */
    public static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private SvgChart() {
    }

    /** The chart as a standalone SVG file: XML declaration and the {@code <svg>} element. */
    public static String document(Report report) {
        return PROLOG + render(report);
    }

    /** The {@code <svg>} element alone, for inlining in HTML. */
    public static String render(Report report) {
        int labelW = labelWidth(report);
        int x0 = PAD + labelW;
        int barW = WIDTH - x0 - VALUE_W - PAD;
        StringBuilder body = new StringBuilder(8192);
        int y = PAD;
        text(body, PAD, y + 18, "font-size=\"18\" font-weight=\"bold\"", "Zokio benchmarks");
        y += 28;
        RunInfo run = report.run();
        int chars = (int) ((WIDTH - 2 * PAD) / 6.2);
        for (String line : List.of(run.date() + " \u00b7 " + run.scale(), run.machine(), "jdk " + run.jdk())) {
            text(body, PAD, y + 11, "font-size=\"11\" fill=\"#555\"", Text.clip(line, chars));
            y += 15;
        }
        y += 6;
        y = legend(body, y);
        for (BenchSection s : report.sections()) {
            y = section(body, s, y + 14, x0, barW);
        }
        int height = y + PAD;
        StringBuilder svg = new StringBuilder(body.length() + 1024);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"%s\" font-size=\"12\" role=\"img\">\n",
                WIDTH, height, WIDTH, height, FONT));
        svg.append("<title>").append(Text.xml("Zokio benchmarks, " + run.date())).append("</title>\n");
        svg.append("<defs><pattern id=\"").append(HATCH_ID).append("\" patternUnits=\"userSpaceOnUse\" width=\"6\""
                + " height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"")
                .append(BASELINE_FILL).append("\"/><rect width=\"2\" height=\"6\" fill=\"#ffffff\""
                        + " fill-opacity=\"0.55\"/></pattern></defs>\n");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", WIDTH,
                height));
        svg.append(body);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The fill attribute value of a bar of {@code role}. */
    static String fill(Role role) {
        return switch (role) {
            case ZOKIO -> ZOKIO_FILL;
            case BASELINE -> "url(#" + HATCH_ID + ")";
            case OTHER -> OTHER_FILL;
        };
    }

    private static int legend(StringBuilder sb, int y) {
        int x = PAD;
        for (Role role : Role.values()) {
            sb.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\" fill=\"%s\"%s/>", x, y, fill(role),
                    role == Role.BASELINE ? " stroke=\"" + BASELINE_FILL + "\"" : ""));
            String label = role == Role.ZOKIO ? "Zokio" : role == Role.BASELINE ? "baseline" : "other";
            text(sb, x + 19, y + 10, "", label);
            x += 19 + (int) (label.length() * CHAR_W) + 18;
        }
        text(sb, x + 8, y + 10, "fill=\"#555\"",
                "bars: ops/s, higher is better; each bench has its own scale; hover a bar for the exact figure");
        return y + 16;
    }

    private static int section(StringBuilder out, BenchSection s, int y, int x0, int barW) {
        double[] range = s.range();
        Axis axis = Axis.choose(range[0], range[1]);
        Map<String, List<Result>> groups = s.groups();
        boolean named = groups.size() > 1 || (groups.size() == 1 && !groups.containsKey(""));
        List<BenchSection.GroupSummary> sums = s.summaries();
        StringBuilder sb = new StringBuilder(2048);
        String title = s.results().isEmpty() ? "no results" : "ops/s, " + axis.describe()
                + (named ? "" : " \u00b7 " + ratioText(s, sums.getFirst()));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"><tspan font-size=\"14\" font-weight=\"bold\">",
                PAD, y + 14)).append(Text.xml(s.bench())).append("</tspan><tspan fill=\"#555\" dx=\"8\">")
                .append(Text.xml(title)).append("</tspan></text>\n");
        y += 22;
        if (s.aborted() != null) {
            text(sb, PAD, y + 11, "font-size=\"11\" fill=\"#b00020\"",
                    Text.clip("aborted: " + s.aborted(), (int) ((WIDTH - 2 * PAD) / 6.2)));
            y += 16;
        }
        if (s.results().isEmpty()) {
            out.append(sb);
            return y;
        }
        for (double t : axis.ticks()) {
            double x = x0 + axis.fraction(t) * barW;
            sb.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#666\" text-anchor=\"middle\">%s</text>",
                    x, y + 10, Text.xml(Text.si(t))));
        }
        sb.append('\n');
        y += 14;
        int gridTop = y;
        StringBuilder rows = new StringBuilder(2048);
        int i = 0;
        for (Map.Entry<String, List<Result>> g : groups.entrySet()) {
            if (named) {
                String sub = (g.getKey().isEmpty() ? "(no group)" : g.getKey()) + " \u00b7 "
                        + ratioText(s, sums.get(i));
                text(rows, PAD, y + 13, "font-weight=\"bold\" fill=\"#333\"", sub);
                y += 18;
            }
            for (Result r : g.getValue()) {
                row(rows, s, r, axis, y, x0, barW);
                y += ROW;
            }
            i++;
        }
        for (double t : axis.ticks()) {
            double x = x0 + axis.fraction(t) * barW;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e3e3\"/>", x, gridTop - 2, x, y));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n",
                x0, gridTop - 2, x0, y));
        out.append(sb).append(rows);
        return y;
    }

    private static void row(StringBuilder sb, BenchSection s, Result r, Axis axis, int y, int x0, int barW) {
        Role role = s.role(r.impl());
        int labelChars = (int) ((x0 - PAD - 8) / CHAR_W);
        String tip = r.impl() + " (" + role.label() + "): "
                + (r.isSkipped() ? "skipped: " + r.skipped() : Tables.withSpread(r) + " ops/s")
                + (r.group().isEmpty() ? "" : ", " + r.group());
        sb.append("<g><title>").append(Text.xml(tip)).append("</title>");
        String labelAttrs = "text-anchor=\"end\"" + (role == Role.BASELINE ? " font-style=\"italic\"" : "");
        text(sb, x0 - 6, y + ROW / 2 + 4, labelAttrs, Text.clip(r.impl(), labelChars));
        if (r.isSkipped()) {
            int chars = (int) ((barW + VALUE_W) / 6.2) - 10;
            text(sb, x0 + 6, y + ROW / 2 + 4,
                    "class=\"skipped\" font-size=\"11\" font-style=\"italic\" fill=\"#777\"",
                    "skipped: " + Text.clip(r.skipped(), chars));
        } else {
            double w = Math.max(1, axis.fraction(r.opsPerSec()) * barW);
            sb.append(String.format(Locale.ROOT,
                    "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"%s/>", x0,
                    y + (ROW - BAR_H) / 2, w, BAR_H, fill(role),
                    role == Role.BASELINE ? " stroke=\"" + BASELINE_FILL + "\" stroke-width=\"0.8\"" : ""));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>",
                    x0 + w + 4, y + ROW / 2 + 4, Text.xml(Text.si(r.opsPerSec()))));
        }
        sb.append("</g>\n");
    }

    /** "best Zokio / best baseline: 1.23x (a vs b)", or why there is no such ratio. */
    static String ratioText(BenchSection s, BenchSection.GroupSummary g) {
        if (s.baselines().isEmpty()) {
            return "no external baseline";
        }
        double r = g.ratio();
        if (Double.isNaN(r)) {
            return "best Zokio / best baseline: n/a (" + (g.bestZokio() == null ? "no Zokio impl" : "no baseline")
                    + " measured)";
        }
        return "best Zokio / best baseline: " + Text.ratio(r) + " (" + g.bestZokio().impl() + " vs "
                + g.bestBaseline().impl() + ")";
    }

    private static int labelWidth(Report report) {
        int longest = 8;
        for (Result r : report.results()) {
            longest = Math.max(longest, r.impl().length());
        }
        return (int) Math.max(110, Math.min(260, longest * CHAR_W + 14));
    }

    private static void text(StringBuilder sb, double x, int y, String attrs, String content) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\"%s%s>", x, y, attrs.isEmpty() ? "" : " ",
                attrs)).append(Text.xml(content)).append("</text>\n");
    }
}
