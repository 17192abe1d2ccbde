package io.zokio.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * <b>Threading:</b> {@link #add}, {@link #inc} and {@link #set} from the one owning thread only; {@link #get}
 * from any thread (a whole value, possibly stale).
 *
 * <p>A fixed set of single-writer counters in one array, for metrics on hot paths: the owner reads and writes
 * its own values without an atomic read-modify-write, and opaque access keeps each 64-bit value whole for
 * readers on other threads (a plain store on x86). Used by a loop ({@link EventLoop#metrics()}) and by a
 * runtime worker for its own counters.
 */
public final class OwnerCounters {
    private static final VarHandle A = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] c;

    public OwnerCounters(int size) {
        c = new long[size];
    }

    public void add(int i, long n) {
        A.setOpaque(c, i, (long) A.getOpaque(c, i) + n);
    }

    public void inc(int i) {
        add(i, 1);
    }

    public void set(int i, long v) {
        A.setOpaque(c, i, v);
    }

    public long get(int i) {
        return (long) A.getOpaque(c, i);
    }
}
