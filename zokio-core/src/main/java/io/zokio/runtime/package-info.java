/**
 * The runtime: work-stealing workers that each own an event loop, lightweight tasks on their queues, and
 * virtual-thread tasks whose I/O and timers park them on the loops.
 *
 * <p><b>Names.</b> {@link io.zokio.runtime.Runtime} shares its simple name with {@link java.lang.Runtime}. The
 * single-type import {@code import io.zokio.runtime.Runtime;} shadows the JDK's implicit one in that file (the
 * JDK's is then {@code java.lang.Runtime.getRuntime()}); with only the on-demand import
 * {@code io.zokio.runtime.*} the simple name is ambiguous with {@code java.lang}'s and does not compile, so
 * import the class by name.
 *
 * <p><b>Conventions.</b> {@code spawn} takes a {@link java.util.concurrent.Callable} or a {@link Runnable}
 * (overloads resolved as for {@code ExecutorService.submit}); {@link io.zokio.runtime.Task#join()} throws
 * {@link java.util.concurrent.CompletionException} for a failure and
 * {@link java.util.concurrent.CancellationException} for a cancelled task, as {@code CompletableFuture.join()}
 * does; {@code Scope.close()} and {@code JoinSet.close()} throw no {@code InterruptedException}: they finish
 * waiting and restore the interrupt status, as {@code StructuredTaskScope.close()} does.
 *
 * <h2>Entities and who owns what</h2>
 * <ul>
 *   <li>{@link io.zokio.runtime.Runtime}: the public handle; {@code execute}, {@code spawn}, {@code blocking},
 *       {@code blockOn}, {@code submitAndAwait}, {@code onLoop}, {@code sleep}, {@code timeout}, {@code close}.</li>
 *   <li>{@code Shared} (atomics, any thread): the workers array, the {@code InjectQueue}, {@code Idle}, the
 *       shutdown flag. Lock-held state ({@code Synced}) lives only in {@code Idle} (the sleepers list) and in
 *       the inject queue; nothing else takes a lock on the scheduling path.</li>
 *   <li>{@code Worker} (its thread only): a platform thread ({@code Worker.WorkerThread}) owning one
 *       {@link io.zokio.loop.EventLoop}, a {@code LocalQueue.Owner}, a LIFO slot, a
 *       {@link io.zokio.time.TimerWheel}, and a park timer. Other threads touch a worker only through its
 *       {@code Stealer}, its loop's {@code execute}/{@code stop}.</li>
 *   <li>{@link io.zokio.runtime.Scope} (structured: close cancels and joins), {@link io.zokio.runtime.JoinSet}
 *       (tasks in the order they finish), {@link io.zokio.runtime.Channel} and {@link io.zokio.runtime.Oneshot}
 *       (park virtual threads through {@code java.util.concurrent} locks: no carrier pinned). The channel's
 *       {@code sendAsync}/{@code receiveAsync} never wait: their stages queue as waiters under the channel's
 *       lock (async receivers only while it is empty, async senders only while it is full) and are completed
 *       after the lock is released, so callback code on loop threads can use them.</li>
 *   <li>{@code LiveTasks}: the tasks not yet finished, for shutdown; intrusive lists per stripe behind spin
 *       locks (no allocation per spawn).</li>
 *   <li>{@link io.zokio.runtime.Task}: a virtual-thread (or blocking-pool) task; its outcome is set once by a
 *       CAS, and a {@code CompletableFuture} is made only for those who join or listen; cancel is a CAS then
 *       one interrupt.</li>
 *   <li>{@code IoAwait}: one loop operation run for a parked thread; {@code RuntimeTimer}: a wheel entry
 *       that is its own hand-over {@code Runnable} ({@code Timers.SleepTimer}, {@code Timers.TimeoutTimer}).</li>
 * </ul>
 *
 * <h2>A worker's tick (Tokio's {@code multi_thread/worker.rs})</h2>
 * <ol>
 *   <li>Every 61st tick: turn the loop once with {@code NO_WAIT} (submissions, completions, loop tasks), fire
 *       the due wheel timers at {@code loop.now()} (the time read once in that turn), and take the next task
 *       from the inject queue before the local one, so that neither starves.</li>
 *   <li>Next task: the LIFO slot, then the local queue, then a batch from the inject queue
 *       ({@code len / workers + 1}, at most half a local queue).</li>
 *   <li>None: steal, if the throttle allows ({@code Idle}: at most half the workers search at once). A
 *       searcher tries every other worker's queue from a random start (taking half), then the inject queue.
 *       The last searcher that finds work wakes one more worker (work tends to come in bursts).</li>
 *   <li>Running a task drains the LIFO slot after it, at most 3 in a row; then the slot's task goes to the
 *       back of the local queue.</li>
 *   <li>Nothing anywhere: park (below).</li>
 * </ol>
 *
 * <h2>Scheduling a lightweight task ({@code execute})</h2>
 * On a worker thread the new task takes the LIFO slot; a task it displaces goes to the local queue, and only
 * then may another worker be woken. From any other thread the task goes to the inject queue, then
 * {@code Shared.notifyParked()}. Waking is gated by {@code Idle.notifyShouldWakeup()}: a full fence and one
 * volatile read of the packed {@code unparked << 16 | searching} counters; it wakes nobody when a worker is
 * searching (it will find the task) or when none is parked. So while workers are busy, {@code execute} costs
 * no atomic write on the idle state and no syscall. A worker pushing onto its own queue first reads the
 * counters without the fence ({@code Idle.mayNeedWakeup()}): a stale answer can only skip waking a worker that
 * is parking at that instant, and the task is not lost, since the producer runs its own queue (and the inject
 * queue its overflow went to). Measured on {@code spawn_many} (quick runs, 2 workers): 25-32 M tasks/s with the
 * fence on every local push, 50-60 M/s without.
 *
 * <h2>Parking inside the loop</h2>
 * <ol>
 *   <li>A worker with no task registers in {@code Idle} (decrements {@code unparked}, and {@code searching}
 *       if it was searching; pushes itself on the sleepers list under the lock). If it was the last
 *       searcher it re-scans every queue after a full fence and wakes someone for any work it finds; this
 *       pairs with the producer's fence in {@code notifyShouldWakeup} (no lost wakeup).</li>
 *   <li>It arms its park timer (a loop {@code TIMEOUT}) for the wheel's nearest deadline, or 60 s if the wheel
 *       is empty (the loop blocks only while a completion is active), cancelling a later one first, then calls
 *       {@code loop.run(ONCE)}: the loop spins per its {@link io.zokio.loop.IdleMode}, then blocks in the
 *       backend (io_uring wait, or select) behind its wakeup gate.</li>
 *   <li>It resumes on a completion, an expired park timer, a task handed to the loop ({@code execute}: a
 *       virtual thread's I/O or timer), or {@code unpark()} = {@code loop.stop()}, which a producer calls
 *       after {@code Idle.workerToNotify()} took the worker off the sleepers list and counted it unparked
 *       and searching. {@code loop.stop()} makes a syscall only if the loop is really blocked.</li>
 *   <li>After the loop returns: fire due timers; if the worker has local tasks (its loop's callbacks made
 *       them) it takes itself off the list (not searching); if a producer took it off, it resumes searching;
 *       otherwise it parks again. A stale {@code stop()} costs at most one extra turn.</li>
 * </ol>
 *
 * <h2>Virtual-thread tasks and I/O</h2>
 * {@code spawn} starts a virtual thread on the JDK's scheduler, with {@code Runtime.CURRENT} bound (a
 * {@link java.lang.ScopedValue}). {@code submitAndAwait} hands a {@link io.zokio.loop.Completion} to a loop
 * through {@code execute} and parks with {@code LockSupport.park} (no carrier pinned); the callback
 * unparks. A thread that is not a worker uses a stable home worker ({@code threadId % workers}); descriptors
 * are per loop, so the caller names the worker for sockets. An interrupt sends a loop {@code CANCEL} and
 * still waits for the operation's own completion, so buffers outlive the kernel's use of them. On a worker
 * thread every blocking call fails fast with {@link java.lang.IllegalStateException}.
 *
 * <p>{@link io.zokio.runtime.CarrierMode#AFFINE} ({@code AffineCarriers}): virtual threads built with the
 * JDK-internal {@code VirtualThreadBuilder(Executor)} whose scheduler is {@code Runtime.scheduleContinuation}:
 * a continuation submitted on a worker (or by a virtual thread that worker carries, found through
 * {@code Thread.currentCarrierThread()}) takes the LIFO slot, except a thread's own continuation submitted
 * while it runs (a {@code Thread.yield()}), which goes to the back of the local queue so the other runnable
 * tasks go first; from elsewhere it goes to the inject queue as overflow (accepted during shutdown: live tasks
 * must finish). A virtual thread carried by a worker is not a loop thread ({@code Thread.currentThread()} is
 * the virtual thread), so it may park; the loop-thread checks stay on the worker's own frames. Falls back to SHARED with one log line when the hooks are closed.
 *
 * <p>Direct submission (AFFINE): {@code submitAndAwait} from a virtual thread whose carrier is the target
 * loop's worker calls {@link io.zokio.loop.EventLoop#submit} in place (the loop accepts a virtual thread
 * carried by its owner) instead of handing an {@code IoAwait} through {@code execute}; counted in
 * {@code Worker.directSubmits}. Its completion cannot be reaped before the thread parks, because the worker
 * that reaps it is busy running that thread. Since a completion's continuation takes the LIFO slot of the
 * worker whose loop completed it, a connection's virtual thread tends to stay on its loop's worker, so most
 * of its operations take this path. A worker turns its loop once before running any task, so that the loop
 * is bound to the worker thread, never to a carried virtual thread that submitted first.
 *
 * <h2>Timers</h2>
 * A {@link io.zokio.time.TimerWheel} per worker, touched only on the worker thread. A sleeper computes its absolute
 * deadline from the runtime's clock (the loops' clock) and hands its {@code RuntimeTimer} to its home worker's
 * loop, which arms it. (Arming at {@code loop.now() + delay} would fire early: the turn may have read its time
 * before the request was made.) {@link io.zokio.runtime.Interval} sleeps until absolute deadlines on the same
 * clock, with Tokio's missed-tick behaviours (BURST, DELAY, SKIP). Due timers fire after each loop turn the worker makes (maintenance and park); the park
 * timer bounds the loop's blocking wait by the nearest deadline, so the loop sleeps on one native timeout.
 *
 * <h2>Shutdown protocol ({@code Runtime.close()}, {@code shutdownNow()})</h2>
 * <ol>
 *   <li>Refuse new work: {@code closing = true} (then {@code spawn} and {@code execute} throw
 *       {@link java.util.concurrent.RejectedExecutionException}; {@code spawn} re-reads the flag after it
 *       registered its task, so close either sees the task or the spawn fails) and close the inject queue.</li>
 *   <li>Let live tasks finish until the grace period ends (zero for {@code shutdownNow}); the workers keep
 *       running meanwhile, because the tasks' I/O and timers need them.</li>
 *   <li>Cancel the remaining tasks (one interrupt each) and wait up to 10 s for them: each pending I/O is
 *       cancelled on its loop and its completion reaped before its task ends.</li>
 *   <li>Shut the blocking pool down and join its threads.</li>
 *   <li>Set {@code Shared.shutdown} and {@code loop.stop()} every worker. Each worker leaves its run loop
 *       and runs what is left in its LIFO slot, its local queue and the inject queue (a task's own
 *       {@code execute} is now refused, so this ends).</li>
 *   <li>Each worker closes its loop on its own thread: the loop runs the loop tasks already queued, cancels
 *       every timer and operation in flight (each callback once; a foreign thread in {@code submitAndAwait}
 *       gets {@code -ECANCELED}), and frees the backend.</li>
 *   <li>Each worker abandons its remaining wheel timers ({@code RuntimeTimer.abandon()}: a sleeper wakes
 *       with {@link java.util.concurrent.CancellationException}).</li>
 *   <li>The closing thread joins every worker, then runs any overflow a worker pushed to the inject queue
 *       after the others had drained it.</li>
 * </ol>
 *
 * <h2>Allocation per task</h2>
 * The virtual thread itself is most of the ~440 bytes per spawn. Ours are the adapter lambdas
 * ({@code t::run}, and {@code body::call} where the task binds {@code Runtime.CURRENT}; avoiding them would
 * make {@code Task} implement the interfaces publicly), the {@code ScopedValue} snapshot per call, and a
 * {@code CompletableFuture} only when the task is joined or listened to; {@code IoAwait} is one object per
 * operation.
 *
 * <h2>Testing</h2>
 * The runtime tests run on NIO by default; {@code -Dzokio.test.backend=uring} runs them on io_uring, and
 * {@code "-Dzokio.jvm.args=--enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED"}
 * enables AFFINE (its cases skip, with the reason, without it). Time-dependent tests use a clock they move
 * by hand and a barrier timer to know that a worker polled its wheel. The jcstress
 * tests of the local and inject queues, the channel and {@code Idle} are in zokio-stress (see its README).
 */
package io.zokio.runtime;
