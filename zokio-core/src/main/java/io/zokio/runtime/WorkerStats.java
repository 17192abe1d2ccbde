package io.zokio.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * <b>Threading:</b> {@link #inc}/{@link #add} by the owning worker's thread only (its own frames or a virtual
 * thread it carries); {@link #get} from any thread (whole values, possibly stale: opaque access).
 *
 * <p>A worker's single-writer counters, in one array (see the package {@code io.zokio.metrics} for the
 * invariants).
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

    private static final VarHandle A = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] c = new long[SIZE];

    void add(int i, long n) {
        A.setOpaque(c, i, (long) A.getOpaque(c, i) + n);
    }

    void inc(int i) {
        add(i, 1);
    }

    long get(int i) {
        return (long) A.getOpaque(c, i);
    }
}
