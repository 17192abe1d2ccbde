package io.zokio.runtime;

/**
 * <b>Threading:</b> constants only; the counters are an {@link io.zokio.loop.OwnerCounters} written by the
 * owning worker's thread (its own frames or a virtual thread it carries) and read anywhere.
 *
 * <p>The indices of a worker's counters (see the package {@code io.zokio.metrics} for the invariants).
 */
final class WorkerStats {
    static final int SPAWNED = 0;
    static final int RUN = 1;
    static final int STEALS = 2;
    static final int STOLEN = 3;
    static final int PARKS = 4;
    static final int PARKED_NS = 5;
    static final int TIMERS_FIRED = 6;
    static final int SIZE = 7;

    private WorkerStats() {
    }
}
