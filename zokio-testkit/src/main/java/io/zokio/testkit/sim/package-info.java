/**
 * A simulated, deterministic {@link io.zokio.loop.Backend} for tests: {@link io.zokio.testkit.sim.SimBackend} runs
 * an {@link io.zokio.loop.EventLoop} on a virtual clock ({@link io.zokio.testkit.ManualClock}) with seeded latency,
 * faults and short transfers ({@link io.zokio.testkit.sim.SimConfig}), real files and an in-memory TCP network.
 * Build a loop with {@link io.zokio.testkit.sim.SimBackend#newLoop} or
 * {@link io.zokio.loop.EventLoop#withBackend}, giving the loop and the backend the same clock; a whole
 * deterministic runtime on it with {@link io.zokio.testkit.DeterministicRuntime}.
 *
 * <h2>Entities</h2>
 * <ul>
 *   <li>{@code SimBackend}: the scheduler: a priority queue of operations by (virtual due time, scheduling
 *       order), the set of operations in flight (submission order), the descriptor table, one
 *       {@code SplittableRandom(seed)}. Loop thread only, except {@code wakeup}, {@code setJumpAllowed} and the
 *       counters.</li>
 *   <li>{@code SimOp}: per-completion state in the completion's backend slot, reused across submissions:
 *       IDLE, RESULT (result known, due at a time), EXEC (performed at its due time), PARKED (would block: in
 *       one socket's wait list).</li>
 *   <li>{@code SimFiles}: file operations, performed on the real file system at submit time.</li>
 *   <li>{@code SimNet}, {@code SimSocket}, {@code ByteRing}: listeners, connections as two bounded byte rings
 *       (one per direction, {@code socketBufferBytes} each), wait lists.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li><b>Determinism.</b> Each submit draws, in order, a latency in {@code [min, max]} and three doubles
 *       (fault draw, short draw, short fraction) whatever the operation, so the random stream depends only on
 *       the number of submissions. The same seed and the same submissions (in the same order, at the same
 *       virtual times) give the same results, the same descriptors and ports, and the same virtual timeline.
 *       Nothing reads the real clock.</li>
 *   <li><b>Order.</b> An operation is due at {@code clock now at submit + latency}. Operations due at the same
 *       time complete in the order they were scheduled (submission order; a retried parked operation is
 *       rescheduled at the time of the change that woke it). One pass delivers only what was scheduled before
 *       it: what its callbacks submit and what it wakes waits for the next pass (the next poll, or the next
 *       round of an idle poll), so zero-latency resubmits cannot hold a poll forever.</li>
 *   <li><b>Exactly once.</b> Every submission is delivered exactly once: at its due time, or -ECANCELED by
 *       CANCEL or by {@code close()} (in submission order). Nothing is delivered from inside {@code submit};
 *       {@code inFlight()} counts submitted, not yet delivered operations exactly.</li>
 *   <li><b>Files</b> (OPENAT, CLOSE, READ, WRITE, READV, WRITEV, FSYNC, STATX) are performed synchronously
 *       when submitted: <em>the buffer is read or written at submit time</em>, the result delivered at the due
 *       time. A CANCEL of such an operation therefore answers {@code -EALREADY} and the real result follows.
 *       Subset: O_DIRECT, O_SYNC, O_CLOEXEC, O_NOFOLLOW and the create mode are ignored; STATX has no block
 *       counts.</li>
 *   <li><b>Sockets</b> (CONNECT, ACCEPT, SEND, RECV, SHUTDOWN, POLL, CLOSE, and READ/WRITE on a socket) are
 *       performed at their due time. One that would block parks on its socket and is retried when that socket
 *       changes: a RECV on an empty ring waits for bytes or end of stream, a SEND to a full ring waits until
 *       the peer reads (back-pressure), an ACCEPT waits for a connect, a CONNECT to a full backlog waits for an
 *       accept, a POLL waits for a requested event. CONNECT reaches only a simulated listener on that port
 *       (wildcard or same address), else {@code -ECONNREFUSED}; it completes before the accept, as TCP's
 *       handshake does. SHUT_WR gives the peer end of stream; CLOSE gives it end of stream, or a reset when
 *       unread bytes were left (RST, as Linux), and its sends waiting at that moment fail {@code -ECONNRESET},
 *       later ones {@code -EPIPE}. Operations parked on a socket closed by CLOSE or {@code closeNow} end
 *       {@code -ECANCELED}. Descriptors are never reused.</li>
 *   <li><b>Faults</b> (probability {@code faultRate}, from the submit-time draw): OPENAT, READ, WRITE, READV,
 *       WRITEV, FSYNC, STATX on files fail {@code -EIO} without touching the file; CONNECT, ACCEPT, SEND, RECV
 *       fail {@code -ECONNRESET} (SEND and RECV also reset their connection, so the peer sees it). NOP,
 *       CANCEL, CLOSE, SHUTDOWN and POLL never fail. <b>Short transfers</b> (probability {@code shortRate}):
 *       READ, WRITE, SEND and RECV move a seeded {@code 1..n-1} of the {@code n} bytes they could. Both are
 *       counted by {@code faultsInjected()}; {@code setRates} changes both rates for later submissions.</li>
 *   <li><b>CANCEL</b> runs at its own due time, so a target due earlier completes first (the cancel answers
 *       {@code -ENOENT}). A target not yet performed, parked, or with nothing to perform (NOP, an unsupported
 *       op) completes {@code -ECANCELED} just before the cancel's 0; a file op (performed at submit) keeps its
 *       real result and the cancel answers {@code -EALREADY}.</li>
 *   <li><b>Counters:</b> {@code submissions()} counts submits, {@code kernelEntries()} counts polls.</li>
 *   <li>Every other operation (multishot, SPLICE, SENDFILE, SEND_ZC, UDP, and any added later) completes
 *       {@code -EOPNOTSUPP} at its due time.</li>
 * </ol>
 *
 * <h2>Virtual time in {@code poll(waitNs)}</h2>
 * <ol>
 *   <li>Deliver everything due at the clock's time. If something was delivered, or {@code waitNs == 0},
 *       return.</li>
 *   <li>A pending {@code wakeup()} returns at once.</li>
 *   <li>If an operation is scheduled, advance the clock to its due time (not past {@code now + waitNs} when
 *       {@code waitNs > 0}) and deliver what is due; repeat while what came due only parked.</li>
 *   <li>If nothing is scheduled, {@code waitNs > 0} and the jump policy ({@code setJumpAllowed}, default yes)
 *       agrees, advance the clock by {@code waitNs} and return 0: the loop then fires its timer.</li>
 *   <li>Otherwise block for real, without spinning, until {@code wakeup()} from any thread (with a deadline, also
 *       until another thread moves the clock past it; re-checked every 10 ms). Operations parked with nothing
 *       scheduled and no timer (a simulated deadlock) block here until woken.</li>
 * </ol>
 */
package io.zokio.testkit.sim;
