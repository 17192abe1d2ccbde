package io.zokio.runtime.sched;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * <b>Threading:</b> any thread. Which workers are parked and how many are searching (Tokio's {@code idle.rs}).
 *
 * <p>{@code state} packs two counters in one int so that one atomic read answers "should a producer wake
 * someone?": {@code unparked << 16 | searching}. The list of sleeping workers is lock-held state
 * ({@link Synced}); the counters change under that lock too whenever a worker parks or is picked to wake,
 * so that the list and the counters agree for anyone holding the lock, while the hot-path check
 * ({@link #notifyShouldWakeup()}) reads the counters without it.
 *
 * <p>The lost-wakeup argument: a producer publishes its task, issues a full fence, then reads {@code state};
 * the last searcher to park decrements {@code state} (a volatile read-modify-write), issues a full fence,
 * then scans the queues (the runtime's {@code Shared.notifyIfWorkPending}). Either the producer sees no
 * searcher and wakes a parked worker, or the last searcher sees the task.
 */
public final class Idle {
    private static final int UNPARK_SHIFT = 16;
    private static final int SEARCH_MASK = (1 << UNPARK_SHIFT) - 1;
    /** Most workers the packed counters support. */
    public static final int MAX_WORKERS = SEARCH_MASK;

    /** State changed only while holding {@link #lock} (Tokio's {@code Synced}). */
    private static final class Synced {
        final int[] sleepers;
        int count;

        Synced(int workers) {
            sleepers = new int[workers];
        }
    }

    private final int numWorkers;
    private final AtomicInteger state;
    private final ReentrantLock lock = new ReentrantLock();
    private final Synced synced;

    public Idle(int numWorkers) {
        this.numWorkers = numWorkers;
        this.state = new AtomicInteger(numWorkers << UNPARK_SHIFT); // all unparked, none searching
        this.synced = new Synced(numWorkers);
    }

    public static int searching(int state) {
        return state & SEARCH_MASK;
    }

    public static int unparked(int state) {
        return state >>> UNPARK_SHIFT;
    }

    /** A snapshot of the packed counters (tests, metrics). */
    public int state() {
        return state.get();
    }

    /**
     * True when a producer that just queued work should wake a worker: nobody is searching (a searcher would
     * find the work) and someone is parked. The full fence orders the producer's publication of the task
     * before this read; pairs with the fence in the runtime's {@code Shared.notifyIfWorkPending}.
     */
    public boolean notifyShouldWakeup() {
        VarHandle.fullFence();
        int s = state.get();
        return searching(s) == 0 && unparked(s) < numWorkers;
    }

    /**
     * {@link #notifyShouldWakeup()} without the fence, for a worker that queued work on its own local queue: a
     * stale read can only miss a worker that is parking right now, and then the producer runs the task itself
     * (its own queue), so no task waits for a wakeup that never comes; only that push's chance to share work is
     * lost, and the next push checks again. Saves a full fence per spawn on the hot path.
     */
    public boolean mayNeedWakeup() {
        int s = state.getAcquire();
        return searching(s) == 0 && unparked(s) < numWorkers;
    }

    /**
     * Picks a parked worker to wake and counts it as unparked and searching, or returns -1. The caller then
     * unparks that worker.
     */
    public int workerToNotify() {
        if (!notifyShouldWakeup()) {
            return -1;
        }
        lock.lock();
        try {
            // re-check under the lock: another producer may have woken the last sleeper meanwhile
            if (!notifyShouldWakeup() || synced.count == 0) {
                return -1;
            }
            state.addAndGet((1 << UNPARK_SHIFT) | 1);
            return synced.sleepers[--synced.count];
        } finally {
            lock.unlock();
        }
    }

    /**
     * Throttle: at most half the workers search at once. Returns true if the caller is now searching (or
     * already was).
     */
    public boolean transitionWorkerToSearching(boolean alreadySearching) {
        if (alreadySearching) {
            return true;
        }
        int s = state.get();
        if (2 * searching(s) >= numWorkers) {
            return false;
        }
        // benign race: two workers may both pass the check; the throttle is a heuristic, not a bound
        state.incrementAndGet();
        return true;
    }

    /** The caller stops searching (it found work). True if it was the last searcher. */
    public boolean transitionWorkerFromSearching() {
        int prev = state.getAndDecrement();
        return searching(prev) == 1;
    }

    /** The worker parks; true if it was the last searcher (it must then check for pending work). */
    public boolean transitionWorkerToParked(int worker, boolean isSearching) {
        lock.lock();
        try {
            int dec = (1 << UNPARK_SHIFT) | (isSearching ? 1 : 0);
            int prev = state.getAndAdd(-dec);
            synced.sleepers[synced.count++] = worker;
            return isSearching && searching(prev) == 1;
        } finally {
            lock.unlock();
        }
    }

    /** True while {@code worker} is still on the sleepers list (nobody picked it to wake). */
    public boolean isParked(int worker) {
        lock.lock();
        try {
            return indexOf(worker) >= 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A parked worker woke by itself (its loop delivered work): takes it off the sleepers list and counts it
     * unparked (not searching). Returns false if a producer had already picked it (already counted).
     */
    public boolean unparkWorkerById(int worker) {
        lock.lock();
        try {
            int i = indexOf(worker);
            if (i < 0) {
                return false;
            }
            synced.sleepers[i] = synced.sleepers[--synced.count];
            state.addAndGet(1 << UNPARK_SHIFT);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private int indexOf(int worker) {
        for (int i = 0; i < synced.count; i++) {
            if (synced.sleepers[i] == worker) {
                return i;
            }
        }
        return -1;
    }
}
