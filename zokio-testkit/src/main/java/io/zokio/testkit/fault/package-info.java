/**
 * Fault injection for the event loop: {@link io.zokio.testkit.fault.FaultyBackend}, a seeded decorator over a real
 * backend (io_uring or NIO) that makes the rare paths of the completion contract happen often, and checks the
 * contract while it does. A test tool (it allocates per operation); build a loop with
 * {@link io.zokio.testkit.fault.FaultyBackend#wrap}, or a whole runtime on decorators with
 * {@link io.zokio.testkit.fault.FaultInjection#configure FaultInjection.configure(builder, config[, observer])}
 * (worker {@code i}'s seed is {@code derive(config.seed(), "worker-" + i)}).
 *
 * <h2>Structure</h2>
 * The real backend sits under an <em>inner</em> {@link io.zokio.loop.EventLoop} owned by the decorator and
 * never run: the decorator submits a <em>shadow</em> completion (a copy of the caller's request, naming the
 * same buffers) to the inner loop and polls the inner backend inside its own {@code poll}. A submission moves
 * through three states, each owned by the loop thread:
 * <ol>
 *   <li>QUEUED: accepted by {@code submit}, in a FIFO. Handed to the inner loop by the next {@code poll}
 *       unless the fault plan refuses it (submission order to the kernel is always kept).</li>
 *   <li>INNER: its shadow is in flight in the real backend (or ended at once with an injected error).</li>
 *   <li>DONE: the result is held, waiting for the poll the plan delivers it in; then it is handed to the
 *       caller's completion through {@code Backend.deliver}, exactly once.</li>
 * </ol>
 * Multishot intermediate results are passed on at once (the callback's answer decides whether the inner
 * operation continues); only the final result goes through the held list.
 *
 * <h2>What is injected ({@link io.zokio.testkit.fault.FaultConfig})</h2>
 * <ul>
 *   <li>Result-preserving, per poll or per result: <b>delay</b> (held for a seeded number of polls),
 *       <b>reorder</b> (a poll's deliveries shuffled), <b>SQ full</b> (queued submissions refused for a few
 *       polls, never failed; the poll after a refusal always submits, so stalls are bounded), <b>CQ overflow</b> (at most a few deliveries in a poll, the rest kept, in order,
 *       for later ones), <b>EINTR/EAGAIN</b> (see below).</li>
 *   <li>Result-changing, per operation, decided when it would reach the kernel (so it never did: no
 *       descriptor is leaked, no buffer written): <b>ECANCELED</b> (any operation but CLOSE, which releases
 *       its descriptor whatever it reports), <b>ECONNRESET</b> (stream
 *       socket ops: RECV, SEND, SEND_ZC, SENDFILE, RECV_MULTISHOT), <b>ENOBUFS</b> (sends: SEND, SEND_ZC,
 *       SENDMSG, as {@code sendmsg(2)} may), <b>short transfers</b> (READ, WRITE, READV, WRITEV, RECV, SEND,
 *       SEND_ZC, SPLICE, SENDFILE: the length is cut to {@code 1..n-1} bytes before submission, so the kernel
 *       really transfers fewer bytes and the result says so), <b>retryable accept errors</b> (ACCEPT_MULTISHOT:
 *       ECONNABORTED, EPROTO, ENETDOWN and the others accept(2) says to retry on, in turn; the multishot ends
 *       with one before reaching the kernel).</li>
 *   <li>Result-changing, per multishot accept result: a retryable accept error delivered as an intermediate
 *       result ahead of a connection the kernel accepted (the connection follows, so no descriptor is lost), or
 *       the multishot stopped after the connection and ended with one, as the kernel ends it.</li>
 * </ul>
 *
 * <h2>EINTR and EAGAIN never reach callbacks</h2>
 * Under the loop's contract ({@code Op}: result conventions) they are not operation results: io_uring_enter
 * returning EINTR, EAGAIN or EBUSY leaves the SQEs unconsumed and the backend retries them; a socket that would
 * block makes the backend wait for readiness (only {@code MSG_DONTWAIT} turns that into {@code -EAGAIN}, which
 * is the call's real result and is never injected). So the decorator injects them where they occur: the
 * submission step of a poll "fails" and the whole queue is retried at the next poll, in order.
 *
 * <h2>Invariants checked (an AssertionError that names the seed)</h2>
 * <ol>
 *   <li>Every submission is delivered exactly once, counted per {@code Completion} identity; a second
 *       submission of a completion in flight, a delivery of one not in flight, and anything left after
 *       {@code close} fail.</li>
 *   <li>Nothing is delivered from inside {@code submit} (neither by the decorator nor by the inner backend).</li>
 *   <li>The inner backend delivers each shadow once.</li>
 * </ol>
 * A worker that hits one of these errors dies with it; {@code violation()} keeps the first message (any thread)
 * so that a test over a runtime can still report it. {@code outstandingNaming(memory)} lets such a test check,
 * on the loop thread, that no operation in flight names a buffer whose API call has returned.
 *
 * <p>Kernel-buffer lifetime is the caller's as before: a shadow names the caller's buffers and is delivered
 * before the caller's completion, so the caller never sees its completion idle while the kernel still owns
 * the buffer.
 *
 * <h2>Reproducing</h2>
 * All choices come from one {@code SplittableRandom} seeded by {@link io.zokio.testkit.fault.FaultConfig#seed()},
 * drawn on the loop thread in loop order; the config's {@code toString()} starts with the seed. Tests take a
 * base seed from {@code -Dzokio.fault.seed} ({@link io.zokio.testkit.fault.FaultConfig#SEED_PROPERTY}).
 */
package io.zokio.testkit.fault;
