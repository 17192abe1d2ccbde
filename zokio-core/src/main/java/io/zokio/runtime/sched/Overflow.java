package io.zokio.runtime.sched;

/**
 * Where a full {@link LocalQueue} sends work: the owner moves half of its queue plus the task being pushed in
 * one batch, so that one lock acquisition covers 129 tasks.
 *
 * <p><b>Threading:</b> called by a queue's owner thread; implementations must accept calls from the owners
 * of many queues at once ({@link InjectQueue} does).
 */
public interface Overflow<T> {
    /** Takes one task (pushed while a steal was freeing room, so moving half the queue is not needed). */
    void pushOverflow(T task);

    /**
     * Takes {@code tasks[0..count)} in order; every one of them is a {@code T}. The array is the caller's
     * scratch space (an {@code Object[]}, as a generic queue's buffer is): copy what you keep, do not retain
     * the array.
     */
    void pushOverflowBatch(Object[] tasks, int count);
}
