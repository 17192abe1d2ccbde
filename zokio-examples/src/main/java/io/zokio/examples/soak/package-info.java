/**
 * The soak run ({@code ./zokio soak --minutes N [--backend uring|nio]}): echo and HTTP traffic, file writes with
 * checksummed reads, timers, task churn and cancellations, all at once on one backend, for a fixed time.
 *
 * <h2>What it checks</h2>
 * <ul>
 *   <li><b>Integrity</b>: every echoed message, HTTP body (whole or a Range) and file block read back is
 *       compared with what was sent or written; a mismatch is an error.</li>
 *   <li><b>Nothing lost</b>: a lost completion shows up as an operation that never ends. Each load records its
 *       last progress; a load with no progress for {@link io.zokio.examples.soak.Soak#STALL_SECONDS} seconds is
 *       an error, and so is a task that does not end after the stop. Timers are counted: every scheduled action
 *       either fires or is cancelled, exactly one of the two, and no sleep ends before its deadline.</li>
 *   <li><b>Nothing duplicated</b>: the client runtime runs with fault injection's exactly-once checker when
 *       {@code --verify} is given (the test kit's {@code FaultInjection} with no faults: each completion is
 *       counted per operation, and a second delivery or one never made is an error); without it, a duplicate
 *       shows as an error from the runtime or an integrity mismatch. The servers' runtimes are not checked.</li>
 *   <li><b>No steady growth</b> ({@link io.zokio.examples.soak.GrowthCheck}) of RSS, native memory, open file
 *       descriptors or pooled buffers in use over the samples after the warm-up.</li>
 * </ul>
 * Any error makes the run exit with status 1 after printing the first errors.
 *
 * <h2>Threading</h2>
 * Each load runs as virtual-thread tasks on the client runtime; the servers (loop-style echo, virtual-thread
 * echo, HTTP file server) run on runtimes of their own, as a deployment would. The reporter is the main thread.
 */
package io.zokio.examples.soak;
