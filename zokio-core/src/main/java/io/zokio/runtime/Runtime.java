package io.zokio.runtime;

import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.IdleMode;
import io.zokio.runtime.internal.ShutdownWatch;
import io.zokio.runtime.internal.WorkerLoops;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * <b>Threading:</b> every method may be called from any thread, except that the blocking ones ({@link
 * #blockOn}, {@link #submitAndAwait}, {@link #onLoop}, {@link #sleep}, {@link #timeout}, {@link #close})
 * throw {@link IllegalStateException} on a worker (event-loop) thread, which must never block.
 *
 * <p>A work-stealing runtime whose workers each own an {@link EventLoop} (see the package documentation for
 * the scheduler and the shutdown protocol). Tasks run on virtual threads ({@link #spawn}, and {@link #execute},
 * the runtime's {@link Executor} face), carried by the JDK's scheduler in {@link CarrierMode#SHARED}, by the
 * workers in {@link CarrierMode#AFFINE}; they may block: a virtual thread parks (never pins) while it waits for
 * I/O, a timer, a task or a channel. Lightweight callbacks that never block run on the workers themselves
 * ({@link #executeOnLoop}, {@link #loopExecutor()}). Libraries that take an executor or a thread factory get the
 * runtime's through {@link #executorService()} and {@link #threadFactory()}.
 *
 * <p><b>After shutdown</b> (from the start of {@link #close()}), work is refused with one exception type per kind
 * of call: submitting work ({@code execute}, {@code executeOnLoop}, {@code spawn}, {@code blocking},
 * {@code schedule}, {@code onLoop}, the executor-service view, the thread factory) throws
 * {@link RejectedExecutionException}, the JDK's executor convention; an I/O call the runtime can no longer
 * run (any socket or file call once its loops closed; a new listener once shutdown began) throws or completes
 * with {@link RuntimeClosedException}, a {@link java.nio.channels.ClosedChannelException}, as Java I/O reports a
 * closed channel. During the grace period the tasks' I/O works as before. Sockets, listeners and files of a
 * runtime whose close has finished report {@code isOpen() == false}.
 *
 * <p><b>The name.</b> This class shares its simple name with {@link java.lang.Runtime}. A single-type import
 * ({@code import io.zokio.runtime.Runtime;}) shadows the implicit {@code java.lang} one in that file, which is
 * the usual idiom in code that runs tasks; the JDK's is then written out where it is needed, e.g.
 * {@code java.lang.Runtime.getRuntime().availableProcessors()}. Code that mostly uses the JDK's class leaves
 * this one unimported and writes {@code io.zokio.runtime.Runtime}. (With only the on-demand import
 * {@code io.zokio.runtime.*}, the simple name is ambiguous with {@code java.lang}'s and does not compile.)
 */
public final class Runtime implements Executor, AutoCloseable {
    /** The runtime whose task is running on this thread. */
    static final ScopedValue<Runtime> CURRENT = ScopedValue.newInstance();

    static {
        WorkerLoops.register(Runtime::workerLoops);
    }

    private final Shared shared;
    private final Thread[] threads;
    private final BlockingPool blockingPool;
    private final Duration grace;
    private final CarrierMode carrierMode;
    private final ThreadFactory virtualThreads;
    /** Tasks spawned and not yet finished, for shutdown (step 2). */
    private final LiveTasks live;
    /** Listeners and accepted streams, told first when shutdown begins (step 1). */
    private final ShutdownWatch shutdownWatch = new ShutdownWatch();
    /** The binding every task runs under: immutable, so one carrier serves every spawn. */
    final ScopedValue.Carrier bindCurrent = ScopedValue.where(CURRENT, this);
    /**
     * True when tasks run under {@link #bindCurrent} (SHARED: their carriers are the JDK's); an AFFINE task's
     * carrier is a worker, which names the runtime without a binding (see {@link #current()}).
     */
    final boolean bindsCurrent;
    /** Set once by close(): new work is refused. Read by spawn() after it registered its task. */
    private volatile boolean closing;
    /** Set once close() has finished: workers joined, loops closed. */
    private volatile boolean terminated;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    /** The workers' loops for net and fs. */
    private final WorkerLoops workerLoops;
    /** Lightweight tasks, AFFINE continuations and timer callbacks on the workers. */
    private final LoopTasks loopTasks;
    private final Executor loopExecutor = this::executeOnLoop;

    Runtime(RuntimeBuilder b) {
        this.fileSlots = new FileSlots(this, b.registeredFileSlots);
        this.grace = b.shutdownGrace;
        boolean deterministic = b.deterministic != null;
        if (deterministic && !AffineCarriers.available()) {
            throw new IllegalStateException("a deterministic runtime runs its tasks' virtual threads on its one worker"
                    + " (AFFINE carriers), which needs --add-opens java.base/java.lang=ALL-UNNAMED: "
                    + AffineCarriers.UNAVAILABLE_CAUSE);
        }
        RuntimeStartup.Carriers carriers = RuntimeStartup.carriers(b, deterministic, this::scheduleContinuation);
        this.carrierMode = carriers.mode();
        this.virtualThreads = carriers.factory();
        this.bindsCurrent = carrierMode == CarrierMode.SHARED;
        IdleMode idle = b.idleMode != null ? b.idleMode : b.adaptiveTuning ? IdleMode.ADAPTIVE : IdleMode.BALANCED;
        this.clock = deterministic ? Objects.requireNonNull(b.deterministic.clock(b.clock), "deterministic clock")
                : b.clock;
        this.shared = new Shared(deterministic ? 1 : b.workers, this, clock);
        this.live = new LiveTasks(shared.workers.length);
        this.loopTasks = new LoopTasks(shared, carrierMode == CarrierMode.AFFINE); // before any worker runs
        RuntimeStartup.Workers started = deterministic ? RuntimeStartup.startDeterministic(shared, b, clock)
                : RuntimeStartup.startWorkers(shared, b, idle);
        this.threads = started.threads();
        this.blockingPool = started.blockingPool();
        this.name = started.name();
        this.workerLoops = new WorkerLoops(this, started.loops(), threads, shutdownWatch);
        if (deterministic) {
            this.detector = null;
            this.mxBean = null;
            System.getLogger("io.zokio.runtime").log(System.Logger.Level.DEBUG,
                    "zokio deterministic runtime: seed {0}, {1}", b.deterministicSeed,
                    started.loops()[0].features().description());
            return;
        }
        buffers.useContextCaches(this::currentBufferCache);
        this.detector = b.blockedThreshold.isZero() && !b.adaptiveTuning ? null
                : BlockedWorkerDetector.start(shared, threads, b.blockedThreshold, name,
                        b.adaptiveTuning ? blockingPool : null);
        this.mxBean = b.jmx ? RuntimeMXBeanImpl.publish(this, name) : null;
        RuntimeStartup.logStarted(name, b, started.loops()[0], carriers, idle);
    }

    /** The name in thread names, the startup line and the JMX object name. */
    private final String name;
    /** The runtime's buffer pool; closed with the runtime. */
    private final io.zokio.buffer.BufferPool buffers = io.zokio.buffer.BufferPool.builder().build();

    /**
     * The runtime's pooled off-heap buffers (size classes, a cache per worker used without locks by the worker
     * and the AFFINE virtual threads it carries, leak detection; see
     * {@link io.zokio.buffer.BufferPool}); its figures are part of {@link #metrics()}. Closed, with every buffer
     * it holds, when the runtime closes: release buffers before that. Any thread.
     */
    public io.zokio.buffer.BufferPool buffers() {
        return buffers;
    }

    /**
     * The buffer cache of the worker running the caller: a worker thread's own, or for a virtual thread carried
     * by a worker (AFFINE) that worker's; null elsewhere (SHARED virtual threads, outside threads).
     */
    private io.zokio.buffer.LocalCache currentBufferCache() {
        Worker w = loopTasks.callerWorker();
        return w != null ? w.bufferCache : null;
    }

    /** The workers' clock: virtual in a deterministic runtime. */
    private final io.zokio.loop.Clock clock;

    /**
     * The clock of the workers' loops and timers: {@code System.nanoTime()} normally, the virtual clock of a
     * deterministic runtime (which tests may read to see virtual time pass). Any thread.
     */
    public io.zokio.loop.Clock clock() {
        return clock;
    }

    private final BlockedWorkerDetector detector;
    private final RuntimeMXBeanImpl mxBean;

    /** The watchdog, or null (tests drive its sampling by hand). */
    BlockedWorkerDetector detector() {
        return detector;
    }

    /**
     * A snapshot of the runtime's counters: per worker (tasks, steals, queue depth, parks, wakeups, timers, busy
     * ratio, and its loop's turns, kernel entries, submissions, completions and batch sizes) and runtime-wide.
     * Any thread; the values are read whole but not at one instant.
     */
    public io.zokio.metrics.RuntimeMetrics metrics() {
        java.util.List<io.zokio.metrics.WorkerMetrics> ws = new java.util.ArrayList<>(shared.workers.length);
        for (Worker w : shared.workers) {
            ws.add(w.metrics());
        }
        return new io.zokio.metrics.RuntimeMetrics(shared.workers[0].loop.features().description(), carrierMode.name(),
                shared.spawnedOutside.sum(), shared.inject.len(), live.size(), blockingPool.threads(),
                blockingPool.limit(), blockingPool.adaptations(), ws, buffers.metrics());
    }

    public static RuntimeBuilder builder() {
        return new RuntimeBuilder();
    }

    /**
     * Whether the caller is a virtual thread carried by one of this runtime's workers (an {@link
     * CarrierMode#AFFINE} task): it shares its carrier only with this runtime's tasks, and {@link Thread#yield()}
     * puts it at the back of that worker's queue. Any thread.
     */
    public boolean isCarriedByWorker() {
        return carrierMode == CarrierMode.AFFINE && Thread.currentThread().isVirtual()
                && loopTasks.callerWorker() != null;
    }

    /** The runtime of the calling task or worker, or null outside any runtime. */
    public static Runtime current() {
        Worker w = Worker.current();
        if (w == null) {
            w = AffineCarriers.carrierWorker(); // an AFFINE task: its carrier is a worker
        }
        if (w != null) {
            return w.shared.runtime;
        }
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    public int workers() {
        return threads.length;
    }

    /** Worker {@code i}, for tests in this package. */
    Worker worker(int i) {
        return shared.workers[i];
    }

    /** Parked workers picked to wake since the start (for tests; a metrics API will expose it). */
    long wakeups() {
        return shared.wakeups();
    }

    public CarrierMode carrierMode() {
        return carrierMode;
    }

    /** The workers' loops and their threads, for the layers above (through {@link WorkerLoops#of}). */
    private WorkerLoops workerLoops() {
        return workerLoops;
    }

    /** The name of the workers' backend for logs and metrics ({@code "io_uring"}, {@code "nio"}); see {@link #backendFeatures()}. */
    public String backendName() {
        return shared.workers[0].loop.backendName();
    }

    /** What the workers' backend is and offers (every worker's loop has the same). Any thread. */
    public io.zokio.loop.BackendFeatures backendFeatures() {
        return shared.workers[0].loop.features();
    }

    // ------------------------------------------------------------------ executor faces

    /**
     * Runs {@code command} as a task on a new virtual thread, as {@link #spawn} does but without a handle: it may
     * block, so {@code CompletableFuture.supplyAsync(work, runtime)} is safe with blocking {@code work}. What it
     * throws goes to its thread's uncaught-exception handler. Short callbacks that never block are cheaper with
     * {@link #executeOnLoop}.
     *
     * @throws RejectedExecutionException once {@link #close()} has begun
     */
    @Override
    public void execute(Runnable command) {
        spawn(RuntimeExecutorService.reporting(command));
    }

    /**
     * Runs {@code task} on a worker (event-loop) thread itself: the lightweight path, a queue push with no thread
     * of its own. It must not block: it holds its worker's loop until it returns (the blocked-worker detector
     * warns). On a worker it takes the LIFO slot, except a task re-submitting itself while it runs (a yield),
     * which goes to the back of that worker's queue so that the other runnable tasks go first; from elsewhere it
     * goes to the inject queue.
     *
     * @throws RejectedExecutionException once {@link #close()} has begun
     */
    public void executeOnLoop(Runnable task) {
        loopTasks.execute(task, closing);
    }

    /**
     * {@link #executeOnLoop} as an {@link Executor}, for callback stages that never block, e.g. {@code
     * future.thenApplyAsync(parse, runtime.loopExecutor())}. One instance per runtime.
     */
    public Executor loopExecutor() {
        return loopExecutor;
    }

    /**
     * A new {@link java.util.concurrent.ExecutorService} view, for libraries that take one: each command runs as
     * {@link #execute} runs it, so it may block. The view's {@code shutdown}, {@code shutdownNow} and {@code close}
     * concern its own commands only, never the runtime (see "Executor faces" in the package documentation).
     */
    public java.util.concurrent.ExecutorService executorService() {
        return new RuntimeExecutorService(this);
    }

    /**
     * This runtime's virtual threads for libraries that take a {@link ThreadFactory}: each thread runs its
     * runnable as a task of this runtime (shutdown waits for it, then interrupts it); {@code newThread} throws
     * {@link RejectedExecutionException} once {@link #close()} has begun. One instance per runtime.
     */
    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    private final ThreadFactory threadFactory = this::newTaskThread;

    private Thread newTaskThread(Runnable r) {
        Task<Void> t = register(new Task<>(this, RuntimeExecutorService.reporting(r), live.pickStripe(-1)));
        return virtualThreads.newThread(t::run);
    }

    /** The scheduler of AFFINE virtual threads; see {@link LoopTasks#scheduleContinuation}. */
    private void scheduleContinuation(Runnable continuation) {
        loopTasks.scheduleContinuation(continuation);
    }

    // ------------------------------------------------------------------ tasks

    /**
     * Runs {@code body} on a new virtual thread.
     *
     * @throws RejectedExecutionException once {@link #close()} has begun
     */
    public <T> Task<T> spawn(Callable<T> body) {
        Worker w = carrierMode == CarrierMode.AFFINE ? AffineCarriers.carrierWorker() : Worker.current();
        boolean local = w != null && w.shared == shared;
        Task<T> t = register(new Task<>(this, body, live.pickStripe(local ? w.index : -1)));
        if (local) {
            w.stats.inc(WorkerStats.SPAWNED);
        } else {
            shared.spawnedOutside.increment();
        }
        // a new virtual thread per task: parking finished task threads in a per-worker pool and unparking them for
        // the next spawn was measured slower in three of the five scheduler benches (a park and an unpark cost
        // more than a thread's creation and end), so threads are not reused
        virtualThreads.newThread(t::run).start();
        return t;
    }

    /**
     * Runs {@code body} on a new virtual thread, as {@link #spawn(Callable)}; the task's value is null.
     *
     * <p>Which overload a lambda picks follows {@link java.util.concurrent.ExecutorService#submit}: a lambda or
     * method reference that returns a value, or a block that only throws, is a {@link Callable}
     * ({@code rt.spawn(() -> compute())}); one whose body is a void expression or a block without
     * {@code return value;} is a {@link Runnable} ({@code rt.spawn(() -> log.info("x"))}). A body that throws a
     * checked exception must be a {@code Callable}: {@code rt.spawn(() -> { serve(s); return null; })}. Cast
     * ({@code (Runnable) () -> ...}) where both would fit and the other is wanted. A reference to an
     * overloaded method ({@code rt.spawn(listener::accept)} when {@code accept} has overloads) is ambiguous to
     * the compiler, as with {@code submit}: write it as a lambda ({@code rt.spawn(() -> listener.accept())}).
     *
     * @throws RejectedExecutionException once {@link #close()} has begun
     */
    public Task<Void> spawn(Runnable body) {
        Objects.requireNonNull(body, "body");
        return spawn(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body} on the bounded blocking pool, for code that must block a thread.
     *
     * @throws RejectedExecutionException once {@link #close()} has begun
     */
    public <T> Task<T> blocking(Callable<T> body) {
        Task<T> t = register(new Task<>(this, body, live.pickStripe(-1)));
        blockingPool.execute(t::run);
        return t;
    }

    private <T> Task<T> register(Task<T> t) {
        live.add(t);
        // volatile read after the add; pairs with close(): closing = true, then it reads live
        if (closing) {
            live.remove(t);
            throw new RejectedExecutionException("runtime is shut down");
        }
        return t;
    }

    /** Tasks spawned and not finished (tests). */
    int liveTasks() {
        return live.size();
    }

    void taskDone(Task<?> t) {
        live.remove(t);
    }

    /** A worker about to park at {@code nowNs}: unlinks finished tasks from the live list if they are most of it. */
    void sweepFinishedTasks(long nowNs) {
        live.sweepIfWorthIt(nowNs);
    }

    /**
     * Runs {@code body} as a task and waits for it: blocks a platform thread, parks a virtual thread.
     *
     * @throws CompletionException wrapping what the body threw
     */
    public <T> T blockOn(Callable<T> body) throws InterruptedException {
        checkNotOnLoopThread("blockOn()");
        Task<T> t = spawn(body);
        try {
            return t.join();
        } catch (InterruptedException e) {
            t.cancel();
            throw e;
        }
    }

    /** A set of tasks that yields them as they finish; see {@link JoinSet}. */
    public <T> JoinSet<T> joinSet() {
        return new JoinSet<>(this);
    }

    /** A structured scope for children of the calling code; see {@link Scope}. */
    public Scope scope() {
        return new Scope(this);
    }

    // ------------------------------------------------------------------ I/O and loop access

    /**
     * Runs one loop operation on the calling thread's home worker (an AFFINE task's is the worker carrying it,
     * which submits it in place; other threads get one by thread id) and parks until it completes. For
     * operations on a descriptor of the NIO backend name the worker that opened it instead. See
     * {@link #submitAndAwait(int, Completion)}.
     */
    public int submitAndAwait(Completion op) {
        checkNotOnLoopThread("submitAndAwait()");
        return IoAwait.await(shared.homeWorker(), op, carrierMode == CarrierMode.AFFINE);
    }

    /**
     * Runs one loop operation on worker {@code worker}'s loop and parks the calling thread until it completes.
     * Replaces the completion's callback. An interrupt cancels the operation; the call still returns only
     * after the operation's own completion (then usually {@code -ECANCELED}), with the interrupt status set.
     * Descriptors belong to the loop that opened them: use the same worker for every operation on one.
     *
     * @return the operation's result: {@code >= 0}, or a negated {@link io.zokio.sys.Errno}
     */
    public int submitAndAwait(int worker, Completion op) {
        checkNotOnLoopThread("submitAndAwait()");
        return IoAwait.await(shared.workers[worker], op, carrierMode == CarrierMode.AFFINE);
    }

    /** Code run on a worker's loop thread by {@link #onLoop}. */
    @FunctionalInterface
    public interface LoopCall<T> {
        T call(EventLoop loop) throws Exception;
    }

    /**
     * Runs {@code call} on worker {@code worker}'s loop thread (e.g. to open a socket there) and waits for its
     * value. Must not block.
     *
     * @throws CompletionException wrapping what the call threw
     * @throws RejectedExecutionException once the runtime is shut down
     */
    public <T> T onLoop(int worker, LoopCall<T> call) throws InterruptedException {
        checkNotOnLoopThread("onLoop()");
        return loopTasks.onLoop(shared.workers[worker].loop, call);
    }

    // ------------------------------------------------------------------ registered files

    /** The runtime-wide registered-file indices; see {@link FileSlots}. */
    private final FileSlots fileSlots;

    /**
     * Registers backend descriptor {@code fd} at one index of every worker's registered-file table, so that an
     * operation marked {@link Completion#fixedFile(int) fixedFile(index)} finds it on whichever worker's loop it
     * is submitted to (io_uring then skips the per-operation file lookup and reference count; NIO translates).
     * The first call registers each worker's table ({@link RuntimeBuilder#registeredFileSlots}). Waits for
     * every worker's loop (parks a virtual thread); not on a worker thread. On NIO a descriptor is the handle
     * of the loop that opened it and the index is meaningful only on that worker, like the descriptor itself.
     *
     * @return the index, or -1 when nothing was registered: the table is full, disabled, or the kernel refused
     *         it (the caller then goes on with the plain descriptor)
     * @throws IllegalStateException on a worker thread
     */
    public int registerFile(int fd) {
        return fileSlots.register(fd);
    }

    /**
     * Empties {@code index} (from {@link #registerFile}) in every worker's table. Call it only once no operation
     * naming the index is in flight or will be submitted; the descriptor stays open (close it after). Never
     * blocks; the future completes when every worker's entry is empty, and the index is then free again.
     *
     * @throws IllegalArgumentException when {@code index} is not registered
     */
    public CompletableFuture<Void> unregisterFile(int index) {
        return fileSlots.unregister(index);
    }

    /** Descriptors registered through {@link #registerFile} now. Any thread. */
    public int registeredFiles() {
        return fileSlots.registered();
    }

    /** Why {@link #registerFile} cannot register (disabled, or the kernel refused the tables), or null. */
    public String registeredFilesUnavailable() {
        return fileSlots.unavailable();
    }

    // ------------------------------------------------------------------ time

    /** Parks the calling thread for at least {@code d}, on a worker's timer wheel. */
    public void sleep(Duration d) throws InterruptedException {
        Timers.sleep(shared, d);
    }

    /**
     * Runs {@code action} on a worker thread once {@code delay} has passed (never earlier), like an
     * {@link #executeOnLoop} task: it must not block. Any thread; a worker (or an AFFINE task it carries) schedules on
     * its own wheel, other threads on the workers' wheels in turn. Cancel through the returned handle.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws RejectedExecutionException if the runtime is shut down
     */
    public Scheduled schedule(Duration delay, Runnable action) {
        return loopTasks.schedule(delay, action);
    }

    /** Ticks every {@code period}, the first at once; see {@link Interval}. */
    public Interval interval(Duration period, Interval.MissedTickBehavior behavior) {
        return new Interval(shared, period, java.util.Objects.requireNonNull(behavior, "behavior"));
    }

    /**
     * Runs {@code body} as a task; cancels it (and its I/O) if it has not finished after {@code d}.
     *
     * @throws TimeoutException when {@code d} passed first (the task is cancelled)
     * @throws CompletionException wrapping what the body threw
     * @throws NullPointerException if {@code d} or {@code body} is null (checked before anything is spawned)
     */
    public <T> T timeout(Duration d, Callable<T> body) throws InterruptedException, TimeoutException {
        // before the spawn: a null duration must throw here, not once the body is already running
        Objects.requireNonNull(d, "timeout");
        Objects.requireNonNull(body, "body");
        return Timers.timeout(this, shared, d, body);
    }

    // ------------------------------------------------------------------ shutdown

    /** Graceful shutdown: the protocol in the package documentation, with the builder's grace period. */
    @Override
    public void close() {
        shutdown(grace);
    }

    /** Shutdown without a grace period: running tasks are cancelled at once. */
    public void shutdownNow() {
        shutdown(Duration.ZERO);
    }

    private void shutdown(Duration taskGrace) {
        checkNotOnLoopThread("close()");
        if (current() == this) {
            throw new IllegalStateException("close() from one of this runtime's own tasks would wait for itself");
        }
        if (closeStarted.compareAndSet(false, true)) {
            new Shutdown(this, shared, live, blockingPool, threads).run(taskGrace, this::setClosing);
            if (detector != null) {
                detector.stop();
            }
            if (mxBean != null) {
                mxBean.unregister();
            }
            buffers.close(); // after the workers: no operation can still use a buffer of it
            terminated = true;
        } else {
            Shutdown.joinAll(threads);
        }
    }

    /** Step 1: refuse new work, then close the listeners and idle accepted streams. */
    private void setClosing() {
        closing = true;
        shared.inject.close();
        shutdownWatch.begin();
    }

    /** True once {@link #close()} has begun: new work is refused. */
    public boolean isClosed() {
        return closing;
    }

    /**
     * True once {@link #close()} has finished: every task ended or was abandoned, the workers stopped and their
     * loops closed (with every socket and file of this runtime).
     */
    public boolean isTerminated() {
        return terminated;
    }

    /** The shutdown watch (tests). */
    ShutdownWatch shutdownWatch() {
        return shutdownWatch;
    }

    /** The JMX view, or null (tests). */
    RuntimeMXBeanImpl mxBean() {
        return mxBean;
    }

    /** True on a worker (event-loop) thread of any runtime: blocking there would stall a loop. */
    public static boolean isWorkerThread() {
        return Worker.current() != null;
    }

    /** Fails fast where blocking would stall an event loop. */
    static void checkNotOnLoopThread(String what) {
        Worker w = Worker.current();
        if (w != null) {
            RuntimeEvents.blockingCallOnLoop(what, w.index);
            throw new IllegalStateException(what + " on event-loop thread " + Thread.currentThread().getName()
                    + " would block the loop: call it from a task (Runtime.spawn) or use the completion API");
        }
    }
}
