package io.zokio.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * <b>Threading:</b> any thread. Each stripe's list (and the {@code liveNext} links of the tasks on it) is
 * guarded by the stripe's spin lock: the acquiring CAS and the releasing store order every access. A
 * task's {@code liveGone} flag is set once, by CAS, without the lock.
 *
 * <p>The tasks spawned and not yet finished, for shutdown: an intrusive singly-linked list per stripe, so that
 * registering a task allocates nothing. A task's stripe is picked when it is created, its spawning worker's
 * own or else round-robin over the rest (a racy counter: only the spread matters), and never changes.
 *
 * <p><b>Removal is lazy.</b> A finishing task only flags itself gone and counts it ({@link #remove}, idempotent:
 * a task cancelled before it started is removed by {@code cancel()} and again by its own end); it takes no lock
 * and touches no other task. Gone tasks are unlinked by a sweep of their stripe, under its lock: by the next
 * {@link #add} once the stripe holds twice the entries it kept after its last sweep (so the sweeps' walks cost
 * a constant per add on average, and a spawner pays for the tasks that finished before it), and by a worker
 * about to park when gone entries are more than half of all ({@link #sweepIfWorthIt}), so that tasks of a
 * burst that ended do not stay reachable. Why: tasks are often spawned on one core and finish on another, and a
 * lock and an unlink from the neighbours at every end would move the stripe's and the neighbours' cache lines
 * between the cores at every spawn and every end. {@link #snapshot} and {@link #size} skip gone tasks.
 */
final class LiveTasks {
    private static final VarHandle GONE;
    /** A stripe is swept once it holds at least this many entries and twice what its last sweep kept. */
    private static final int MIN_SWEEP = 64;
    /** How often a parking worker looks at the share of gone entries: 10 ms. */
    private static final long CHECK_INTERVAL_NS = 10_000_000L;

    static {
        try {
            GONE = MethodHandles.lookup().findVarHandle(Task.class, "liveGone", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One spin lock (the atomic's value: 1 while held) and list; padded apart so that neighbouring stripes do not
     * share a cache line. A spin lock, not a monitor: the critical sections are a few field writes (or a sweep),
     * and a contended monitor would unmount a virtual thread (a scheduler round trip per collision).
     */
    @SuppressWarnings("serial")
    private static final class Stripe extends AtomicInteger {
        @SuppressWarnings("unused")
        long p1, p2, p3, p4, p5, p6, p7;
        Task<?> head;
        /** Entries on the list, gone ones included. */
        int linked;
        /** {@link #linked} at which the next add sweeps first. */
        int sweepAt = MIN_SWEEP;
        /** Tasks ever added to this stripe. */
        long added;
        @SuppressWarnings("unused")
        long q1, q2, q3, q4, q5, q6, q7;
    }

    private final Stripe[] stripes;
    /** Stripes {@code [0, reserved)} belong to the workers of the same index; the others to everyone else. */
    private final int reserved;
    /** Tasks flagged gone (each once). */
    private final LongAdder gone = new LongAdder();
    /** Round-robin cursor; racy on purpose (lost increments only skew the spread). */
    private int cursor;
    /** When {@link #sweepIfWorthIt} looks next, in the caller's clock; 0 before its first look. */
    private volatile long nextCheckNs;

    /** @param workers the runtime's workers: each gets a stripe of its own while they are at most half */
    LiveTasks(int workers) {
        int n = Integer.highestOneBit(Math.max(8, 4 * java.lang.Runtime.getRuntime().availableProcessors()) - 1) << 1;
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
        reserved = Math.min(workers, n / 2);
    }

    private static void lock(Stripe s) {
        for (int spins = 0; !s.compareAndSet(0, 1); spins++) {
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder's thread was descheduled mid-section
            }
        }
    }

    /**
     * A release store: publishes the section's writes to the next CAS that acquires, without a full fence. The
     * spawn-or-close handshake ({@code Runtime.register}: add, then a volatile read of {@code closing}) still
     * holds: a close that wrote {@code closing} and then took this lock either waited for this release, and so
     * sees the task, or held the lock first, and then the adder's acquiring CAS comes after the close's write.
     */
    private static void unlock(Stripe s) {
        s.setRelease(0);
    }

    /**
     * The stripe for a new task spawned on worker {@code worker} (-1: on any other thread): the worker's own,
     * so that a task spawned and ended on one worker keeps the stripe in that core's cache; otherwise one of
     * the shared stripes, round-robin.
     */
    int pickStripe(int worker) {
        if (worker >= 0 && worker < reserved) {
            return worker;
        }
        int shared = stripes.length - reserved;
        return reserved + (cursor++ & Integer.MAX_VALUE) % shared;
    }

    void add(Task<?> t) {
        Stripe s = stripes[t.liveStripe];
        lock(s);
        if (s.linked >= s.sweepAt) {
            sweep(s);
        }
        t.liveNext = s.head;
        s.head = t;
        s.linked++;
        s.added++;
        unlock(s); // nothing above can throw
    }

    /** Flags {@code t} gone; its stripe unlinks it later. Idempotent. */
    void remove(Task<?> t) {
        if (GONE.compareAndSet(t, false, true)) {
            gone.increment();
        }
    }

    private static boolean isGone(Task<?> t) {
        return (boolean) GONE.getVolatile(t);
    }

    /** Unlinks the gone entries of {@code s}. Caller holds its lock. */
    private static void sweep(Stripe s) {
        Task<?> prev = null;
        int kept = 0;
        for (Task<?> e = s.head; e != null; ) {
            Task<?> next = e.liveNext;
            if (isGone(e)) {
                e.liveNext = null;
                if (prev == null) {
                    s.head = next;
                } else {
                    prev.liveNext = next;
                }
            } else {
                prev = e;
                kept++;
            }
            e = next;
        }
        s.linked = kept;
        s.sweepAt = Math.max(MIN_SWEEP, 2 * kept);
    }

    /**
     * Sweeps every stripe when gone entries are more than half of all entries and at least a few stripes' worth
     * (a racy estimate: only the decision rests on it); looks at most once per {@value #CHECK_INTERVAL_NS} ns of
     * {@code nowNs}, so that a worker that parks often pays a volatile read. For a worker about to park: tasks
     * that finished in a burst become unreachable even if nothing is spawned again.
     */
    void sweepIfWorthIt(long nowNs) {
        long next = nextCheckNs;
        if (next != 0 && nowNs - next < 0) {
            return;
        }
        nextCheckNs = nowNs + CHECK_INTERVAL_NS; // racy: two workers may both look, which is harmless
        long linked = 0;
        long added = 0;
        long goneNow = gone.sum(); // before the adds: every gone task was added first, so the estimate is >= 0
        for (Stripe s : stripes) {
            linked += s.linked; // racy reads of lock-guarded fields: an estimate
            added += s.added;
        }
        long garbage = linked - Math.max(0, added - goneNow);
        if (garbage > MIN_SWEEP * stripes.length && 2 * garbage > linked) {
            for (Stripe s : stripes) {
                lock(s);
                sweep(s);
                unlock(s);
            }
        }
    }

    /** The live tasks now (a snapshot, stripe by stripe). */
    List<Task<?>> snapshot() {
        List<Task<?>> out = new ArrayList<>();
        for (Stripe s : stripes) {
            lock(s);
            try {
                for (Task<?> t = s.head; t != null; t = t.liveNext) {
                    if (!isGone(t)) {
                        out.add(t); // may grow the list (allocation can throw): hence the finally
                    }
                }
            } finally {
                unlock(s);
            }
        }
        return out;
    }

    /** Live tasks now: added minus gone (each count read once; never negative). */
    int size() {
        long goneNow = gone.sum(); // first: a task is added before it can be gone
        long added = 0;
        for (Stripe s : stripes) {
            lock(s);
            added += s.added;
            unlock(s);
        }
        return (int) Math.max(0, added - goneNow);
    }

    /** Entries still linked, gone ones included (tests). */
    int linked() {
        int n = 0;
        for (Stripe s : stripes) {
            lock(s);
            n += s.linked;
            unlock(s);
        }
        return n;
    }
}
