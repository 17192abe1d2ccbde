package io.zokio.runtime;

/**
 * <b>Threading:</b> one worker's thread only: its own frames, or a virtual thread it carries (AFFINE), which
 * runs on that same platform thread, so no two callers overlap.
 *
 * <p>The idle {@link PooledThread}s of one worker, most recently parked first (its stack is the warmest). A
 * spawn on the worker takes one; a task thread that finishes on the worker returns itself. Bounded: a thread
 * that finds the pool full ends. {@link #close} (worker shutdown) ends every idle thread; their ends are
 * continuations that the worker's shutdown drain runs.
 */
final class VtPool {
    /** Idle threads kept per worker; parked virtual threads cost a few hundred bytes each. */
    static final int MAX_IDLE = Integer.getInteger("zokio.affine.idleThreads", 256);

    private final PooledThread[] idle = new PooledThread[Math.max(0, MAX_IDLE)];
    private int count;
    private boolean closed;

    /** An idle thread, or null. */
    PooledThread take() {
        if (count == 0) {
            return null;
        }
        PooledThread p = idle[--count];
        idle[count] = null;
        return p;
    }

    /** Keeps {@code p} idle; false (the thread should end) when full or closed. */
    boolean give(PooledThread p) {
        if (closed || count == idle.length) {
            return false;
        }
        idle[count++] = p;
        return true;
    }

    /** Ends every idle thread and refuses more. */
    void close() {
        closed = true;
        while (count > 0) {
            PooledThread p = idle[--count];
            idle[count] = null;
            p.end();
        }
    }

    int idle() {
        return count;
    }
}
