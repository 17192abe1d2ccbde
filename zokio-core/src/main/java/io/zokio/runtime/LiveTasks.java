package io.zokio.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * <b>Threading:</b> any thread. Each stripe's list (and the {@code live*} fields of the tasks on it) is
 * guarded by the stripe's monitor ({@code synchronized} does not pin a virtual thread since JDK 24).
 *
 * <p>The tasks spawned and not yet finished, for shutdown: an intrusive doubly-linked list per stripe, so that
 * registering a task allocates nothing (a concurrent hash set allocated a node per task and hashed its identity)
 * and spawners and finishing tasks rarely meet on one lock. A task's stripe is picked round-robin when it is
 * created (a racy counter: only the spread matters) and never changes. {@link #remove} is idempotent: a task
 * cancelled before it started is removed by {@code cancel()} and again by its own end.
 */
final class LiveTasks {
    /** One lock and list head; padded apart so that neighbouring stripes do not share a cache line. */
    private static final class Stripe {
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

    /** The stripe for a new task. */
    int pickStripe() {
        return cursor++ & mask;
    }

    void add(Task<?> t) {
        Stripe s = stripes[t.liveStripe];
        synchronized (s) {
            Task<?> h = s.head;
            t.liveNext = h;
            t.livePrev = null;
            if (h != null) {
                h.livePrev = t;
            }
            s.head = t;
            t.inLive = true;
            s.count++;
        }
    }

    void remove(Task<?> t) {
        Stripe s = stripes[t.liveStripe];
        synchronized (s) {
            if (!t.inLive) {
                return;
            }
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
    }

    /** The live tasks now (a snapshot, stripe by stripe). */
    List<Task<?>> snapshot() {
        List<Task<?>> out = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (Task<?> t = s.head; t != null; t = t.liveNext) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Live tasks now (a sum of per-stripe snapshots). */
    int size() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.count;
            }
        }
        return n;
    }
}
