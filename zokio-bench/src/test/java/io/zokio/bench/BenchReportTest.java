package io.zokio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.bench.report.MarkdownReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code --report DIR} end to end: a tiny run writes the three files from the results it printed. */
class BenchReportTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tinyRunWritesTheReport(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("rep");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = BenchMain.run(new String[] {"nop", "--tiny", "--report", dir.toString()},
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        List<String> printed = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("name=")) {
                printed.add(Result.parse(line).impl());
            }
        }
        assertTrue(out.contains("# report: " + dir.resolve("report.md").toAbsolutePath()), out);

        String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        List<String> rows = resultRows(md);
        assertEquals(printed.size(), rows.size(), md);
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith("| nop | - | " + printed.get(i) + " | zokio |"), rows.get(i));
        }
        assertTrue(md.contains("- scale: TINY, idle balanced"), md);
        assertTrue(md.contains("- command: bench nop --tiny --report " + dir), md);

        Document svg = parse(Files.readString(dir.resolve("chart.svg"), StandardCharsets.UTF_8));
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        Document page = parse(html);
        assertEquals(1, page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength());
        assertTrue(html.contains("<table id=\"results\">"));
    }

    @Test
    void reportNeedsADirectory() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(2, BenchMain.run(new String[] {"nop", "--report"},
                new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("--report needs a directory"));
        assertNull(Options.parse(new String[] {"nop"}).reportDir());
        assertEquals(Path.of("x/y"), Options.parse(new String[] {"--report", "x/y", "nop"}).reportDir());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anUnwritableDirectoryFailsTheRunButKeepsTheResults(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = BenchMain.run(new String[] {"nop", "--tiny", "--report", file.toString()},
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, out);
        assertTrue(out.contains("# report not written to " + file), out);
        assertTrue(out.contains("name=nop impl=zokio-nio"), out);
    }

    private static List<String> resultRows(String md) {
        List<String> rows = new ArrayList<>();
        boolean in = false;
        for (String line : md.split("\n")) {
            if (line.equals(MarkdownReport.RESULTS_HEADING)) {
                in = true;
            } else if (in && line.startsWith("|")) {
                rows.add(line);
            } else if (in && !rows.isEmpty()) {
                break;
            }
        }
        return rows.subList(2, rows.size()); // header and rule
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        var b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
    }
}
