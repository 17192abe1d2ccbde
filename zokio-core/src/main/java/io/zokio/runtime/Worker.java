package io.zokio.runtime;

import io.zokio.loop.Action;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import io.zokio.runtime.sched.LocalQueue;
import io.zokio.time.TimerEntry;
import io.zokio.time.TimerWheel;
import java.util.function.Consumer;

/**
 * <b>Threading:</b> every field and method is for the worker's own thread only, except the final handles
 * ({@link #stealer}, {@link #loop} for {@code execute}/{@code stop}) and {@link #unpark()}, which are for any
 * thread.
 *
 * <p>One scheduler worker (Tokio's {@code multi_thread/worker.rs}): a platform thread that owns an
 * {@link EventLoop}, a {@link RunQueue} and a {@link TimerWheel}. The run queue is picked when the runtime is
 * built: {@link StealingRunQueue} (a LIFO slot, a {@link LocalQueue}, stealing, inject batches) normally,
 * {@link DetRunSet} (a seeded draw) in a deterministic runtime. A tick runs one task; every
 * {@value #FAIRNESS_INTERVAL} ticks the worker turns the loop once without waiting (and the stealing queue takes
 * from the inject queue first). With no local work it steals (if the throttle lets it search), then parks inside
 * its loop's wait:
 * {@code loop.run(ONCE)} with a park timer armed for the wheel's nearest deadline, so that a completion, a
 * timer, a task handed to the loop, or {@link #unpark()} ({@code loop.stop()}) resumes it.
 */
final class Worker implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");
    /** Tokio's global queue interval: a prime, so it does not beat with periodic task patterns. */
    static final int FAIRNESS_INTERVAL = 61;
    /** LIFO polls in a row before the slot's task goes to the back of the queue (Tokio: 3). */
    static final int MAX_LIFO_POLLS = 3;
    /** Park timeout with no timer armed: the loop needs an active completion to block at all. */
    static final long IDLE_PARK_NS = 60_000_000_000L;
    /** Timers fired per wheel poll, so that a burst of expiries does not starve the run queue. */
    private static final int TIMER_BATCH = 4096;

    final int index;
    final Shared shared;
    final EventLoop loop;
    final LocalQueue.Stealer<Runnable> stealer;
    /** Where this worker's runnable tasks wait; one implementation class per process in practice. */
    private final RunQueue runQueue;
    private final TimerWheel wheel;
    private final Completion parkTimer = new Completion();
    /**
     * This worker's cache of the runtime's buffer pool, used by the worker thread and by the AFFINE virtual
     * threads it carries (one OS thread, so no locks; see {@code LocalCache}'s context caches).
     */
    final io.zokio.buffer.LocalCache bufferCache;
    private final Completion parkCancel = new Completion();
    private final Consumer<TimerEntry> fireTimer = e -> {
        this.stats.inc(WorkerStats.TIMERS_FIRED); // before the timer's code: whoever it wakes sees it counted
        ((RuntimeTimer) e).fire();
    };
    private final Consumer<TimerEntry> abandonTimer = e -> ((RuntimeTimer) e).abandon();

    private static final java.lang.invoke.VarHandle RUNNING;
    private static final java.lang.invoke.VarHandle PARKED_UNTIL;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            RUNNING = l.findVarHandle(Worker.class, "runningTask", Runnable.class);
            PARKED_UNTIL = l.findVarHandle(Worker.class, "parkedUntilNs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Through RUNNING: written by this worker's thread with opaque access, read by the detector. */
    @SuppressWarnings("unused")
    private Runnable runningTask;

    /**
     * Through PARKED_UNTIL (volatile accesses): while this worker is parked, the deadline of its armed park
     * timer, by which its loop turns, and drains its task queue, without being woken; {@link Long#MIN_VALUE}
     * while it runs. Written by this worker's thread; read by threads handing it a timer (see
     * {@link #submitTimerAt}).
     */
    @SuppressWarnings("unused")
    private long parkedUntilNs = Long.MIN_VALUE;

    // worker-thread state
    /** Searching for work (counted in {@code Idle}); the run queue's steal sets it. */
    boolean isSearching;
    private int tick;
    private long parkDeadlineNs;
    /** Counters for {@code Runtime.metrics()}: single writer, this worker's thread. */
    final io.zokio.loop.OwnerCounters stats = new io.zokio.loop.OwnerCounters(WorkerStats.SIZE);
    /** Times other threads woke this worker (any thread increments). */
    final java.util.concurrent.atomic.AtomicLong wakeups = new java.util.concurrent.atomic.AtomicLong();
    /** Reports of the blocked-worker detector about this worker (the watchdog thread increments). */
    final java.util.concurrent.atomic.AtomicLong blockedWarnings = new java.util.concurrent.atomic.AtomicLong();
    /** When this worker started, in runtime clock time (for the busy ratio). */
    final long startedNs;
    /**
     * Operations that virtual threads carried by this worker submitted straight to its loop (AFFINE), for
     * tests and metrics. Written only by code running on this worker's thread (a carried virtual thread
     * cannot unmount between its submit and the increment); read by others after the worker ended, or racily.
     */
    long directSubmits;

    /** A worker of the work-stealing scheduler. */
    Worker(int index, Shared shared, EventLoop loop) {
        this(index, shared, loop, new StealingRunQueue(shared));
    }

    /** A worker over {@code runQueue} (a deterministic runtime's {@link DetRunSet}). */
    Worker(int index, Shared shared, EventLoop loop, RunQueue runQueue) {
        this.runQueue = runQueue;
        this.index = index;
        this.shared = shared;
        this.loop = loop;
        this.stealer = runQueue.stealer();
        this.wheel = new TimerWheel(loop.now());
        this.startedNs = shared.clock.nanoTime();
        this.bufferCache = shared.runtime.buffers().newContextCache();
        parkTimer.callback((l, c, r) -> Action.DISARM);
        parkCancel.callback((l, c, r) -> Action.DISARM);
    }

    /** The worker whose thread is running, or null on any other thread. */
    static Worker current() {
        return Thread.currentThread() instanceof WorkerThread t ? t.worker : null;
    }

    // ------------------------------------------------------------------ the run loop

    @Override
    public void run() {
        boolean countedStart = false;
        try {
            // bind the loop to this thread before running any task: an AFFINE virtual thread carried here may
            // submit to it directly, and would otherwise become the loop's owner itself
            loop.run(RunMode.NO_WAIT);
            countedStart = true;
            shared.started.countDown();
            while (!shared.isShutdown()) {
                tick++;
                if (tick % FAIRNESS_INTERVAL == 0) {
                    maintenance();
                }
                Runnable t = runQueue.next(tick);
                if (t == null) {
                    t = runQueue.steal(this);
                }
                if (t != null) {
                    runTask(t);
                } else {
                    park();
                }
            }
        } catch (Throwable e) {
            // tasks' own failures are caught in runOne: this is a loop or scheduler defect; say so loudly
            LOG.log(System.Logger.Level.ERROR, "worker " + index + " died; its queue is drained at shutdown", e);
            throw e;
        } finally {
            if (!countedStart) {
                shared.started.countDown(); // the constructor must not wait forever for a worker that died
            }
            shutdownWorker();
        }
    }

    private void maintenance() {
        loop.run(RunMode.NO_WAIT);
        fireTimers();
    }

    private void fireTimers() {
        if (!wheel.isEmpty()) {
            wheel.poll(loop.now(), fireTimer, TIMER_BATCH);
        }
    }

    private void runTask(Runnable t) {
        if (isSearching) {
            isSearching = false;
            // the last searcher found work: there may be more, so let another worker search
            if (shared.idle.transitionWorkerFromSearching()) {
                shared.notifyParked();
            }
        }
        runOne(t);
        for (int polls = 0; (t = runQueue.afterRun(polls)) != null; polls++) {
            runOne(t); // the LIFO slot's task, at most MAX_LIFO_POLLS in a row
        }
    }

    private void runOne(Runnable t) {
        stats.inc(WorkerStats.RUN);
        RUNNING.setOpaque(this, t); // for the blocked-worker detector: no clock read on the hot path
        try {
            t.run();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "task threw", e);
        } finally {
            RUNNING.setOpaque(this, null);
        }
    }

    /** The task this worker is running now, or null. Any thread (a racy snapshot). */
    Object running() {
        return RUNNING.getOpaque(this);
    }

    /** {@code Runtime.execute} on this worker's thread (the stealing queue: the new task takes the LIFO slot). */
    void scheduleLocal(Runnable t) {
        runQueue.scheduleLocal(t);
    }

    /**
     * A task re-submitting itself while this worker runs it (an AFFINE virtual thread that yielded, or was
     * unparked before it finished unmounting; a loop task that yields by re-submitting itself): the stealing
     * queue puts it at the back of the local queue, not the LIFO slot, so that a yield lets the other runnable
     * tasks go first (Tokio defers a yielded task's wake for the same reason); false when the run queue leaves it
     * to {@link #scheduleLocal}. Worker thread.
     */
    boolean scheduleIfSelf(Runnable t) {
        return runQueue.scheduleIfSelf(t, RUNNING.getOpaque(this));
    }

    private boolean hasTasks() {
        return runQueue.hasTasks();
    }

    /** True when no runtime timer is armed on this worker's wheel. Worker thread. */
    boolean wheelIsEmpty() {
        return wheel.isEmpty();
    }

    // ------------------------------------------------------------------ parking

    private void park() {
        if (hasTasks()) {
            return;
        }
        boolean lastSearcher = shared.idle.transitionWorkerToParked(index, isSearching);
        isSearching = false;
        if (runQueue.recheckBeforePark(lastSearcher)) {
            // the last searcher looks once more (a deterministic worker, which never searches, always does)
            shared.notifyIfWorkPending();
        }
        stats.inc(WorkerStats.PARKS);
        long parkedAt = shared.clock.nanoTime();
        shared.runtime.sweepFinishedTasks(parkedAt); // idle now: finished tasks of a burst need not stay reachable
        try {
            while (!shared.isShutdown()) {
                armParkTimer();
                // before the loop's gate re-checks the task queue (volatile, like the gate's own flag): a timer
                // handed over without a wakeup is either seen in the queue or was handed over knowing this
                // deadline
                PARKED_UNTIL.setVolatile(this, parkDeadlineNs);
                loop.run(RunMode.ONCE); // blocks in the backend; returns after a completion, a task or stop()
                fireTimers();
                if (transitionFromParked()) {
                    return;
                }
            }
        } finally {
            PARKED_UNTIL.setVolatile(this, Long.MIN_VALUE);
            stats.add(WorkerStats.PARKED_NS, shared.clock.nanoTime() - parkedAt);
        }
    }

    /** After a wake: true to resume running (and maybe searching), false to park again. */
    private boolean transitionFromParked() {
        if (hasTasks()) {
            // woken by our own loop's callbacks, not by a producer: resume without searching
            isSearching = !shared.idle.unparkWorkerById(index);
            return true;
        }
        if (shared.idle.isParked(index)) {
            return false;
        }
        isSearching = true; // picked by workerToNotify, which counted us as searching
        return true;
    }

    /** Keeps one loop timer armed no later than the wheel's nearest deadline, so the loop's wait is bounded. */
    private void armParkTimer() {
        long next = wheel.nextDeadlineNs();
        long now = loop.now();
        long want = next == TimerWheel.NO_DEADLINE ? now + IDLE_PARK_NS : next;
        if (parkTimer.isActive()) {
            if (parkDeadlineNs > want && !parkCancel.isActive()) {
                // too late: cancel; the cancel's result makes run(ONCE) return at once and we re-arm
                loop.submit(parkCancel.prepCancel(parkTimer));
            }
            return;
        }
        if (parkCancel.isActive()) {
            return;
        }
        parkDeadlineNs = want;
        loop.submit(parkTimer.prepTimeout(Math.max(0, want - now)));
    }

    /** Wakes this worker if it is blocked in its loop. Any thread. */
    void unpark() {
        loop.stop();
    }

    // ------------------------------------------------------------------ timers (worker thread)

    void armTimer(RuntimeTimer t) {
        if (shared.isShutdown()) {
            t.abandon();
            return;
        }
        wheel.schedule(t, t.requestedDeadlineNs);
    }

    void cancelTimer(RuntimeTimer t) {
        if (wheel.cancel(t)) {
            t.abandon();
        }
    }

    /** Hands a timer to this worker. Any thread. */
    void submitTimer(RuntimeTimer t, long delayNs) {
        long now = shared.clock.nanoTime();
        long d = now + delayNs;
        submitTimerAt(t, d < now ? TimerWheel.NO_DEADLINE - 1 : d); // saturate on overflow
    }

    /**
     * Hands a timer due at {@code deadlineNs} (runtime clock) to this worker. Any thread.
     *
     * <p>The loop is woken only when the timer is due before the loop turns anyway: a parked worker's loop
     * turns at its park timer's deadline ({@link #parkedUntilNs}) and a running worker drains its queue before
     * it parks, so a timer due no earlier than that is queued without a system call (a burst of timers from
     * another thread costs the workers one turn per tick, not one wakeup per timer, as Netty's
     * {@code HashedWheelTimer} drains its queue once per tick). Dekker's pattern with the worker's park: the
     * queue offer, then a volatile read of the deadline here; the volatile write of the deadline, then the
     * gate's check of the queue there.
     */
    void submitTimerAt(RuntimeTimer t, long deadlineNs) {
        t.requestedDeadlineNs = deadlineNs;
        t.worker = this;
        loop.executeWithoutWakeup(t);
        if (deadlineNs < (long) PARKED_UNTIL.getVolatile(this)) {
            loop.wakeup();
        }
    }

    // ------------------------------------------------------------------ shutdown (worker thread)

    /** Steps 5-7 of the shutdown protocol in package-info. */
    private void shutdownWorker() {
        Runnable t;
        while ((t = runQueue.nextAtShutdown()) != null) {
            runOne(t);
        }
        try {
            loop.close();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "closing worker loop " + index + " failed", e);
        }
        wheel.poll(TimerWheel.NO_DEADLINE - 1, abandonTimer, Integer.MAX_VALUE);
        bufferCache.close(); // its buffers back to the shared lists; later releases of its buffers go there too
    }

    /** Timers armed on this worker's wheel. Worker thread (tests reach it through {@code onLoop}). */
    int timersArmed() {
        return wheel.size();
    }

    long tasksRun() {
        return stats.get(WorkerStats.RUN);
    }

    /** A snapshot of this worker's counters. Any thread. */
    io.zokio.metrics.WorkerMetrics metrics() {
        long now = shared.clock.nanoTime();
        long life = Math.max(1, now - startedNs);
        double busy = Math.max(0, Math.min(1, 1 - (double) stats.get(WorkerStats.PARKED_NS) / life));
        return new io.zokio.metrics.WorkerMetrics(index, stats.get(WorkerStats.SPAWNED),
                stats.get(WorkerStats.RUN), stats.get(WorkerStats.STEALS), stats.get(WorkerStats.STOLEN),
                stealer.len(), stats.get(WorkerStats.PARKS), wakeups.get(), wheel.size(),
                stats.get(WorkerStats.TIMERS_FIRED), busy, blockedWarnings.get(), loop.metrics());
    }

    /** The platform thread that runs a worker; lets {@link #current()} identify a worker by a type test. */
    static final class WorkerThread extends Thread {
        final Worker worker;

        WorkerThread(Worker worker, String name) {
            super(null, worker, name, 0, false);
            this.worker = worker;
        }
    }
}
