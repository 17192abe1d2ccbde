package io.zokio.runtime;

import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.runtime.internal.WorkerLoops;
import io.zokio.loop.IdleMode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
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
 * the scheduler and the shutdown protocol). Lightweight {@link #execute(Runnable)} tasks run on the workers;
 * {@link #spawn} tasks run on virtual threads (carried by the JDK's scheduler in {@link CarrierMode#SHARED},
 * by the workers in {@link CarrierMode#AFFINE}) and reach the loops through {@link #submitAndAwait}; a
 * virtual thread parks (never pins) while it waits for I/O, a timer, a task or a channel.
 *
 * <p><b>The name.</b> This class shares its simple name with {@link java.lang.Runtime}. A single-type import
 * ({@code import io.zokio.runtime.Runtime;}) shadows the implicit {@code java.lang} one in that file, which is
 * the usual idiom in code that runs tasks; the JDK's is then written out where it is needed, e.g.
 * {@code java.lang.Runtime.getRuntime().availableProcessors()}. Code that mostly uses the JDK's class leaves
 * this one unimported and writes {@code io.zokio.runtime.Runtime}. (With only the on-demand import
 * {@code io.zokio.runtime.*}, the simple name is ambiguous with {@code java.lang}'s and does not compile.)
 */
public final class Runtime implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");
    private static final AtomicBoolean AFFINE_LOGGED = new AtomicBoolean();
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
    private final LiveTasks live = new LiveTasks();
    /** The binding every task runs under: immutable, so one carrier serves every spawn. */
    final ScopedValue.Carrier bindCurrent = ScopedValue.where(CURRENT, this);
    /**
     * True when tasks run under {@link #bindCurrent} (SHARED: their carriers are the JDK's); an AFFINE task's
     * carrier is a worker, which names the runtime without a binding (see {@link #current()}).
     */
    final boolean bindsCurrent;
    /** Set once by close(): new work is refused. Read by spawn() after it registered its task. */
    private volatile boolean closing;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    /** The workers' loops for net and fs, made on first use. */
    private volatile WorkerLoops workerLoops;
    /** Round-robin over the workers for timers scheduled from outside the runtime. */
    private final java.util.concurrent.atomic.AtomicInteger timerSpread = new java.util.concurrent.atomic.AtomicInteger();

    Runtime(RuntimeBuilder b) {
        this.fileSlots = new FileSlots(this, b.registeredFileSlots);
        this.grace = b.shutdownGrace;
        boolean deterministic = b.deterministic != null;
        if (deterministic && !AffineCarriers.available()) {
            throw new IllegalStateException("a deterministic runtime runs its tasks' virtual threads on its one worker"
                    + " (AFFINE carriers), which needs --add-opens java.base/java.lang=ALL-UNNAMED: "
                    + AffineCarriers.UNAVAILABLE_CAUSE);
        }
        boolean wantAffine = deterministic || b.carrierMode == null || b.carrierMode == CarrierMode.AFFINE;
        String carrierNote;
        if (wantAffine && AffineCarriers.available()) {
            this.carrierMode = CarrierMode.AFFINE;
            this.virtualThreads = AffineCarriers.factory(this::scheduleContinuation);
            carrierNote = b.carrierMode == null ? "AFFINE (detected)" : "AFFINE";
        } else {
            this.carrierMode = CarrierMode.SHARED;
            // unnamed: a name per spawn costs a string; thread dumps show the task's stack anyway
            this.virtualThreads = Thread.ofVirtual().factory();
            carrierNote = wantAffine ? "SHARED (AFFINE unavailable: " + AffineCarriers.UNAVAILABLE_CAUSE + ")"
                    : "SHARED";
            if (b.carrierMode == CarrierMode.AFFINE && AFFINE_LOGGED.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, "carrier mode AFFINE unavailable, using SHARED: {0}",
                        AffineCarriers.UNAVAILABLE_CAUSE);
            }
        }
        IdleMode idle = b.idleMode != null ? b.idleMode : b.adaptiveTuning ? IdleMode.ADAPTIVE : IdleMode.BALANCED;
        this.bindsCurrent = carrierMode == CarrierMode.SHARED;
        if (deterministic) {
            this.clock = Objects.requireNonNull(b.deterministic.clock(b.clock), "deterministic clock");
            this.shared = new Shared(1, this, clock);
            this.threads = new Thread[1];
            this.blockingPool = new BlockingPool(b.blockingThreads, false);
            this.name = "zokio-deterministic";
            // read on the worker's thread once it runs, after workers[0] is set
            Shared s = shared;
            EventLoop loop = b.deterministic.open(clock, () -> !s.workers[0].wheelIsEmpty());
            shared.workers[0] = new Worker(0, shared, loop, DetRunSet.create(shared.inject, b.deterministicSeed));
            threads[0] = new Worker.WorkerThread(shared.workers[0], "zokio-deterministic-0");
            threads[0].setDaemon(true);
            threads[0].start();
            shared.awaitStarted();
            this.detector = null;
            this.mxBean = null;
            LOG.log(System.Logger.Level.DEBUG, "zokio deterministic runtime: seed {0}, {1}", b.deterministicSeed,
                    loop.features().description());
            return;
        }
        this.clock = b.clock;
        this.shared = new Shared(b.workers, this, b.clock);
        this.threads = new Thread[b.workers];
        EventLoop[] loops = new EventLoop[b.workers];
        try {
            for (int i = 0; i < b.workers; i++) {
                loops[i] = b.decorate(EventLoop.builder().backend(b.backend).ringEntries(b.ringEntries)
                        .idleMode(idle).clock(b.clock).build(), i);
            }
        } catch (RuntimeException e) {
            for (EventLoop l : loops) {
                if (l != null) {
                    l.close();
                }
            }
            throw e;
        }
        for (int i = 0; i < b.workers; i++) {
            shared.workers[i] = new Worker(i, shared, loops[i]);
        }
        this.blockingPool = new BlockingPool(b.blockingThreads, b.adaptiveTuning);
        for (int i = 0; i < b.workers; i++) {
            threads[i] = new Worker.WorkerThread(shared.workers[i], b.threadNamePrefix + i);
            threads[i].setDaemon(true);
            threads[i].start(); // the start is the happens-before edge that hands the worker to its thread
        }
        shared.awaitStarted();
        buffers.useContextCaches(this::currentBufferCache);
        this.name = b.threadNamePrefix.endsWith("-") ? b.threadNamePrefix.substring(0, b.threadNamePrefix.length() - 1)
                : b.threadNamePrefix;
        this.detector = b.blockedThreshold.isZero() && !b.adaptiveTuning ? null
                : BlockedWorkerDetector.start(shared, threads, b.blockedThreshold, name,
                        b.adaptiveTuning ? blockingPool : null);
        this.mxBean = RuntimeMXBeanImpl.register(this, name);
        String fallback = io.zokio.loop.EventLoopBuilder.fallbackCause();
        LOG.log(System.Logger.Level.INFO, "zokio runtime {0}: {1} workers, backend {2}, carriers {3}, idle {4},"
                + " adaptive tuning {5}{6}", name, b.workers, loops[0].features().description(), carrierNote, idle,
                b.adaptiveTuning ? "on" : "off",
                b.backend == io.zokio.loop.BackendKind.AUTO && !loops[0].features().kernelDescriptors() && fallback != null
                        ? ", io_uring unavailable: " + fallback : "");
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
        Worker w = Worker.current();
        if (w == null) {
            w = AffineCarriers.carrierWorker();
        }
        return w != null && w.shared == shared ? w.bufferCache : null;
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
        if (carrierMode != CarrierMode.AFFINE || !Thread.currentThread().isVirtual()) {
            return false;
        }
        Worker w = AffineCarriers.carrierWorker();
        return w != null && w.shared == shared;
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
        WorkerLoops w = workerLoops;
        if (w == null) {
            synchronized (this) {
                w = workerLoops;
                if (w == null) {
                    EventLoop[] loops = new EventLoop[shared.workers.length];
                    for (int i = 0; i < loops.length; i++) {
                        loops[i] = shared.workers[i].loop;
                    }
                    w = new WorkerLoops(this, loops, threads);
                    workerLoops = w;
                }
            }
        }
        return w;
    }

    /** The name of the workers' backend for logs and metrics ({@code "io_uring"}, {@code "nio"}); see {@link #backendFeatures()}. */
    public String backendName() {
        return shared.workers[0].loop.backendName();
    }

    /** What the workers' backend is and offers (every worker's loop has the same). Any thread. */
    public io.zokio.loop.BackendFeatures backendFeatures() {
        return shared.workers[0].loop.features();
    }

    // ------------------------------------------------------------------ lightweight tasks

    /**
     * Runs {@code task} on a worker. On a worker thread the task takes that worker's LIFO slot; from
     * elsewhere it goes to the inject queue and wakes a parked worker only if none is searching.
     *
     * @throws RejectedExecutionException once {@link #close()} has begun
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closing) {
            throw new RejectedExecutionException("runtime is shut down");
        }
        Worker w = Worker.current();
        if (w == null && carrierMode == CarrierMode.AFFINE) {
            w = AffineCarriers.carrierWorker(); // a virtual thread carried by a worker runs on its thread
        }
        if (w != null && w.shared == shared) {
            w.stats.inc(WorkerStats.SPAWNED);
            w.scheduleLocal(task);
        } else {
            shared.spawnedOutside.increment();
            if (!shared.inject.push(task)) {
                throw new RejectedExecutionException("runtime is shut down");
            }
            shared.notifyParked();
        }
    }

    /**
     * The scheduler of AFFINE virtual threads: a continuation is a lightweight task. From a worker (or a
     * virtual thread it carries) it takes that worker's LIFO slot, except a virtual thread's own continuation
     * re-submitted while it runs (a yield), which goes to the back of the local queue; from elsewhere it goes to the inject queue
     * as overflow, which is accepted even while shutting down, because live tasks must run to their end.
     */
    private void scheduleContinuation(Runnable continuation) {
        Worker w = AffineCarriers.carrierWorker();
        if (w != null && w.shared == shared && !shared.isShutdown()) {
            if (!w.scheduleIfSelf(continuation)) {
                w.scheduleLocal(continuation);
            }
        } else {
            shared.inject.pushOverflow(continuation);
            shared.notifyParked();
        }
    }

    // ------------------------------------------------------------------ tasks

    /**
     * Runs {@code body} on a new virtual thread.
     *
     * @throws RejectedExecutionException once {@link #close()} has begun
     */
    public <T> Task<T> spawn(Callable<T> body) {
        Task<T> t = register(new Task<>(this, body, live.pickStripe()));
        Worker w = carrierMode == CarrierMode.AFFINE ? AffineCarriers.carrierWorker() : Worker.current();
        if (w != null && w.shared == shared) {
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
        Task<T> t = register(new Task<>(this, body, live.pickStripe()));
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
        EventLoop loop = shared.workers[worker].loop;
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(call.call(loop));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
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
     * {@link #execute} task: it must not block. Any thread; a worker (or an AFFINE task it carries) schedules on
     * its own wheel, other threads on the workers' wheels in turn. Cancel through the returned handle.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws RejectedExecutionException if the runtime is shut down
     */
    public Scheduled schedule(Duration delay, Runnable action) {
        java.util.Objects.requireNonNull(delay, "delay");
        java.util.Objects.requireNonNull(action, "action");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        if (shared.isShutdown()) {
            throw new RejectedExecutionException("runtime is shut down");
        }
        Worker w = AffineCarriers.carrierWorker();
        if (w == null || w.shared != shared) {
            // from outside: spread over the workers, so that one thread's burst of timers is fired (and its wheel
            // cascaded) by all of them rather than one
            w = shared.workers[Math.floorMod(timerSpread.getAndIncrement(), shared.workers.length)];
        }
        CallbackTimer t = new CallbackTimer(action);
        w.submitTimer(t, Timers.toNanos(delay));
        return t;
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
        // before the spawn: a null duration used to throw only after the body had started, leaving it running
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
            new Shutdown(shared, live, blockingPool, threads).run(taskGrace, this::setClosing);
            if (detector != null) {
                detector.stop();
            }
            if (mxBean != null) {
                mxBean.unregister();
            }
            buffers.close(); // after the workers: no operation can still use a buffer of it
        } else {
            Shutdown.joinAll(threads);
        }
    }

    private void setClosing() {
        closing = true;
        shared.inject.close();
    }

    public boolean isClosed() {
        return closing;
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
