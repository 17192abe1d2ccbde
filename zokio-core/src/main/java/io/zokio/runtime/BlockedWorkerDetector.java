package io.zokio.runtime;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * <b>Threading:</b> {@link #start} and {@link #stop} from the runtime's constructor and close; everything else
 * on the detector's own daemon thread, which reads the workers' counters (opaque reads; see
 * {@code io.zokio.metrics}).
 *
 * <p>The runtime's watchdog thread: it ticks the adaptive blocking pool ({@link BlockingPool#tick}) and runs
 * the blocked-worker detector (Vert.x's blocked-thread checker, for a runtime's workers). Every
 * {@code threshold / 2} it samples each worker: its task count, its loop's turn count, the task it is running
 * ({@link Worker#running()}, set around each task) and whether its loop is blocked in the kernel. A worker that
 * made no progress (neither count moved) and is not blocked in the kernel is suspect from that sample on; still
 * so at a sample {@code threshold} later, it gets one warning with the worker thread's stack and a JFR event:
 * {@code io.zokio.SlowTask} when a task holds it, {@code io.zokio.LoopStall} when loop code does (a completion
 * callback or a timer). The clock starts at the first sample that sees the stall, so a sample that lands in the
 * moment between a long idle wait and the next turn starts nothing that the next sample does not end; a stall
 * is reported between {@code threshold} and twice that after it began. At most one warning per worker a second; the JFR events are not limited. The hot
 * path pays two opaque stores per task; no clock is read there.
 */
final class BlockedWorkerDetector implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");
    private static final long WARN_INTERVAL_NS = 1_000_000_000L;

    private final Shared shared;
    private final Thread[] workerThreads;
    private final long thresholdNs;
    private final Thread thread;
    private volatile boolean stopped;
    /** Ticked every period for its adaptive limit; null when not adaptive. */
    private final BlockingPool blockingPool;

    // detector-thread state, per worker
    private final long[] seenRun;
    private final long[] seenTurns;
    /** When a sample first saw the current stall, or {@link #NONE}. */
    private final long[] since;
    private final boolean[] reported;
    private static final long NONE = Long.MIN_VALUE;
    private final long[] lastWarnNs;

    private BlockedWorkerDetector(Shared shared, Thread[] workerThreads, Duration threshold, String name,
            BlockingPool blockingPool) {
        this.shared = shared;
        this.blockingPool = blockingPool;
        this.workerThreads = workerThreads;
        this.thresholdNs = threshold.toNanos();
        int n = workerThreads.length;
        seenRun = new long[n];
        seenTurns = new long[n];
        since = new long[n];
        java.util.Arrays.fill(since, NONE);
        reported = new boolean[n];
        lastWarnNs = new long[n];
        thread = new Thread(this, name + "-watchdog");
        thread.setDaemon(true);
    }

    /**
     * Starts the watchdog thread. A zero {@code threshold} only ticks the blocking pool (every 50 ms), with no
     * blocked-worker reports.
     */
    static BlockedWorkerDetector start(Shared shared, Thread[] workerThreads, Duration threshold, String name,
            BlockingPool blockingPool) {
        BlockedWorkerDetector d = new BlockedWorkerDetector(shared, workerThreads, threshold, name, blockingPool);
        d.thread.start();
        return d;
    }

    /**
     * A detector over the same workers with its own {@code threshold}, never started: a test samples it by hand
     * ({@link #sampleAll}) in fake time, with thresholds shorter than the warning interval.
     */
    BlockedWorkerDetector unstartedCopy(Duration threshold) {
        return new BlockedWorkerDetector(shared, workerThreads, threshold, thread.getName() + "-copy", null);
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        long period = thresholdNs == 0 ? 50_000_000L : Math.max(1_000_000L, thresholdNs / 2);
        while (!stopped) {
            LockSupport.parkNanos(this, period);
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            sampleAll(now);
            if (blockingPool != null) {
                blockingPool.tick(now);
            }
        }
    }

    /**
     * One look at every worker at time {@code nowNs}. The watchdog thread calls it each period; tests call it
     * with times of their own (with a threshold so long that the thread never samples meanwhile), so that no
     * test waits for real time to pass.
     */
    void sampleAll(long nowNs) {
        for (int i = 0; i < workerThreads.length; i++) {
            sample(i, shared.workers[i], nowNs);
        }
    }

    private void sample(int i, Worker w, long now) {
        if (thresholdNs == 0) {
            return;
        }
        long run = w.tasksRun();
        long turns = w.loop.metrics().turns();
        Object task = w.running();
        boolean progressed = run != seenRun[i] || turns != seenTurns[i];
        seenRun[i] = run;
        seenTurns[i] = turns;
        if (progressed || w.loop.isBlockedInKernel()) {
            since[i] = NONE;
            reported[i] = false;
            return;
        }
        if (since[i] == NONE) {
            since[i] = now; // the first sample that sees this stall
            return;
        }
        long held = now - since[i];
        if (held < thresholdNs || reported[i]) {
            return;
        }
        boolean stuckInTask = task != null;
        reported[i] = true;
        w.blockedWarnings.incrementAndGet();
        String stack = stackOf(workerThreads[i]);
        if (stuckInTask) {
            RuntimeEvents.slowTask(i, held, String.valueOf(task), stack);
        } else {
            RuntimeEvents.loopStall(i, held, stack);
        }
        if (now - lastWarnNs[i] >= WARN_INTERVAL_NS || lastWarnNs[i] == 0) {
            lastWarnNs[i] = now;
            LOG.log(System.Logger.Level.WARNING, "{0} {1} has held worker {2} ({3}) for {4} ms (threshold {5} ms);"
                    + " it blocks every task and completion of that worker:\n{6}",
                    stuckInTask ? "task" : "the event loop (a completion callback or timer)",
                    stuckInTask ? String.valueOf(task) : "", i, workerThreads[i].getName(), held / 1_000_000,
                    thresholdNs / 1_000_000, stack);
        }
    }

    private static String stackOf(Thread t) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("\tat ").append(e).append('\n');
        }
        return b.toString();
    }
}
