/**
 * Zokio's benchmark suite: Zokio next to Netty 4.2 and the JDK, baselines always in the same run, results as
 * ratios.
 *
 * <p>Structure: {@link io.zokio.bench.BenchMain} parses {@link io.zokio.bench.Options}, runs each
 * {@link io.zokio.bench.Bench} (one class per workload: {@code NopBench}, {@code PingPongBench},
 * {@code WakeupBench}, {@code EchoBench}, {@code HttpBench}; the runtime's benches in {@link io.zokio.bench.rt},
 * the file and buffer benches in {@link io.zokio.bench.fs}, the HTTP hello-world benches in
 * {@link io.zokio.bench.http}), which reports {@link io.zokio.bench.Result}s
 * through a {@link io.zokio.bench.Reporter} as they finish; {@link io.zokio.bench.RatioTable} prints the summary, and with
 * {@code --report DIR} {@link io.zokio.bench.report} renders the same results as markdown, SVG and HTML. Shared
 * harness: {@link io.zokio.bench.ServerProcess} (servers as separate JVMs, bounded start and stop),
 * {@link io.zokio.bench.EchoLoadClient} (the one load client), {@link io.zokio.bench.ProcCpu}.
 *
 * <p>Measurement protocol, the same for every bench ({@link io.zokio.bench.Rounds}): each impl runs once
 * unmeasured (the warm-up round), then in each of five measured rounds (two in {@code --tiny}) every impl runs
 * once, one window, batch or process of the bench's workload; the order of the impls rotates by one place from
 * round to round, and {@code System.gc()} and a short pause come before each impl. Each round yields a
 * {@link io.zokio.bench.Sample} (operations, seconds, further figures such as latency or CPU per operation); a
 * line prints the median of its rounds' rates as {@code ops_per_sec} with {@code min=}, {@code max=} and
 * {@code rounds=} ({@link io.zokio.bench.Spread}), and the medians of the further figures. Ratios divide
 * medians.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Every implementation either produces a measured line or a {@code skipped=<reason>} line; one failing
 *       implementation never stops the others.</li>
 *   <li>Every thread, loop, Netty group and process a bench starts is stopped before the bench returns, with a
 *       bounded wait; child processes are also killed by a shutdown hook if the suite is interrupted.</li>
 *   <li>Only measured rounds count: the warm-up round comes first, in the same process; a round that builds
 *       fresh objects (loops, runtimes, connections) warms them briefly before its measured part.</li>
 *   <li>No impl is always measured first or after the same neighbour: the order rotates every round.</li>
 *   <li>Measured code paths allocate nothing per operation on the Zokio side; timing is read outside them.</li>
 * </ol>
 */
package io.zokio.bench;
