package io.zokio.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * <b>Threading:</b> any thread (multi-producer, multi-consumer, lock-free).
 *
 * <p>A bounded ring for a {@code Channel}'s values and the runtime's inject queue: Vyukov's bounded MPMC queue, with a sequence encoding that
 * also works for one cell. Each cell has a sequence number: {@code p} while it is free for position
 * {@code p}, {@code ~p} (negative) while it holds the value of position {@code p}. A producer claims a
 * position with a CAS on {@code tail}, stores the value, then publishes it with a release store of {@code ~p};
 * a consumer claims with a CAS on {@code head}, takes the value, then frees the cell for the next lap
 * ({@code p + capacity}). A cell whose sequence names a position below the one wanted (a value of an older
 * lap, or an older position still being published) means full to a producer; a cell not yet published for
 * the wanted position means empty to a consumer. Any capacity works (a power of two indexes with a mask,
 * others with a remainder). A value being published is not visible yet: {@link #poll} reports empty until it
 * is, and the users' wakeup protocols (a channel's publisher checks for waiting receivers after
 * publishing; a worker's wakeup follows its producer's push) cover that window.
 */
public final class MpmcRing {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(MpmcRing.class, "head", long.class);
            TAIL = l.findVarHandle(MpmcRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Set in {@code tail} by {@link #close}: no position can be claimed after it. */
    private static final long CLOSED = 1L << 62;
    /** {@link #offer} results. */
    public static final int OFFERED = 1;
    public static final int FULL = 0;
    public static final int REFUSED = -1;

    private final int capacity;
    /** {@code capacity - 1} when the capacity is a power of two, else -1 (index by remainder). */
    private final int mask;
    private final Object[] cells;
    private final long[] seq;

    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
    /** Next position to fill; producers CAS it. */
    @SuppressWarnings("unused")
    private volatile long tail;
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;
    /** Next position to take; consumers CAS it. */
    @SuppressWarnings("unused")
    private volatile long head;
    @SuppressWarnings("unused")
    private long r1, r2, r3, r4, r5, r6, r7;

    public MpmcRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.mask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
        this.cells = new Object[capacity];
        this.seq = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            seq[i] = i;
        }
    }

    public int capacity() {
        return capacity;
    }

    private int index(long position) {
        return mask >= 0 ? (int) position & mask : (int) (position % capacity);
    }

    /** The position a sequence number names (free for it, or holding its value). */
    private static long positionOf(long sequence) {
        return sequence < 0 ? ~sequence : sequence;
    }

    /**
     * Queues {@code value} if a cell is free: {@link #OFFERED}, {@link #FULL}, or {@link #REFUSED} once the ring
     * is closed (the closed bit in {@code tail} makes every later claim fail, so a send either claimed its
     * position before the close, and the close waits for it, or is refused).
     */
    public int offer(Object value) {
        long t = (long) TAIL.getVolatile(this);
        for (;;) {
            if ((t & CLOSED) != 0) {
                return REFUSED;
            }
            int i = index(t);
            long s = (long) SEQ.getAcquire(seq, i); // acquire: pairs with poll's release that freed it
            if (s == t) {
                if (TAIL.compareAndSet(this, t, t + 1)) {
                    cells[i] = value;
                    SEQ.setRelease(seq, i, ~t); // release: publishes the value; pairs with poll's acquire
                    return OFFERED;
                }
                t = (long) TAIL.getVolatile(this);
            } else if (positionOf(s) < t) {
                return FULL; // the cell still belongs to an older position
            } else {
                t = (long) TAIL.getVolatile(this); // another producer took t
            }
        }
    }

    /**
     * Refuses every later offer, then waits until each position claimed before that is published (a producer
     * between its claim and its publication: a few instructions, unless the OS preempted it). Idempotent.
     */
    public void close() {
        long t = (long) TAIL.getAndBitwiseOr(this, CLOSED);
        if ((t & CLOSED) != 0) {
            return;
        }
        for (long p = Math.max(0, t - capacity); p < t; p++) {
            int i = index(p);
            for (int spins = 0; (long) SEQ.getAcquire(seq, i) == p; spins++) { // claimed, not yet published
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    /** Takes the oldest published value, or null when there is none. */
    public Object poll() {
        long h = (long) HEAD.getVolatile(this);
        for (;;) {
            int i = index(h);
            long s = (long) SEQ.getAcquire(seq, i); // acquire: pairs with offer's release
            if (s == ~h) {
                if (HEAD.compareAndSet(this, h, h + 1)) {
                    Object v = cells[i];
                    cells[i] = null;
                    SEQ.setRelease(seq, i, h + capacity); // release: frees the cell; pairs with offer's acquire
                    return v;
                }
                h = (long) HEAD.getVolatile(this);
            } else if (positionOf(s) <= h) {
                return null; // empty, or the value of h is not published yet
            } else {
                h = (long) HEAD.getVolatile(this); // another consumer took h
            }
        }
    }

    /** Values claimed and not yet taken (a snapshot; may count values being published). */
    public int size() {
        long h = (long) HEAD.getVolatile(this);
        long t = (long) TAIL.getVolatile(this) & ~CLOSED;
        return (int) Math.max(0, Math.min(capacity, t - h));
    }
}
