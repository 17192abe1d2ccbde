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
 *   <li>{@link io.zokio.runtime.Runtime}: the public handle; {@code spawn}, {@code execute} (a task on a virtual
 *       thread), {@code executeOnLoop} (a lightweight task on a worker), {@code blocking}, {@code blockOn},
 *       {@code submitAndAwait}, {@code onLoop}, {@code sleep}, {@code timeout}, {@code executorService},
 *       {@code threadFactory}, {@code close}.</li>
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
 *       locks (no allocation per spawn). A finished task only flags itself gone; adds and parking workers
 *       unlink gone tasks in sweeps, and snapshots skip them.</li>
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
 *       the due wheel timers at {@code loop.now()} (read again after the turn, when it may be old), and take the
 *       next task from the inject queue before the local one, so that neither starves.</li>
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
 * <h2>Executor faces</h2>
 * The runtime is an {@link java.util.concurrent.Executor} whose {@code execute} may block: each command runs as a
 * task on its own virtual thread, like {@code spawn} without a handle (what it throws goes to the thread's
 * uncaught-exception handler), so {@code CompletableFuture.supplyAsync(work, runtime)} never stalls a worker.
 * The lightweight path, a task run on a worker thread itself (never blocking), is named apart:
 * {@code executeOnLoop(Runnable)} and {@code loopExecutor()}, its {@code Executor}. For libraries:
 * <ul>
 *   <li>{@code executorService()}: a new {@code ExecutorService} view per call ({@code RuntimeExecutorService}),
 *       each command run as {@code execute} runs it. Its lifecycle is its own: {@code shutdown()} refuses further
 *       commands of the view and {@code awaitTermination} waits for those it accepted; {@code shutdownNow()}
 *       also interrupts its running commands and returns those not started; {@code close()} is shutdown then
 *       waiting. None of them closes the runtime; other views go on. {@code invokeAll}, {@code invokeAny} and
 *       {@code awaitTermination} wait, so they throw {@link java.lang.IllegalStateException} on a worker. Once
 *       the runtime's close began the view reports itself shut down; its running commands are tasks, which the
 *       runtime's shutdown waits for and then cancels like any other.</li>
 *   <li>{@code threadFactory()}: unstarted virtual threads of this runtime (carried as {@code spawn}'s are, with
 *       {@code Runtime.current()} naming it); each thread's runnable is registered as a task when the thread is
 *       made, so the shutdown waits for it and then interrupts it. A thread made but never started holds the
 *       shutdown for the grace period.</li>
 * </ul>
 *
 * <h2>Scheduling a lightweight task ({@code executeOnLoop})</h2>
 * On a worker thread the new task takes the LIFO slot (except a task re-submitting itself while it runs, a
 * yield: it goes to the back of the local queue, as a yielding virtual thread does); a task it displaces goes to
 * the local queue, and only then may another worker be woken. From any other thread the task goes to the inject
 * queue, then {@code Shared.notifyParked()}. Waking is gated by {@code Idle.notifyShouldWakeup()}: a full fence
 * and one volatile read of the packed {@code unparked << 16 | searching} counters; it wakes nobody when a worker is
 * searching (it will find the task) or when none is parked. So while workers are busy, {@code executeOnLoop} costs
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
 *   <li>It resumes on a completion, an expired park timer, a task handed to the loop ({@code loop.execute}: a
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
 * through {@code loop.execute} and parks with {@code LockSupport.park} (no carrier pinned); the callback
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
 * carried by its owner) instead of handing an {@code IoAwait} through {@code loop.execute}; counted in
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
 * {@code Shutdown} runs steps 1-4 and 8 on the closing thread (never a worker); the workers run 5-7 on their way
 * out.
 * <ol>
 *   <li>Refuse new work, then end the waits on peers: {@code closing = true} (then {@code spawn},
 *       {@code execute}, {@code executeOnLoop}, {@code blocking}, the executor-service views and the thread
 *       factory throw {@link java.util.concurrent.RejectedExecutionException}; {@code spawn} re-reads the flag
 *       after it registered its task, so close either sees the task or the spawn fails) and close the inject
 *       queue. Then the {@code ShutdownWatch} (in {@code runtime.internal}, filled by {@code net}) closes every
 *       listener, so that no connection arrives and a task waiting in {@code accept} fails at once with
 *       {@link java.nio.channels.AsynchronousCloseException} (a new {@code bind} throws
 *       {@link io.zokio.runtime.RuntimeClosedException}), and closes every accepted stream whose read waits idle
 *       (nothing received since its last write: a keep-alive connection between requests); a stream that
 *       becomes idle later closes when its next read would wait. A request being read or answered goes on.</li>
 *   <li>Let live tasks finish until the grace period ends (zero for {@code shutdownNow}); the workers keep
 *       running meanwhile, and the tasks' I/O and timers work as before. An interrupt of the closing thread
 *       ends the grace period (as {@code ExecutorService.close()} does); the shutdown then goes on uninterrupted
 *       and {@code close()} returns with the interrupt status set.</li>
 *   <li>If tasks are left: log one WARNING with their count and what they wait on as far as the counters tell
 *       (loop operations in flight, timers armed, blocking-pool threads), cancel them (one interrupt each) and
 *       wait up to 10 s for them: each pending I/O is cancelled on its loop and its completion reaped before its
 *       task ends. Tasks that ignore cancellation get a second WARNING.</li>
 *   <li>Shut the blocking pool down and join its threads.</li>
 *   <li>Set {@code Shared.shutdown} and {@code loop.stop()} every worker. Each worker leaves its run loop
 *       and runs what is left in its LIFO slot, its local queue and the inject queue (a task's own
 *       {@code executeOnLoop} is now refused, so this ends).</li>
 *   <li>Each worker closes its loop on its own thread: the loop runs the loop tasks already queued, cancels
 *       every timer and operation in flight (each callback once; a foreign thread in {@code submitAndAwait}
 *       gets {@code -ECANCELED}), and frees the backend.</li>
 *   <li>Each worker abandons its remaining wheel timers ({@code RuntimeTimer.abandon()}: a sleeper wakes
 *       with {@link java.util.concurrent.CancellationException}).</li>
 *   <li>The closing thread joins every worker, runs any overflow a worker pushed to the inject queue after the
 *       others had drained it, stops the blocked-worker detector, unregisters the JMX view and frees the buffer
 *       pool. The runtime is then terminated ({@code isTerminated()}): its sockets, listeners and files report
 *       {@code isOpen() == false}.</li>
 * </ol>
 *
 * <h2>Work refused after shutdown: one exception type per kind of call</h2>
 * <ul>
 *   <li>Submitting work, executor style ({@code execute}, {@code executeOnLoop}, {@code spawn}, {@code blocking},
 *       {@code blockOn}, {@code schedule}, {@code onLoop}, the executor-service views, the thread factory):
 *       {@link java.util.concurrent.RejectedExecutionException}, from the start of {@code close()} (for
 *       {@code schedule} and {@code onLoop}, once the workers stop), the JDK executors' convention.</li>
 *   <li>I/O ({@code io.zokio.net}, {@code io.zokio.fs}): {@link io.zokio.runtime.RuntimeClosedException}, a
 *       {@link java.nio.channels.ClosedChannelException} (hence an {@link java.io.IOException}), thrown or
 *       completing the future, for a call the runtime can no longer run: any call once its loops are closed,
 *       and a new listener from step 1. A pending operation ended by the shutdown fails as a close ends it,
 *       with {@link java.nio.channels.AsynchronousCloseException}. During the grace period I/O works.</li>
 * </ul>
 *
 * <h2>Startup</h2>
 * {@code RuntimeBuilder.build()} opens one event loop per worker ({@code RuntimeStartup}), starts the workers and
 * logs one line (workers, backend, why io_uring was not used, carriers, idle mode): at DEBUG, or at INFO when
 * the runtime fell back from io_uring or from AFFINE carriers (the DEBUG line from a short-lived thread, so that
 * the build does not wait for the logging framework's first initialisation). The io_uring binding and the
 * kernel's probe are made once per process ({@code IoUringProbe}, cached), on a background thread that the
 * build starts first ({@code EventLoopBuilder.prepareInBackground}), so that they overlap the rest of the
 * build, the logging framework's initialisation included (no class on that path looks a logger up in its static
 * initialiser). Meanwhile the building thread initialises the classes its loops and workers need
 * ({@code StartupClasses}), so that once the binding is ready only the rings' set-up and the worker threads
 * remain. Every libc function is bound with one downcall shape, so the binding generates a handful of stubs, not
 * one per function. The JMX view costs the build nothing: it is registered at once only when the platform MBean
 * server exists already, otherwise by a short-lived daemon thread a second after the build, once the start's
 * burst of work is over ({@code RuntimeBuilder.jmx(false)}: never). {@code ./zokio bench startup} measures the
 * first build and first echo of a fresh JVM and what each part costs.
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
