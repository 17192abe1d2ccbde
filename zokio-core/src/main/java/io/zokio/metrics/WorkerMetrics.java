package io.zokio.metrics;

import io.zokio.loop.LoopMetrics;

/**
 * A snapshot of one runtime worker's counters since the runtime was built; immutable. Each value is read
 * whole, but the values are not taken at one instant.
 *
 * @param index the worker's index
 * @param tasksSpawned tasks spawned by code running on this worker ({@code execute} and {@code spawn})
 * @param tasksRun tasks this worker ran from its queues (lightweight tasks and, in AFFINE mode, virtual-thread
 *     continuations)
 * @param steals successful steals from other workers' queues
 * @param tasksStolen tasks moved by those steals
 * @param localQueueDepth tasks in the worker's local queue now
 * @param parks times the worker ran out of work and parked in its event loop
 * @param wakeups times another thread woke the worker from its park
 * @param timersActive timers armed on the worker's wheel now
 * @param timersFired timers fired by the worker's wheel
 * @param busyRatio the share of the worker's lifetime not spent parked (0 to 1)
 * @param blockedWarnings times the blocked-worker detector reported a task holding this worker
 * @param loop the counters of the worker's event loop
 */
public record WorkerMetrics(int index, long tasksSpawned, long tasksRun, long steals, long tasksStolen,
        int localQueueDepth, long parks, long wakeups, int timersActive, long timersFired, double busyRatio,
        long blockedWarnings, LoopMetrics loop) {
}
