package io.zokio.bench.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * <b>Threading:</b> stateless; call from one thread per directory.
 *
 * <p>Writes a {@link Report} into a directory as {@value #MARKDOWN}, {@value #CHART} and {@value #HTML}, creating
 * the directory. Each file is written to a temporary name and moved into place, so a reader never sees a half
 * written report (a failed run leaves the previous files of that name).
 */
public final class ReportFiles {
    public static final String MARKDOWN = "report.md";
    public static final String CHART = "chart.svg";
    public static final String HTML = "report.html";

    private ReportFiles() {
    }

    /** Writes the three files into {@code dir}; returns their paths in the order markdown, chart, HTML. */
    public static List<Path> write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        String svg = SvgChart.render(report);
        Path md = put(dir, MARKDOWN, MarkdownReport.render(report, CHART));
        Path chart = put(dir, CHART, SvgChart.PROLOG + svg);
        Path html = put(dir, HTML, HtmlReport.render(report, svg));
        return List.of(md, chart, html);
    }

    private static Path put(Path dir, String name, String content) throws IOException {
        Path target = dir.resolve(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
