package io.zokio.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> any thread. Each stripe's list (and the {@code live*} fields of the tasks on it) is
 * guarded by the stripe's spin lock: the acquiring CAS and the releasing volatile write order every access.
 *
 * <p>The tasks spawned and not yet finished, for shutdown: an intrusive doubly-linked list per stripe, so that
 * registering a task allocates nothing (a concurrent hash set allocated a node per task and hashed its identity)
 * and spawners and finishing tasks rarely meet on one lock. A task's stripe is picked round-robin when it is
 * created (a racy counter: only the spread matters) and never changes. {@link #remove} is idempotent: a task
 * cancelled before it started is removed by {@code cancel()} and again by its own end.
 */
final class LiveTasks {
    /**
     * One spin lock (the atomic's value: 1 while held) and list head; padded apart so that neighbouring stripes
     * do not share a cache line. A spin lock, not a monitor: the critical sections are a few field writes, and a
     * contended monitor would unmount a virtual thread (a scheduler round trip per collision).
     */
    @SuppressWarnings("serial")
    private static final class Stripe extends AtomicInteger {
        @SuppressWarnings("unused")
        long p1, p2, p3, p4, p5, p6, p7;
        Task<?> head;
        int count;
        @SuppressWarnings("unused")
        long q1, q2, q3, q4, q5, q6, q7;
    }

    private final Stripe[] stripes;
    private final int mask;
    /** Round-robin cursor; racy on purpose (lost increments only skew the spread). */
    private int cursor;

    LiveTasks() {
        int n = Integer.highestOneBit(Math.max(8, 4 * java.lang.Runtime.getRuntime().availableProcessors()) - 1) << 1;
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
        mask = n - 1;
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

    private static void unlock(Stripe s) {
        s.set(0); // volatile: publishes the section's writes to the next CAS that acquires
    }

    /** The stripe for a new task. */
    int pickStripe() {
        return cursor++ & mask;
    }

    void add(Task<?> t) {
        Stripe s = stripes[t.liveStripe];
        lock(s);
        Task<?> h = s.head;
        t.liveNext = h;
        t.livePrev = null;
        if (h != null) {
            h.livePrev = t;
        }
        s.head = t;
        t.inLive = true;
        s.count++;
        unlock(s); // nothing above can throw
    }

    void remove(Task<?> t) {
        Stripe s = stripes[t.liveStripe];
        lock(s);
        if (t.inLive) {
            Task<?> p = t.livePrev;
            Task<?> n = t.liveNext;
            if (p == null) {
                s.head = n;
            } else {
                p.liveNext = n;
            }
            if (n != null) {
                n.livePrev = p;
            }
            t.livePrev = null;
            t.liveNext = null;
            t.inLive = false;
            s.count--;
        }
        unlock(s);
    }

    /** The live tasks now (a snapshot, stripe by stripe). */
    List<Task<?>> snapshot() {
        List<Task<?>> out = new ArrayList<>();
        for (Stripe s : stripes) {
            lock(s);
            try {
                for (Task<?> t = s.head; t != null; t = t.liveNext) {
                    out.add(t); // may grow the list (allocation can throw): hence the finally
                }
            } finally {
                unlock(s);
            }
        }
        return out;
    }

    /** Live tasks now (a sum of per-stripe snapshots). */
    int size() {
        int n = 0;
        for (Stripe s : stripes) {
            lock(s);
            n += s.count;
            unlock(s);
        }
        return n;
    }
}
