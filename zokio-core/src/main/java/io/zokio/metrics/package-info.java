/**
 * Observability: immutable snapshots of a runtime's counters ({@link io.zokio.metrics.RuntimeMetrics},
 * {@link io.zokio.metrics.WorkerMetrics}, with each worker's {@link io.zokio.loop.LoopMetrics}) and their JMX
 * view ({@link io.zokio.metrics.RuntimeMXBean}).
 *
 * <p><b>Invariants.</b> Every counter has one writer, the thread that owns it (a worker, its loop, its
 * backend), which updates it with opaque access (a plain store on x86: no atomic instruction on the hot path);
 * any thread may read it, whole but possibly stale. A snapshot is therefore a set of per-counter snapshots,
 * not one instant: totals can be off by what happened while it was taken. Counters only grow; depths and
 * gauges are read as they are.
 *
 * <p>The JFR events ({@code io.zokio.*}: slow task, loop stall, blocking call on a loop thread, completion-queue
 * overflow, backend fallback) and the blocked-worker detector live next to the code that observes them, in
 * {@code io.zokio.runtime} and {@code io.zokio.loop}; this package only holds the public data types.
 */
package io.zokio.metrics;
