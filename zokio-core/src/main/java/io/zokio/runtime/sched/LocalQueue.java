package io.zokio.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * <b>Threading:</b> {@link Owner} (push, pop) by the owning worker's thread only; {@link Stealer} (steal) by
 * any thread. This class is their shared state and has no operations of its own.
 *
 * <p>A worker's bounded run queue in the Tokio design: the owner pushes at the tail and pops at the head, any
 * other worker steals half of it at once. Full queues send half their tasks to an {@link Overflow}.
 * Lock-free: push and pop never wait for a stealer; a steal fails fast (returns null) when another steal of
 * the same queue is in progress.
 *
 * <p>The protocol (packed head, the steal in numbered steps, who owns which field) is in the package
 * documentation.
 */
public final class LocalQueue<T> extends LocalQueuePad2 {
    /**
     * Slots per queue; a power of two, at most 2^31 so that position arithmetic wraps safely. Tokio uses 256;
     * here a burst of spawns beyond that moves half the queue to the shared inject queue again and again, and
     * {@code spawn_many} (10,000 spawns from one task, 2 workers, quick runs) measured 13-28 M tasks/s at 256,
     * 50-60 M/s at 4096 and 71 M/s at 16384 (Netty's loop 56-59 M/s in the same runs). The cost: 64 KiB of
     * references per worker, and a steal may move up to 8,192 tasks at once.
     */
    public static final int CAPACITY = 16384;
    static final int MASK = CAPACITY - 1;
    /** Tasks a full queue moves to the overflow (plus the one being pushed). */
    static final int HALF = CAPACITY / 2;

    static final VarHandle HEAD;
    static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(LocalQueue.class, "head", long.class);
            TAIL = l.findVarHandle(LocalQueue.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Task slots, indexed by {@code position & MASK}. Plain array accesses: a slot is written by one thread
     * while no other thread may touch it, and handed over by the release/acquire pairs named at each access.
     */
    final Object[] buffer = new Object[CAPACITY];

    private LocalQueue(int initialPosition) {
        // Plain stores: the queue is published to other threads by the same safe publication as its handles.
        head = pack(initialPosition, initialPosition);
        tail = initialPosition;
    }

    /** A new empty queue; the caller's thread becomes (or hands the result to) the owner. */
    public static <T> Owner<T> create() {
        return new Owner<>(new LocalQueue<>(0));
    }

    /** For tests: a queue whose positions start at {@code initialPosition}, to exercise wrap-around. */
    static <T> Owner<T> create(int initialPosition) {
        return new Owner<>(new LocalQueue<>(initialPosition));
    }

    static long pack(int steal, int real) {
        return ((long) steal << 32) | (real & 0xFFFF_FFFFL);
    }

    static int steal(long head) {
        return (int) (head >>> 32);
    }

    static int real(long head) {
        return (int) head;
    }

    /** Any thread; a snapshot that may be stale by the time it returns. */
    int lenAnyThread() {
        // acquire: pairs with the CASes on head; then acquire of tail pairs with the owner's setRelease.
        // Reading head first means tail is at least as new, so the difference is not negative; clamp the
        // case where the owner popped and pushed many tasks between the two reads.
        long h = (long) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        int n = t - real(h);
        return Math.max(0, Math.min(n, CAPACITY));
    }

    /**
     * The owning worker's handle: push, pop, and overflow. Exactly one thread may use it at a time (a hand
     * over between threads needs its own happens-before edge, such as starting the thread).
     */
    public static final class Owner<T> {
        final LocalQueue<T> q;
        private final Stealer<T> stealer;
        /** Scratch for one overflow batch; owner thread only; cleared after each use. */
        private final Object[] overflowBatch = new Object[HALF + 1];

        Owner(LocalQueue<T> q) {
            this.q = q;
            this.stealer = new Stealer<>(q);
        }

        /** The stealer handle of this queue, for the other workers. */
        public Stealer<T> stealer() {
            return stealer;
        }

        /** Tasks in the queue, including those a stealer is copying out right now. */
        public int len() {
            return q.lenAnyThread();
        }

        public boolean isEmpty() {
            return len() == 0;
        }

        /** Free slots (slots a stealer is still copying out are not free). */
        public int remainingSlots() {
            long h = (long) HEAD.getAcquire(q); // acquire: pairs with a stealer's release in finishSteal
            return CAPACITY - (q.tail - steal(h));
        }

        /**
         * Appends a task. When the queue is full, moves the oldest half of it and this task to
         * {@code overflow} in one batch; when a steal is in progress (it will free room), only this task.
         */
        public void push(T task, Overflow<? super T> overflow) {
            LocalQueue<T> q = this.q;
            for (;;) {
                // acquire: pairs with the release CAS in Stealer.finishSteal, so that the stealer's reads (and
                // clears) of slots before `steal` happen before we overwrite them.
                long h = (long) HEAD.getAcquire(q);
                int steal = steal(h);
                int real = real(h);
                int tail = q.tail; // plain: only this thread writes tail
                if (tail - steal < CAPACITY) {
                    q.buffer[tail & MASK] = task;
                    // release: publishes the slot; pairs with the acquire of tail in claim() and lenAnyThread()
                    TAIL.setRelease(q, tail + 1);
                    return;
                }
                if (steal != real) {
                    overflow.pushOverflow(task);
                    return;
                }
                if (pushHalfToOverflow(task, real, tail, overflow)) {
                    return;
                }
                // A stealer claimed tasks between our read and our CAS: there may be room now.
            }
        }

        /**
         * Appends a task that must fit (callers check {@link #remainingSlots()}); for refilling from the
         * inject queue. Throws IllegalStateException when full.
         */
        public void pushWithinCapacity(T task) {
            LocalQueue<T> q = this.q;
            long h = (long) HEAD.getAcquire(q); // acquire: as in push
            int tail = q.tail;
            if (tail - steal(h) >= CAPACITY) {
                throw new IllegalStateException("local queue full");
            }
            q.buffer[tail & MASK] = task;
            TAIL.setRelease(q, tail + 1); // release: as in push
        }

        private boolean pushHalfToOverflow(T task, int real, int tail, Overflow<? super T> overflow) {
            LocalQueue<T> q = this.q;
            assert tail - real == CAPACITY : "overflow of a queue that is not full";
            long expected = pack(real, real);
            long claimed = pack(real + HALF, real + HALF);
            // CAS (volatile): claims the oldest HALF tasks as a stealer's claim would, and pairs with the
            // claim CAS of a stealer racing for the same head; losing means a stealer took tasks, so retry.
            if (!HEAD.compareAndSet(q, expected, claimed)) {
                return false;
            }
            Object[] batch = overflowBatch;
            for (int i = 0; i < HALF; i++) {
                int idx = (real + i) & MASK;
                batch[i] = q.buffer[idx];
                q.buffer[idx] = null; // plain: the CAS made these slots ours until we push past them
            }
            batch[HALF] = task;
            try {
                overflow.pushOverflowBatch(batch, HALF + 1);
            } finally {
                Arrays.fill(batch, null);
            }
            return true;
        }

        /** Removes the oldest task, or returns null when the queue is empty. */
        @SuppressWarnings("unchecked")
        public T pop() {
            LocalQueue<T> q = this.q;
            // acquire: pairs with the CASes of stealers, so a slot they finished with is seen as theirs.
            long h = (long) HEAD.getAcquire(q);
            int real;
            for (;;) {
                int steal = steal(h);
                real = real(h);
                if (real == q.tail) { // plain tail: only this thread writes it
                    return null;
                }
                int nextReal = real + 1;
                // No steal in progress: both halves move. Otherwise leave the stealer's mark in place.
                long next = steal == real ? pack(nextReal, nextReal) : pack(steal, nextReal);
                // CAS: orders us against a stealer's claim of the same slot (the partner CAS in claim()).
                long witness = (long) HEAD.compareAndExchange(q, h, next);
                if (witness == h) {
                    break;
                }
                h = witness;
            }
            int idx = real & MASK;
            T task = (T) q.buffer[idx];
            q.buffer[idx] = null; // plain: the slot is ours until this thread pushes into it again
            return task;
        }
    }

    /**
     * A handle for other workers: steals half of the owner's queue into the caller's own queue. Any thread;
     * stateless, shareable.
     */
    public static final class Stealer<T> {
        final LocalQueue<T> q;

        Stealer(LocalQueue<T> q) {
            this.q = q;
        }

        /** A snapshot; true may be stale as soon as it returns. */
        public boolean isEmpty() {
            return q.lenAnyThread() == 0;
        }

        public int len() {
            return q.lenAnyThread();
        }

        /**
         * Steals half of this queue (rounded up) into {@code dst}, which the calling thread must own, and
         * returns one of the stolen tasks to run now; null when there was nothing to steal, another steal
         * of this queue is in progress, or {@code dst} has less than half its capacity free.
         */
        @SuppressWarnings("unchecked")
        public T stealInto(Owner<T> dst) {
            LocalQueue<T> d = dst.q;
            if (d == q) {
                throw new IllegalArgumentException("cannot steal from a queue into itself");
            }
            int dstTail = d.tail; // plain: the caller owns dst
            // acquire: pairs with the release CAS of whoever steals from dst, so their slots are free to reuse.
            int dstSteal = steal((long) HEAD.getAcquire(d));
            if (dstTail - dstSteal > HALF) {
                return null;
            }
            long claimed = claim();
            if (claimed == 0) {
                return null;
            }
            int first = (int) (claimed >>> 32);
            int n = (int) claimed;
            for (int i = 0; i < n; i++) {
                int src = (first + i) & MASK;
                // plain: the claim CAS gave us these slots; the owner wrote them before the tail we acquired.
                d.buffer[(dstTail + i) & MASK] = q.buffer[src];
                q.buffer[src] = null;
            }
            finishSteal(first);
            n--;
            int retIdx = (dstTail + n) & MASK;
            T ret = (T) d.buffer[retIdx];
            d.buffer[retIdx] = null;
            if (n > 0) {
                // release: publishes the copied slots; pairs with the acquire of dst's tail by its stealers
                TAIL.setRelease(d, dstTail + n);
            }
            return ret;
        }

        /**
         * Steal step 1: marks the steal in progress and takes the tasks out of the owner's reach. Returns
         * {@code first << 32 | n} (n > 0), or 0 when there is nothing to take or another steal is in progress.
         */
        long claim() {
            LocalQueue<T> q = this.q;
            // acquire: pairs with the CASes of the owner (pop, overflow) and of other stealers.
            long h = (long) HEAD.getAcquire(q);
            for (;;) {
                int steal = steal(h);
                int real = real(h);
                if (steal != real) {
                    return 0; // another stealer is copying; its slots are not free, leave this queue alone
                }
                // acquire: pairs with the owner's setRelease of tail in push, so slots below it are written.
                int tail = (int) TAIL.getAcquire(q);
                int available = tail - real;
                int n = available - available / 2;
                if (n <= 0) {
                    return 0;
                }
                if (n > HALF) {
                    // head was read before the owner popped and pushed again: re-read and retry
                    h = (long) HEAD.getAcquire(q);
                    continue;
                }
                // The steal half stays at `real`: the owner may not reuse these slots until finishSteal.
                long next = pack(steal, real + n);
                // CAS (volatile): pairs with the owner's pop CAS and other stealers' claims on the same head.
                long witness = (long) HEAD.compareAndExchange(q, h, next);
                if (witness == h) {
                    return ((long) real << 32) | n;
                }
                h = witness;
            }
        }

        /** Steal step 3: the slots from {@code first} are copied out; let the owner reuse them. */
        void finishSteal(int first) {
            LocalQueue<T> q = this.q;
            long h = (long) HEAD.getAcquire(q);
            for (;;) {
                assert steal(h) == first : "steal mark moved during a steal";
                int real = real(h);
                // release (in the volatile CAS): our reads and clears of the slots happen before the owner's
                // next acquire of head in push; retry when the owner popped meanwhile (real moved).
                long witness = (long) HEAD.compareAndExchange(q, h, pack(real, real));
                if (witness == h) {
                    return;
                }
                h = witness;
            }
        }
    }
}
