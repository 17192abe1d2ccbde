/**
 * The runtime's benches: the scheduler ({@link io.zokio.bench.rt.SchedBench}, five shapes of Tokio's
 * {@code rt_multi_threaded.rs}), timers ({@link io.zokio.bench.rt.TimersBench}) and the channel
 * ({@link io.zokio.bench.rt.MpscBench}), each with its baselines in the same invocation.
 *
 * <p>Structure: {@code SchedImpl} is one scheduler under test with two workers, of one of two families:
 * callback executors (a task is a {@code Runnable}; waiting is a continuation, {@code CallbackOneshot}) and
 * thread schedulers (a task is a virtual thread that parks). The kernels in {@code SchedBench} are written
 * once against it, so every impl runs the same workload. {@code Done} counts tasks down and releases the main
 * thread.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Every impl yields a measured line or a {@code skipped=} line with its reason; a round that does not
 *       finish within {@code Done.TIMEOUT_SECONDS} fails that impl only.</li>
 *   <li>Each impl's scheduler, timer or threads are built and closed inside the bench (runtimes with
 *       {@code close()}, pools with a bounded wait); nothing is shared between impls except the JDK's
 *       default virtual-thread scheduler, which cannot be closed.</li>
 *   <li>Every bench runs in the rounds of {@link io.zokio.bench.Rounds} (a warm-up round, then rotated rounds,
 *       each impl's line the median round with {@code min=}/{@code max=}); each round builds its scheduler,
 *       timer or threads afresh.</li>
 *   <li>Timing brackets only the measured iterations, after warm-up iterations on the same scheduler; the
 *       task bodies do the same work in every impl (one atomic decrement per task, the {@code fetch_sub} of
 *       Tokio's benches).</li>
 *   <li>Zokio impls use only the public runtime API ({@code io.zokio.runtime}); where the runtime lacks an
 *       API a bench needs (a callback timer, a callback oneshot), the header says what was used instead.</li>
 * </ol>
 */
package io.zokio.bench.rt;
