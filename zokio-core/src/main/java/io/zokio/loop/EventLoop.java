package io.zokio.loop;

import io.zokio.loop.internal.Carriers;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * <b>Threading:</b> {@link #submit}, {@link #run} and {@link #close} are loop-thread
 * only: the loop binds to the first thread that calls {@link #run} and rejects other threads after that.
 * {@link #execute}, {@link #stop} and {@link #wakeup} may be called from any thread. One exception for
 * {@link #submit} only: a virtual thread whose carrier is the owning thread may submit (it runs on that
 * thread, between the owner's own steps, so the loop state stays single-threaded; a runtime whose workers
 * carry its virtual threads uses this to skip {@link #execute}). Such a caller must not park inside
 * {@code submit}; the backends' submit paths take no lock that could unmount it.
 *
 * <p>A single-threaded completion event loop over one {@link Backend} (libxev's Loop).
 *
 * <p><b>A turn</b> reads the clock once ({@link #now()}; read again for a timer armed after the loop blocked
 * or between runs), runs queued tasks (a bounded batch), fires expired timers, then lets the backend submit
 * everything queued during the turn in one batch (one {@code io_uring_enter}) and deliver completions. Results the loop knows itself (a cancelled timer, a
 * cancel's answer) wait on a ready list and run in the same turn. When a turn found nothing to do, the
 * {@link IdleMode} decides between polling again, yielding and blocking in the kernel until the nearest timer
 * deadline (the package-private {@code IdlePolicy}); the registered-file table is a {@code FileTable}.
 *
 * <p><b>Wakeup gate:</b> before blocking the loop publishes {@code sleeping = 1} and re-checks its task
 * queue; {@link #execute} enqueues and then calls {@link Backend#wakeup()} only if it wins the
 * {@code 1 -> 0} exchange (the package-private {@code WakeupGate}), so a loop that is busy is never woken by a
 * syscall.
 */
public final class EventLoop implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.zokio.loop");
    /** Tasks run per turn at most, so that I/O and timers are not starved by a flood of execute(). */
    private static final int TASK_BATCH = 4096;

    // what the loop is built from
    private final Backend backend;
    private final BackendFeatures features;
    private final Clock clock;
    private final IdlePolicy idle;
    private final WakeupGate gate;
    private final OwnerCounters stats = new OwnerCounters(LoopStats.SIZE);

    // what waits to run
    private final TimerHeap timers = new TimerHeap();
    private final MpscTaskQueue tasks = new MpscTaskQueue();
    private final ReadyList ready = new ReadyList();
    private final FileTable files;
    /** Whether the loop translates registered-file indices (the backend has no native table). */
    private final boolean translatesFiles;

    // loop-thread state
    private Thread owner;
    private long nowNs;
    /**
     * True when {@link #nowNs} may lag the clock by more than a turn's work: after a blocking wait began, and
     * whenever no turn is running (between runs, the owner or a virtual thread it carries may run for long).
     * The next timer armed or {@link #now()} then reads the clock again, so that a timeout is never measured
     * from a time before it was asked for.
     */
    private boolean nowStale;
    private int active;
    private boolean closing;
    private long callbackFailures;

    // cross-thread state
    private volatile boolean closed;
    private volatile boolean running;

    EventLoop(Backend backend, Clock clock, IdleMode idleMode) {
        this.backend = backend;
        this.clock = clock;
        this.idle = new IdlePolicy(idleMode, clock, stats);
        this.gate = new WakeupGate(backend, tasks, idle);
        this.nowNs = clock.nanoTime();
        this.nowStale = true;
        backend.attach(new BackendContext(this));
        this.features = Objects.requireNonNull(backend.features(), "backend features");
        FixedFiles nativeFiles = features.fixedFiles().orElse(null);
        this.files = new FileTable(nativeFiles);
        this.translatesFiles = nativeFiles == null;
    }

    /** A loop with the default backend ({@link BackendKind#AUTO}) and settings. */
    public static EventLoop open() {
        return builder().build();
    }

    public static EventLoopBuilder builder() {
        return new EventLoopBuilder();
    }

    // ---- a loop over a caller-made backend (custom backends, the test kit's simulated and decorating ones) ----

    /**
     * A loop over {@code backend}, which it then owns (closing the loop closes the backend). For backends the
     * builder does not know, such as the test kit's simulated backend; {@code clock} is the loop's time source
     * and must be the clock the backend's virtual time runs on, if it has one.
     *
     * @throws IllegalStateException when {@code backend} already belongs to a loop
     */
    public static EventLoop withBackend(Backend backend, Clock clock, IdleMode idle) {
        return new EventLoop(Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(idle, "idle"));
    }

    // ------------------------------------------------------------------ submission (loop thread)

    /** Starts an operation. Its callback runs exactly once, from a later {@link #run} on this thread. */
    public void submit(Completion c) {
        Objects.requireNonNull(c, "completion");
        checkOwnerOrCarried();
        if (closing) {
            throw new IllegalStateException("event loop is closed");
        }
        if (c.callback() == null) {
            throw new IllegalStateException("completion has no callback: call callback(...) before submit");
        }
        if (c.state == Completion.State.ACTIVE) {
            throw new IllegalStateException("completion is already in flight");
        }
        c.state = Completion.State.ACTIVE;
        active++;
        switch (c.op()) {
            case TIMEOUT -> {
                long now = now();
                long d = now + c.timeoutNs();
                c.deadlineNs = d < now ? Long.MAX_VALUE : d; // saturate on overflow
                c.inBackend = false;
                timers.add(c);
            }
            case CANCEL -> submitCancel(c);
            default -> startInBackend(c);
        }
    }

    /** Hands an active completion to the backend (after translating a registered-file index, if the loop must). */
    private void startInBackend(Completion c) {
        if (c.isFixedFile() && translatesFiles && !translateFixedFile(c)) {
            return; // an index with no registered file: completes with -EBADF, as io_uring does
        }
        c.inBackend = true;
        backend.submit(c);
    }

    // ------------------------------------------------------------------ linked chains (loop thread)

    /**
     * Starts {@code chain} as one linked chain: each operation starts only after the one before it completed
     * successfully, and when one fails the rest end with {@code -ECANCELED} without being started. A success is
     * a result {@code >= 0} that, for a read or write, transferred every byte asked for: a short transfer breaks
     * the chain too (io_uring's rule). Every member's callback runs once, in chain order for the members that
     * ran. On a backend with native links ({@link BackendFeatures#linkedOps()}, io_uring's
     * {@code IOSQE_IO_LINK}) the whole chain reaches the kernel in one submission; otherwise the loop holds each
     * member until the one before it has completed, then submits it (the same order and outcomes, one
     * round trip per member). Loop thread, as {@link #submit}.
     *
     * <p>Members must be distinct, idle, have a callback and be {@link #isLinkable linkable}. A cancel aimed at a
     * member the loop still holds answers {@code -EALREADY}; cancel the running member instead (the rest then
     * ends with {@code -ECANCELED}).
     *
     * @throws IllegalArgumentException for an empty chain, a repeated member or an op that cannot be linked
     * @throws IllegalStateException as {@link #submit} (closed loop, no callback, already in flight)
     */
    public void submitLinked(Completion... chain) {
        Objects.requireNonNull(chain, "chain");
        checkOwnerOrCarried();
        if (closing) {
            throw new IllegalStateException("event loop is closed");
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException("empty chain");
        }
        for (int i = 0; i < chain.length; i++) {
            Completion c = Objects.requireNonNull(chain[i], "chain member");
            if (c.callback() == null) {
                throw new IllegalStateException("completion has no callback: call callback(...) before submit");
            }
            if (c.state == Completion.State.ACTIVE) {
                throw new IllegalStateException("completion is already in flight");
            }
            if (!isLinkable(c.op())) {
                throw new IllegalArgumentException(c.op() + " cannot be part of a linked chain");
            }
            for (int j = 0; j < i; j++) {
                if (chain[j] == c) {
                    throw new IllegalArgumentException("the same completion twice in one chain");
                }
            }
        }
        if (chain.length == 1) {
            submit(chain[0]);
            return;
        }
        LinkedOps links = features.linkedOps().orElse(null);
        for (Completion c : chain) {
            c.state = Completion.State.ACTIVE;
            c.inBackend = false;
            active++;
        }
        if (links != null && !translatesFiles) {
            for (Completion c : chain) {
                c.inBackend = true;
            }
            try {
                links.submitLinked(chain.clone());
            } catch (RuntimeException e) { // refused before anything was queued (e.g. longer than the queue)
                for (Completion c : chain) {
                    c.state = Completion.State.IDLE;
                    c.inBackend = false;
                    active--;
                }
                throw e;
            }
            return;
        }
        for (int i = 0; i < chain.length - 1; i++) {
            chain[i].linkNext = chain[i + 1];
        }
        startInBackend(chain[0]);
    }

    /**
     * Whether {@code op} may be part of a linked chain: NOP, the file reads and writes (plain, vectored, fixed
     * buffer), FSYNC and FALLOCATE, the operations whose success every backend judges the same way and that are
     * always one kernel request.
     */
    public static boolean isLinkable(Op op) {
        return switch (op) {
            case NOP, READ, WRITE, READV, WRITEV, READ_FIXED, WRITE_FIXED, FSYNC, FALLOCATE -> true;
            default -> false;
        };
    }

    /** Whether {@code result} of {@code c} lets the next member of its chain start (io_uring's rule). */
    private static boolean linkHolds(Completion c, int result) {
        if (result < 0) {
            return false;
        }
        return switch (c.op()) {
            case READ, WRITE, READ_FIXED, WRITE_FIXED -> result == c.buffer().byteSize();
            case READV, WRITEV -> {
                long total = 0;
                for (MemorySegment b : c.buffers()) {
                    total += b.byteSize();
                }
                yield result == total;
            }
            default -> true;
        };
    }

    /** An emulated chain: starts the member after {@code c}, or ends it with -ECANCELED (which cascades). */
    private void continueChain(Completion c, int result) {
        Completion next = c.linkNext;
        c.linkNext = null;
        if (!closing && linkHolds(c, result)) {
            startInBackend(next);
        } else {
            ready.add(next, -Errno.ECANCELED); // its own completion cancels the member after it
        }
    }

    // ------------------------------------------------------------------ registered files (loop thread)

    /**
     * Registers {@code fds} as this loop's fixed-file table: an operation marked {@link Completion#fixedFile()}
     * names an index into it. On io_uring this is {@code IORING_REGISTER_FILES} (the kernel then skips the file
     * lookup and reference count of every such operation); NIO keeps the table and translates. Loop thread.
     * Replaces nothing: {@link #unregisterFiles()} first.
     *
     * @throws IllegalStateException when a table is already registered
     * @throws ErrnoException when the kernel refuses (e.g. {@code EMFILE} beyond RLIMIT_NOFILE)
     */
    public void registerFiles(int[] fds) throws ErrnoException {
        Objects.requireNonNull(fds, "fds");
        checkOwner();
        files.register(fds);
    }

    /** Drops the fixed-file table; operations in flight keep their files until they complete. Loop thread. */
    public void unregisterFiles() throws ErrnoException {
        checkOwner();
        files.unregister();
    }

    /** Entries of the registered-file table (0 when none). Loop thread. */
    public int registeredFiles() {
        return files.size();
    }

    /**
     * Registers a table of {@code slots} empty entries (io_uring: {@code IORING_REGISTER_FILES} with every
     * descriptor -1), to be filled and emptied one at a time with {@link #updateFileSlot}. Loop thread.
     *
     * @throws IllegalStateException when a table is already registered
     * @throws ErrnoException when the kernel refuses (e.g. {@code EMFILE} when {@code slots} exceeds RLIMIT_NOFILE)
     */
    public void registerFileSlots(int slots) throws ErrnoException {
        if (slots <= 0) {
            throw new IllegalArgumentException("slots must be positive: " + slots);
        }
        checkOwner();
        files.registerSlots(slots);
    }

    /**
     * Sets entry {@code index} of the registered-file table to descriptor {@code fd}, or empties it with -1
     * (io_uring: {@code IORING_REGISTER_FILES_UPDATE}). The descriptor itself stays open: emptying a slot does not
     * close it, and closing the descriptor does not empty the slot (io_uring's table keeps the file alive until
     * the slot is emptied). Operations already submitted keep the file they named, on every backend: io_uring
     * holds a reference per request; the other backends translate the index at submission. Loop thread.
     *
     * @throws IllegalStateException when no table is registered
     * @throws IllegalArgumentException when {@code index} is outside the table or {@code fd < -1}
     * @throws ErrnoException when the kernel refuses (e.g. {@code EBADF} for a descriptor that is not open)
     */
    public void updateFileSlot(int index, int fd) throws ErrnoException {
        checkOwner();
        files.update(index, fd);
    }

    /** For a backend without native support: the index becomes its descriptor, or the op ends with EBADF. */
    private boolean translateFixedFile(Completion c) {
        int fd = files.descriptor(c.fd());
        if (fd < 0) {
            c.inBackend = false;
            ready.add(c, -Errno.EBADF);
            return false;
        }
        c.swapInDescriptor(fd);
        return true;
    }

    private void submitCancel(Completion cancel) {
        Completion target = cancel.target();
        if (!target.isActive()) {
            ready.add(cancel, -Errno.ENOENT);
        } else if (target.inBackend) {
            cancel.inBackend = true;
            backend.submit(cancel);
        } else if (timers.remove(target)) {
            ready.add(target, -Errno.ECANCELED);
            ready.add(cancel, 0);
        } else {
            // the target already has its result and waits on the ready list: too late to cancel
            ready.add(cancel, -Errno.EALREADY);
        }
    }

    /** Called by the backend (through {@link BackendContext#deliver}) and by the ready list. Loop thread. */
    void complete(Completion c, int result) {
        c.restoreIndex();
        if (c.linkNext != null) {
            continueChain(c, result); // before the callback, which may re-prepare c
        }
        c.state = Completion.State.IDLE;
        c.inBackend = false;
        c.result = result;
        active--;
        stats.inc(LoopStats.COMPLETIONS); // before the callback: whoever it wakes sees itself counted
        Action action;
        try {
            action = c.callback().onComplete(this, c, result);
        } catch (Throwable t) {
            callbackFailures++;
            LOG.log(System.Logger.Level.WARNING, "completion callback threw; the completion is disarmed", t);
            action = Action.DISARM;
        }
        if (action == Action.REARM && !closing) {
            submit(c);
        }
    }

    /**
     * One result of a multishot operation that stays active (the backend saw IORING_CQE_F_MORE or
     * emulates it). The callback may not resubmit the completion (it is active); its answer says whether to
     * continue. A throwing callback, or a closing loop, stops the operation.
     */
    Action completeMore(Completion c, int result) {
        c.result = result;
        Action action;
        try {
            action = c.callback().onComplete(this, c, result);
        } catch (Throwable t) {
            callbackFailures++;
            LOG.log(System.Logger.Level.WARNING, "multishot callback threw; the operation is stopped", t);
            action = Action.DISARM;
        }
        return closing ? Action.DISARM : action;
    }

    // ------------------------------------------------------------------ running (loop thread)

    /**
     * Runs the loop in {@code mode}. Not re-entrant: a callback or task that calls it gets an exception.
     *
     * @return the number of callbacks and tasks run
     */
    public int run(RunMode mode) {
        Objects.requireNonNull(mode, "mode");
        checkOwner();
        if (closing) {
            throw new IllegalStateException("event loop is closed");
        }
        if (running) {
            // a nested run would poll the backend from inside its own poll (see Backend's threading contract)
            throw new IllegalStateException("run() called from a callback or task of this loop: return instead");
        }
        running = true;
        try {
            return runTurns(mode);
        } finally {
            running = false;
            nowStale = true; // whatever runs until the next turn (tasks, carried threads) may take long
        }
    }

    private int runTurns(RunMode mode) {
        int total = 0;
        idle.reset();
        while (true) {
            nowNs = clock.nanoTime();
            nowStale = false;
            stats.inc(LoopStats.TURNS);
            int n = runTasks() + runTimers() + drainReady();
            long waitNs = 0;
            if (n == 0 && mode != RunMode.NO_WAIT && hasWork()) {
                waitNs = idle.idleTurn(nowNs, timers);
            }
            int polled;
            if (waitNs == 0) {
                polled = backend.poll(0);
            } else {
                idle.blocking();
                stats.inc(LoopStats.BLOCKS);
                nowStale = true; // callbacks delivered after the wait must not arm timers from before it
                polled = gate.pollBlocking(waitNs);
                idle.unblocked();
            }
            LoopStats.batch(stats, polled);
            n += polled + drainReady();
            total += n;
            if (n > 0) {
                idle.workFound();
            }
            if (gate.takeStop()) {
                return total;
            }
            if (mode == RunMode.NO_WAIT
                    || (mode == RunMode.ONCE && total > 0)
                    || !hasWork()) {
                return total;
            }
        }
    }

    /** True while anything is in flight or queued. */
    private boolean hasWork() {
        return active > 0 || !ready.isEmpty() || !tasks.isEmpty();
    }

    private int runTasks() {
        int n = 0;
        Runnable r;
        while (n < TASK_BATCH && (r = tasks.poll()) != null) {
            n++;
            stats.inc(LoopStats.TASKS);
            try {
                r.run();
            } catch (Throwable t) {
                callbackFailures++;
                LOG.log(System.Logger.Level.WARNING, "task threw", t);
            }
        }
        return n;
    }

    private int runTimers() {
        int n = 0;
        int limit = timers.size(); // a timer re-armed with 0 ns waits for the next turn
        while (n < limit && !timers.isEmpty() && timers.nextDeadlineNs() <= nowNs) {
            Completion c = timers.poll();
            n++;
            complete(c, 0);
        }
        return n;
    }

    private int drainReady() {
        int n = 0;
        Completion c;
        while ((c = ready.poll()) != null) {
            n++;
            complete(c, c.result);
        }
        return n;
    }

    // ------------------------------------------------------------------ any thread

    /** Runs {@code task} on the loop thread in a later turn. Any thread. */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw new RejectedExecutionException("event loop is closed");
        }
        tasks.offer(task);
        gate.wake();
    }

    /**
     * Queues {@code task} like {@link #execute} but never wakes the loop: it runs in the loop's next turn,
     * whenever something else brings that turn (a completion, such as a timeout the owner armed, or another
     * thread's {@code execute} or {@link #wakeup}). For an owner that knows its loop turns in time, e.g. a
     * timer whose deadline is no earlier than the loop's own armed wake-up. Any thread.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    public void executeWithoutWakeup(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw new RejectedExecutionException("event loop is closed");
        }
        tasks.offer(task);
    }

    /** Makes a running {@link #run} return after its current turn. Any thread. */
    public void stop() {
        gate.requestStop();
    }

    /** Wakes the loop if it is blocked in the kernel; a no-op (no syscall) when it is busy. Any thread. */
    public void wakeup() {
        gate.wake();
    }

    // ------------------------------------------------------------------ state

    /**
     * The loop time, in nanoseconds of its {@link Clock}: the time read once at the start of the current turn,
     * or read again when that may be old (the loop blocked since, or no turn is running). Timers are armed at
     * this time plus their duration. Loop thread (or a virtual thread it carries).
     */
    public long now() {
        if (nowStale) {
            nowNs = clock.nanoTime();
            nowStale = false;
        }
        return nowNs;
    }

    /** Completions submitted whose callbacks have not run yet. Loop thread. */
    public int active() {
        return active;
    }

    /**
     * The loop's counters since it was built; any thread (each value is read whole, the set is not one
     * instant).
     */
    public LoopMetrics metrics() {
        return LoopStats.snapshot(stats, features.counters());
    }

    /** True while the loop thread is blocked in the kernel waiting for work. Any thread (a snapshot). */
    public boolean isBlockedInKernel() {
        return gate.isSleeping();
    }

    /** The idle mode this loop was built with. */
    public IdleMode idleMode() {
        return idle.mode();
    }

    /** Callbacks and tasks that threw (each is logged and the completion disarmed). */
    public long callbackFailures() {
        return callbackFailures;
    }

    /** The backend's name for logs and metrics ({@code "io_uring"}, {@code "nio"}); ask {@link #features()} for a feature. */
    public String backendName() {
        return features.name();
    }

    /** What the backend is and offers. Any thread. */
    public BackendFeatures features() {
        return features;
    }

    /** The backend's socket calls (see {@link SocketCalls} for the threading rule). */
    public SocketCalls sockets() {
        return features.sockets();
    }

    /** The backend this loop owns. */
    public Backend backend() {
        return backend;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop: runs tasks already queued, cancels every timer and operation in flight (each callback
     * runs once, with {@code -ECANCELED} unless it finished first), then frees the backend. Call it on the
     * loop thread, or on any thread once no thread is running the loop.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        Thread me = Thread.currentThread();
        if (owner != null && owner != me && running) {
            throw new IllegalStateException("close() while thread " + owner.getName() + " runs the loop: "
                    + "call stop() and close it from that thread");
        }
        owner = me;
        runTasks();
        closed = true;
        closing = true;
        try {
            drainReady();
            Completion t;
            while ((t = timers.poll()) != null) {
                complete(t, -Errno.ECANCELED);
            }
            backend.close();
            drainReady();
            // Tasks accepted before the close still run (beyond the batch above, or queued meanwhile); their
            // submits now fail ("event loop is closed"), which a waiter handed over here (a runtime's IoAwait)
            // turns into an exception instead of waiting forever.
            Runnable r;
            while ((r = tasks.poll()) != null) {
                try {
                    r.run();
                } catch (Throwable e) {
                    LOG.log(System.Logger.Level.DEBUG, "task run at close threw: {0}", e.toString());
                }
            }
        } finally {
            owner = null;
        }
    }

    /**
     * Whether the calling thread is the one this loop is bound to (the thread that runs it). Any thread: a
     * thread can only read its own identity in the owner field if it wrote it there itself.
     */
    public boolean inLoopThread() {
        return owner == Thread.currentThread();
    }

    private void checkOwner() {
        Thread t = Thread.currentThread();
        if (owner == null) {
            owner = t;
        } else if (owner != t) {
            throw notOwner();
        }
    }

    /** {@link #checkOwner()}, also accepting a virtual thread carried by the owner (submit only). */
    private void checkOwnerOrCarried() {
        Thread t = Thread.currentThread();
        if (owner == null) {
            owner = t;
        } else if (owner != t && !(t.isVirtual() && Carriers.current() == owner)) {
            throw notOwner();
        }
    }

    private IllegalStateException notOwner() {
        return new IllegalStateException("event loop is bound to thread " + owner.getName()
                + "; call it from that thread or use execute()");
    }
}
