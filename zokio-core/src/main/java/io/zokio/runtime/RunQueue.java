package io.zokio.runtime;

import io.zokio.runtime.sched.LocalQueue;

/**
 * <b>Threading:</b> the owning worker's thread, except {@link #stealer()}'s handle, which other workers use.
 *
 * <p>Where one worker's runnable tasks wait, and in what order the worker takes them: chosen once, when the
 * runtime is built (as Tokio keeps its {@code multi_thread} and {@code current_thread} schedulers apart).
 * {@link StealingRunQueue} is the work-stealing scheduler of every normal runtime; {@link DetRunSet} the seeded
 * run set of a deterministic one. A normal process loads only the first, so the JIT binds the worker's calls to
 * it directly (class-hierarchy analysis) and inlines them.
 */
abstract class RunQueue {

    /**
     * The next task from this worker's own queue or the inject queue, or null. {@code tick} is the worker's tick
     * count (fairness: every {@value Worker#FAIRNESS_INTERVAL} ticks the inject queue goes first).
     */
    abstract Runnable next(int tick);

    /** With nothing in its own queue: work taken from other workers or the inject queue, or null. */
    abstract Runnable steal(Worker self);

    /**
     * After a task ran: the task to run next within the same tick ({@code polls}: how many ran so, from 0), or
     * null to end the tick.
     */
    abstract Runnable afterRun(int polls);

    /** A new task made on this worker's thread. */
    abstract void scheduleLocal(Runnable t);

    /**
     * A task re-submitting itself while this worker runs it ({@code running}: the task running now): queued
     * behind the other runnable tasks, and true; false when this queue has no such rule (the caller then
     * schedules it as any local task).
     */
    abstract boolean scheduleIfSelf(Runnable t, Object running);

    /** Whether a task waits here. */
    abstract boolean hasTasks();

    /**
     * Whether the worker, about to park, looks once more for work that arrived meanwhile; {@code lastSearcher}:
     * it was the last worker searching.
     */
    abstract boolean recheckBeforePark(boolean lastSearcher);

    /** At shutdown: the next task left here or in the inject queue, or null. */
    abstract Runnable nextAtShutdown();

    /** Other workers' handle on this queue: what they may steal, and how much waits (metrics). */
    abstract LocalQueue.Stealer<Runnable> stealer();
}
