package io.zokio.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.bench.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The three writers on a hand-built report: well-formed output, one row or bar per result, escaping, ratios. */
class ReportWritersTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    @Test
    void svgParsesWithOneBarOrSkipLinePerResult() throws Exception {
        Report report = ReportFixtures.report();
        Document doc = ReportFixtures.parse(SvgChart.document(report));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(SVG_NS, root.getNamespaceURI());
        assertTrue(Integer.parseInt(root.getAttribute("height")) > 0);

        long measured = report.results().stream().filter(r -> !r.isSkipped()).count();
        assertEquals(measured, byClass(doc, "rect", "bar").size());
        List<Element> skipped = byClass(doc, "text", "skipped");
        assertEquals(1, skipped.size());
        assertEquals("skipped: " + ReportFixtures.NASTY_REASON, skipped.getFirst().getTextContent());

        String all = root.getTextContent();
        for (String bench : List.of("pingpong", "echo", "nop", "odd", "gone")) {
            assertTrue(all.contains(bench), bench);
        }
        assertTrue(all.contains("zokio-a|b<c>&"), "impl names survive escaping");
        assertTrue(all.contains("aborted: IllegalStateException: boom <x>"));
        assertTrue(all.contains("best Zokio / best baseline: 4.05x (zokio-uring vs netty-epoll)"), all);
        assertTrue(all.contains("no external baseline"));
        assertTrue(all.contains("connections=128"));
    }

    @Test
    void baselinesAreDrawnApartFromZokio() throws Exception {
        Report report = ReportFixtures.report();
        Document doc = ReportFixtures.parse(SvgChart.render(report));
        List<String> fills = new ArrayList<>();
        for (Element bar : byClass(doc, "rect", "bar")) {
            fills.add(bar.getAttribute("fill"));
        }
        int i = 0;
        for (BenchSection s : report.sections()) {
            for (List<Result> group : s.groups().values()) {
                for (Result r : group) {
                    if (!r.isSkipped()) {
                        assertEquals(SvgChart.fill(s.role(r.impl())), fills.get(i++), r.impl());
                    }
                }
            }
        }
        assertFalse(SvgChart.fill(Role.ZOKIO).equals(SvgChart.fill(Role.BASELINE)));
    }

    @Test
    void markdownHasOneResultRowPerResultAndTheRatios() {
        Report report = ReportFixtures.report();
        String md = MarkdownReport.render(report, "chart.svg");
        List<String> rows = tableRows(md, MarkdownReport.RESULTS_HEADING);
        assertEquals(report.results().size(), rows.size(), md);
        assertTrue(rows.stream().anyMatch(r -> r.contains("netty-iouring") && r.contains("skipped")
                && r.contains("io_uring refused: <EPERM> & \"seccomp\" \\| 'pipe'")), md);
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("| odd | - | zokio-a\\|b<c>& | zokio |")), md);

        List<String> summary = tableRows(md, "## Summary");
        // pingpong, echo x3 groups, nop, odd (gone has no results)
        assertEquals(6, summary.size(), md);
        assertTrue(summary.contains("| pingpong | - | zokio-uring | 86,625 | netty-epoll | 21,408 | 4.05x |"), md);
        assertTrue(summary.stream().anyMatch(r -> r.startsWith("| nop |") && r.endsWith("| no external baseline |")));
        assertTrue(summary.stream().anyMatch(r -> r.startsWith("| echo | connections=16 |")));
        assertTrue(md.contains("![benchmark chart](chart.svg)"));
        for (String line : report.run().lines()) {
            assertTrue(md.contains("- " + line), line);
        }
        assertTrue(md.contains("  - aborted: IllegalStateException: boom <x>"));
    }

    @Test
    void htmlIsWellFormedAndEmbedsTheChartAndTheTables() throws Exception {
        Report report = ReportFixtures.report();
        String svg = SvgChart.render(report);
        String html = HtmlReport.render(report, svg);
        assertTrue(html.contains(svg), "the chart is inlined verbatim");
        Document doc = ReportFixtures.parse(html);
        assertEquals("html", doc.getDocumentElement().getLocalName());
        assertEquals(1, doc.getElementsByTagNameNS(SVG_NS, "svg").getLength());
        assertEquals(report.results().size(), bodyRows(doc, "results").getLength());
        assertEquals(6, bodyRows(doc, "summary").getLength());
        String text = doc.getDocumentElement().getTextContent();
        for (String line : report.run().lines()) {
            assertTrue(text.contains(line), line);
        }
        assertTrue(text.contains("skipped: " + ReportFixtures.NASTY_REASON));
        assertEquals(0, doc.getElementsByTagName("script").getLength());
        assertFalse(html.contains("http://") && html.replace(SVG_NS, "").contains("http://"), "no external resource");
    }

    @Test
    void filesAreWrittenIntoANewDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/b");
        List<Path> files = ReportFiles.write(ReportFixtures.report(), dir);
        assertEquals(List.of(dir.resolve("report.md"), dir.resolve("chart.svg"), dir.resolve("report.html")), files);
        String chart = Files.readString(dir.resolve("chart.svg"), StandardCharsets.UTF_8);
        assertTrue(chart.startsWith("<?xml"));
        ReportFixtures.parse(chart);
        ReportFiles.write(ReportFixtures.report(), dir); // replaces
        try (var s = Files.list(dir)) {
            assertEquals(3, s.count(), "no temporary files left");
        }
    }

    /** The rows under {@code heading}'s table, without its header and rule. */
    static List<String> tableRows(String md, String heading) {
        List<String> rows = new ArrayList<>();
        boolean in = false;
        for (String line : md.split("\n")) {
            if (line.equals(heading)) {
                in = true;
            } else if (in && line.startsWith("|")) {
                rows.add(line);
            } else if (in && !rows.isEmpty()) {
                break;
            }
        }
        return rows.subList(2, rows.size());
    }

    private static NodeList bodyRows(Document doc, String tableId) {
        NodeList tables = doc.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (t.getAttribute("id").equals(tableId)) {
                return ((Element) t.getElementsByTagName("tbody").item(0)).getElementsByTagName("tr");
            }
        }
        throw new AssertionError("no table " + tableId);
    }

    private static List<Element> byClass(Document doc, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = doc.getElementsByTagNameNS(SVG_NS, tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cls)) {
                out.add(e);
            }
        }
        return out;
    }
}
