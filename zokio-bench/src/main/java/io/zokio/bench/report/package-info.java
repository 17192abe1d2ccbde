/**
 * The benchmark report: {@code BenchMain --report DIR} turns the run's {@link io.zokio.bench.Result}s into a
 * markdown table, an SVG chart and one self-contained HTML page, without any library.
 *
 * <p>Entities:
 * <ul>
 *   <li>{@link io.zokio.bench.report.Report}: the run's header ({@link io.zokio.bench.report.RunInfo}) and one
 *       {@link io.zokio.bench.report.BenchSection} per bench name, in run order. Built from the same
 *       {@code Result} objects the {@code Reporter} printed, never by parsing the printed lines.</li>
 *   <li>{@link io.zokio.bench.report.BenchSection}: a bench's results, its baselines and its header line; it
 *       splits results into groups ({@link io.zokio.bench.Result#group()}, e.g. echo's connection counts) and
 *       names each impl's {@link io.zokio.bench.report.Role}.</li>
 *   <li>Writers, one per format, each a pure function of the {@code Report}:
 *       {@link io.zokio.bench.report.MarkdownReport}, {@link io.zokio.bench.report.SvgChart},
 *       {@link io.zokio.bench.report.HtmlReport}; {@link io.zokio.bench.report.ReportFiles} writes them.</li>
 * </ul>
 *
 * <p>Invariants:
 * <ol>
 *   <li>Generic over benches: nothing here names a bench or an impl. An impl is a baseline when its bench's
 *       {@link io.zokio.bench.Bench#baselines()} lists it, a Zokio impl when its name starts with
 *       {@code zokio}, else "other". The charted figure is {@code ops_per_sec} (higher is better), the median of
 *       the result's rounds; the tables show the lowest and highest round's rate beside it.</li>
 *   <li>The markdown's results table and the HTML's results table have exactly one row per {@code Result},
 *       skipped ones included with their reason; the chart has one bar (or one "skipped" line) per result.</li>
 *   <li>The ratio of a group is the best Zokio impl's ops/s over the best measured baseline's; a group with no
 *       measured Zokio impl or no measured baseline has none ({@code n/a}), never a made-up one.</li>
 *   <li>Every piece of text that reaches SVG or HTML goes through {@link io.zokio.bench.report.Text#xml}; the
 *       SVG and the HTML are well-formed XML (tests parse both).</li>
 *   <li>Output depends only on the {@code Report}: the date is an input ({@link io.zokio.bench.report.RunInfo}),
 *       numbers are formatted with {@link java.util.Locale#ROOT}.</li>
 * </ol>
 *
 * <p><b>Threading:</b> everything here is immutable or stateless; the writers run on BenchMain's thread after the
 * last bench.
 */
package io.zokio.bench.report;
