package io.zokio.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * <b>Threading:</b> the {@code add}/{@code inc} methods from the owning loop thread only; {@link #get} from any
 * thread (a racy but untorn read: each counter is written and read with opaque access).
 *
 * <p>The counters of one {@link EventLoop}, in one array so that a loop carries one object for all of them.
 * Single-writer counters need no atomic read-modify-write: the owner reads and writes its own value, and
 * opaque access keeps each 64-bit value whole for readers on other threads.
 */
final class LoopStats {
    static final int TURNS = 0;
    static final int COMPLETIONS = 1;
    static final int TASKS = 2;
    static final int BLOCKS = 3;
    static final int SPIN_HITS = 4;
    static final int ADAPTATIONS = 5;
    static final int SPIN_BUDGET_NS = 6;
    /** First of {@link LoopMetrics#BATCH_BUCKETS} buckets of completions delivered per backend poll. */
    static final int BATCH = 7;
    static final int SIZE = BATCH + LoopMetrics.BATCH_BUCKETS;

    private static final VarHandle A = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] c = new long[SIZE];

    void add(int i, long n) {
        A.setOpaque(c, i, (long) A.getOpaque(c, i) + n);
    }

    void inc(int i) {
        add(i, 1);
    }

    void set(int i, long v) {
        A.setOpaque(c, i, v);
    }

    long get(int i) {
        return (long) A.getOpaque(c, i);
    }

    /** Counts one backend poll that delivered {@code n} completions (each also counted by the loop). */
    void batch(int n) {
        inc(BATCH + LoopMetrics.bucketOf(n));
    }
}
