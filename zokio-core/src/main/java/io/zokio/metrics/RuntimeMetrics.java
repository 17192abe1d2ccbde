package io.zokio.metrics;

import io.zokio.buffer.BufferPoolMetrics;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot of a runtime's counters ({@code Runtime.metrics()}); immutable.
 *
 * @param backend the workers' backend, as in the startup line
 * @param carrierMode {@code SHARED} or {@code AFFINE}
 * @param tasksSpawnedOutside tasks submitted from threads outside the runtime's workers
 * @param injectQueueDepth tasks in the runtime's inject queue now
 * @param liveTasks virtual-thread and blocking tasks started and not finished
 * @param blockingThreads threads of the blocking pool now
 * @param blockingLimit the blocking pool's current thread limit (adaptive tuning moves it)
 * @param blockingAdaptations changes of that limit made by adaptive tuning
 * @param workers one entry per worker, by index
 * @param buffers the runtime's buffer pool ({@code Runtime.buffers()})
 */
public record RuntimeMetrics(String backend, String carrierMode, long tasksSpawnedOutside, int injectQueueDepth,
        int liveTasks, int blockingThreads, int blockingLimit, long blockingAdaptations,
        List<WorkerMetrics> workers, BufferPoolMetrics buffers) {

    public RuntimeMetrics {
        workers = List.copyOf(workers);
    }

    /** Tasks run by all workers. */
    public long tasksRun() {
        return workers.stream().mapToLong(WorkerMetrics::tasksRun).sum();
    }

    /** Tasks spawned on workers and from outside. */
    public long tasksSpawned() {
        return tasksSpawnedOutside + workers.stream().mapToLong(WorkerMetrics::tasksSpawned).sum();
    }

    /** Timers fired by all workers. */
    public long timersFired() {
        return workers.stream().mapToLong(WorkerMetrics::timersFired).sum();
    }

    /** Completions delivered by all workers' loops. */
    public long completions() {
        return workers.stream().mapToLong(w -> w.loop().completions()).sum();
    }

    /** A multi-line rendering, one line per worker, for logs and the README. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "runtime backend=%s carrier=%s spawned_outside=%d inject_depth=%d"
                + " live_tasks=%d blocking_threads=%d/%d%n", backend, carrierMode, tasksSpawnedOutside,
                injectQueueDepth, liveTasks, blockingThreads, blockingLimit));
        b.append(String.format(Locale.ROOT, "buffers acquires=%d cache_hit_rate=%.2f in_use=%d"
                + " high_water_bytes=%d reserved_bytes=%d leaks=%d%n", buffers.acquires(), buffers.cacheHitRate(),
                buffers.inUseBuffers() + buffers.unpooledInUse(), buffers.highWaterBytes(),
                buffers.reservedBytes(), buffers.leaksDetected()));
        for (WorkerMetrics w : workers) {
            var l = w.loop();
            b.append(String.format(Locale.ROOT, "worker %d spawned=%d run=%d stolen=%d/%d local_depth=%d"
                    + " parks=%d wakeups=%d timers=%d fired=%d busy=%.2f turns=%d kernel_entries=%d submitted=%d"
                    + " completions=%d mean_batch=%.1f spin_budget_us=%.1f wake_cost_us=%.1f%n", w.index(),
                    w.tasksSpawned(),
                    w.tasksRun(), w.tasksStolen(), w.steals(), w.localQueueDepth(), w.parks(), w.wakeups(),
                    w.timersActive(), w.timersFired(), w.busyRatio(), l.turns(), l.kernelEntries(),
                    l.submissions(), l.completions(), l.meanBatch(), l.spinBudgetNs() / 1000.0,
                    l.wakeCostNs() / 1000.0));
        }
        return b.toString();
    }
}
