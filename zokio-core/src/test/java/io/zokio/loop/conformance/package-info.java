/**
 * The backend conformance suite: one abstract test class, {@link io.zokio.loop.conformance.BackendConformanceTest}
 * (its tests grouped by subject in package-private interfaces), holds every expectation a
 * {@link io.zokio.loop.Backend} must meet, and one small subclass per backend (or backend setup) runs it.
 *
 * <h2>Invariants every test checks</h2>
 * <ol>
 *   <li>Exactly once: every submission goes through a {@link io.zokio.loop.conformance.CallbackRecorder};
 *       each callback runs once per submission, with the completion already idle and {@code result()} equal
 *       to the callback's argument. Checked in each test and again after teardown closed the loop.</li>
 *   <li>Same answers: results are the Linux ones for the same system call (a negated errno on failure), for
 *       every backend; a backend that differs fails, the expectation is not relaxed per backend.</li>
 *   <li>Buffer lifetime: the per-test arena is freed only after the loop was closed, i.e. after the kernel
 *       gave back every buffer.</li>
 *   <li>Deterministic and bounded: real sockets on loopback with ephemeral ports, files in a temp dir, no
 *       sleeps, no timing assertions, a timeout on a separate thread for every test.</li>
 * </ol>
 *
 * <p>Runners: {@code NioConformanceTest}, {@code IoUringConformanceTest} and
 * {@code IoUringSingleIssuerConformanceTest} (io_uring rings with SINGLE_ISSUER and DEFER_TASKRUN). A backend
 * that cannot run on the machine (io_uring refused by the kernel) is skipped through a JUnit assumption that
 * states the reason; the NIO backend always runs.
 *
 * <p>Adding a test: put it, as a {@code default} method, in the interface of its subject; use only
 * {@link io.zokio.loop.conformance.ConformanceContext}; expect the Linux result; never branch on the backend.
 */
package io.zokio.loop.conformance;
