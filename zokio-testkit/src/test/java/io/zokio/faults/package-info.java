/**
 * Reliability tests of the public networking and file APIs on fault-injecting backends
 * ({@link io.zokio.testkit.fault.FaultyBackend}, through {@link io.zokio.testkit.fault.FaultInjection}).
 *
 * <h2>Two uses</h2>
 * <ol>
 *   <li>Core's net and file suites (from its test-jar) under result-preserving faults:
 *       {@link io.zokio.faults.FaultRuns} puts the runtimes of {@code NetTestSupport} and {@code FsTestSupport}
 *       (which pass their builders through core's {@code TestRuntimes}, and so through
 *       {@link io.zokio.faults.FaultRunsCustomizer}) on decorators when {@code -Dzokio.test.faults=preserving} is
 *       set (the test kit's {@code net-fs-under-faults} surefire execution), and {@link io.zokio.faults.FaultSeedsExtension}
 *       (auto-detected in that execution only) adds the seeds to every failure and fails a test whose decorators
 *       saw an operation lost or delivered twice. Delays, reordering, a full SQ, CQ overflow and EINTR/EAGAIN
 *       keep every result exact, so those suites' assertions hold unchanged.</li>
 *   <li>{@link io.zokio.faults.FaultSweepTest}: result-changing faults (ECANCELED, ECONNRESET, ENOBUFS, short
 *       transfers) over many seeds, where calls legitimately fail; the scenarios ({@link io.zokio.faults.NetScenario},
 *       {@link io.zokio.faults.FsScenario}) tolerate documented failures and check what must still hold.</li>
 * </ol>
 *
 * <h2>Invariants checked after each run ({@link io.zokio.faults.FaultHarness#finish})</h2>
 * <ol>
 *   <li>Every public call a scenario started ended exactly once, with a result or a documented exception
 *       ({@code IOException} subtypes, {@code CancellationException}) ({@link io.zokio.faults.Ledger}).</li>
 *   <li>No task hung: every join is bounded; a hang fails with the seed and the calls still open.</li>
 *   <li>No buffer freed while in the kernel: before a pooled buffer is released, no operation in flight on any
 *       worker names its memory ({@code FaultyBackend.outstandingNaming}); after the run the runtime's pool has 0
 *       buffers in use.</li>
 *   <li>Bytes are exact: an echoed stream is a prefix of what was sent, a datagram arrives whole, a file reads
 *       back what was written.</li>
 *   <li>The decorators' own checks: each submission delivered exactly once, nothing left after close.</li>
 * </ol>
 *
 * <h2>Seeds</h2>
 * {@code -Dzokio.fault.seed} (decimal or 0x hex) sets the base seed; each runtime's seed is derived from it and
 * the test's name, each worker's from that. Every failure message starts with (or names) the config, seed
 * first. The kernel's timing still varies between runs, so a seed reproduces what is injected, not always the
 * exact interleaving.
 *
 * <p><b>Threading:</b> test code; see each class.
 */
package io.zokio.faults;
