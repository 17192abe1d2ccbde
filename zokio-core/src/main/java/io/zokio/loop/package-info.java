/**
 * The completion event loop: libxev's model in Java, over io_uring or java.nio.
 *
 * <h2>Entities</h2>
 * <ul>
 *   <li>{@link io.zokio.loop.EventLoop}: single-threaded; owns one {@link io.zokio.loop.Backend}, a timer heap,
 *       an MPSC task queue and a ready list. Bound to the first thread that runs it.</li>
 *   <li>{@link io.zokio.loop.Completion}: one operation, owned by its caller and reused; while active it is
 *       owned by the loop and the backend, and every buffer it names by the kernel.</li>
 *   <li>{@link io.zokio.loop.Callback}: runs once per submission on the loop thread and returns
 *       {@link io.zokio.loop.Action#DISARM} or {@link io.zokio.loop.Action#REARM}.</li>
 *   <li>{@link io.zokio.loop.Backend}: a small interface (attach, submit, poll, wakeup, inFlight, close,
 *       features). io_uring ({@code io.zokio.loop.uring}) and NIO ({@code io.zokio.loop.nio}) implement it and
 *       are found by {@link io.zokio.loop.EventLoopBuilder} through {@link java.util.ServiceLoader}
 *       ({@link io.zokio.loop.BackendProvider}): this package names no backend.</li>
 *   <li>{@link io.zokio.loop.BackendFeatures}: what a backend offers beyond the contract, each capability a small
 *       interface: {@link io.zokio.loop.SocketCalls} (every backend), {@link io.zokio.loop.FixedFiles},
 *       {@link io.zokio.loop.BufferRings}, {@link io.zokio.loop.FixedBufferTable},
 *       {@link io.zokio.loop.DirectFileCalls}, {@link io.zokio.loop.LinkedOps}. Callers ask for a capability;
 *       nobody compares backend names.
 *       A decorating backend builds its own features, wrapping or passing on each capability.</li>
 *   <li>{@link io.zokio.loop.BackendContext}: handed to the backend at attach; its only way to deliver.</li>
 * </ul>
 *
 * <h2>Who owns which field of a Completion</h2>
 * Request fields: the caller, written by {@code prep*} while idle. {@code state}, {@code result},
 * {@code deadlineNs}, {@code heapIndex}, {@code inBackend}, {@code readyNext}, {@code linkNext}: the loop thread.
 * {@code backendToken}, {@code backendNext}, {@code backendData}: the backend, on the loop thread, through
 * the non-exported {@code io.zokio.loop.internal.OpState}.
 *
 * <h2>Where an active completion lives</h2>
 * Exactly one of: the timer heap ({@link io.zokio.loop.Op#TIMEOUT}), the backend ({@code inBackend}), the
 * ready list (result known, callback pending), or the loop's hold on a later member of an emulated linked chain.
 * Cancel looks at which, so a timer is cancelled by the loop and an I/O operation by the backend (io_uring:
 * {@code IORING_OP_ASYNC_CANCEL}); a held chain member answers {@code -EALREADY}.
 *
 * <h2>A turn</h2>
 * <ol>
 *   <li>Read the clock once: {@code nowNs}.</li>
 *   <li>Run up to 4096 tasks from the MPSC queue.</li>
 *   <li>Fire expired timers (at most the number present at the start of the step).</li>
 *   <li>Deliver the ready list.</li>
 *   <li>{@code backend.poll(waitNs)}: submit everything queued in this turn in one batch and deliver the
 *       completions that are there; {@code waitNs} is 0 unless the turn found nothing to do and the
 *       {@link io.zokio.loop.IdleMode} says to park, then it is the time to the nearest timer.</li>
 * </ol>
 * A timer is armed at {@code now() + duration}. {@code nowNs} is the time of the turn while the turn runs;
 * once the loop starts to block in {@code poll}, and whenever no turn is running (between {@code run} calls,
 * while the owner or a virtual thread it carries does other work), it is marked stale, and the next
 * {@code now()} or timer reads the clock again (libxev's io_uring loop marks its cached time outdated the same
 * way). So a timeout armed by a callback delivered after a long wait,
 * or by a task long after the last turn, counts from when it was asked for, never from an older turn.
 *
 * <h2>Wakeup gate</h2>
 * The loop stores {@code sleeping = 1} (volatile) and re-reads the task queue before it parks in
 * {@code poll}; {@code execute} enqueues, then reads {@code sleeping} (volatile) and calls
 * {@code backend.wakeup()} only when its compare-and-set {@code 1 -> 0} wins. Volatile accesses are totally
 * ordered, so the loop either sees the task or the producer sees the sleeper; a busy loop costs producers no
 * syscall and is never woken.
 *
 * <h2>Linked chains</h2>
 * {@link io.zokio.loop.EventLoop#submitLinked} starts operations that run one after the other, each only after
 * the one before it succeeded (a short read or write counts as a failure); after a failure the rest end with
 * {@code -ECANCELED}. A backend with {@link io.zokio.loop.LinkedOps} (io_uring, {@code IOSQE_IO_LINK}) gets the
 * whole chain in one submission. For any other the loop emulates it: every member is marked active at once, the
 * later ones wait in the loop linked through {@code Completion.linkNext} (not in the backend, not on the ready
 * list), and {@code complete} of a member, before its callback runs, either submits the next one or puts it on
 * the ready list with {@code -ECANCELED}, whose own completion cancels the one after it. A closing loop starts
 * no further member.
 *
 * <h2>Multishot operations and buffer groups</h2>
 * {@link io.zokio.loop.Op#ACCEPT_MULTISHOT} and {@link io.zokio.loop.Op#RECV_MULTISHOT} stay active across many
 * results: the backend hands each to the callback through {@link io.zokio.loop.BackendContext#deliverMore} (loop:
 * {@code completeMore}: the state stays ACTIVE, {@code active} is not decremented), and the callback's
 * DISARM asks the backend to stop. The one final result goes through {@code deliver} like any other, so the
 * loop's accounting (one final per submission) is unchanged. A {@link io.zokio.loop.BufferGroup} owns the
 * receive memory; buffers are held by the user from the callback that names them until {@code release};
 * its memory is freed only when no receive uses it, or by the backend after the kernel ring is gone.
 *
 * <h2>Shutdown protocol ({@link io.zokio.loop.EventLoop#close()})</h2>
 * <ol>
 *   <li>Run the tasks already queued; from now on {@code execute} throws
 *       {@link java.util.concurrent.RejectedExecutionException} and {@code submit} throws
 *       {@link java.lang.IllegalStateException}; {@code REARM} is ignored.</li>
 *   <li>Deliver the ready list; complete every timer with {@code -ECANCELED}.</li>
 *   <li>{@code backend.close()}: cancel every operation in flight, deliver each exactly once (its real result
 *       if it finished first), free native memory and descriptors.</li>
 * </ol>
 */
package io.zokio.loop;
