package io.zokio.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Unbounded multi-producer, single-consumer queue of tasks, FIFO per producer, allocation-free until the
 * consumer falls more than a ring behind.
 *
 * <p><b>Threading:</b> {@link #offer} from any thread (lock-free); {@link #poll} and {@link #isEmpty} from the
 * single consumer only (the loop thread).
 *
 * <p><b>Layout.</b> A bounded ring in Vyukov's design (a sequence number per cell: a producer claims a cell
 * with a CAS on {@code tail}, stores the task, then publishes it by a release store of the cell's sequence),
 * and behind it an unbounded linked queue (Vyukov's intrusive MPSC list, one node per task) that takes the
 * overflow while the ring is full.
 *
 * <p><b>Order.</b> {@code overflowCount} counts tasks in the linked queue and tasks a producer is about to
 * put there: a producer increments it before its linked offer, the consumer decrements it after taking one.
 * While it is non-zero every producer offers to the linked queue, so a producer's tasks go to the ring, then
 * (once the ring is full) to the linked queue, and return to the ring only after everything in the linked
 * queue has been consumed. The consumer takes from the linked queue only when the ring holds nothing claimed:
 * it first reads the linked head with acquire, which makes visible every claim its producer made in the ring
 * before, then requires {@code tail == head}. Hence a producer's ring tasks run before its later linked tasks.
 *
 * <p><b>In-between states.</b> A producer between its claim and its publication leaves a cell the consumer
 * cannot pass: {@link #poll} then reports empty, {@link #isEmpty} reports non-empty (the loop does not block),
 * and the producer's wakeup, which follows its offer, makes a blocked loop look again. The same holds for the
 * linked queue between a producer's exchange of its tail and its link.
 */
final class MpscTaskQueue {
    /** Cells of the ring of a loop's queue: about 48 KiB with compressed references. */
    static final int DEFAULT_RING = 4096;

    private static final VarHandle TAIL;
    private static final VarHandle OVERFLOW_COUNT;
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(MpscTaskQueue.class, "tail", long.class);
            OVERFLOW_COUNT = l.findVarHandle(MpscTaskQueue.class, "overflowCount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int mask;
    private final Runnable[] cells;
    /** Cell i holds the task of position p when {@code seq[i] == p + 1}; it is free for p when {@code == p}. */
    private final long[] seq;
    private final Linked overflow = new Linked();

    // producers' line; the padding keeps it off the consumer's head
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
    /** Next position to claim; producers CAS it. */
    @SuppressWarnings("unused")
    private volatile long tail;
    /** Through OVERFLOW_COUNT. */
    @SuppressWarnings("unused")
    private volatile int overflowCount;
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;
    /** Next position to take. Consumer only. */
    private long head;

    MpscTaskQueue() {
        this(DEFAULT_RING);
    }

    /** A queue whose ring has {@code ringCells} cells (a power of two; small values let tests reach overflow). */
    MpscTaskQueue(int ringCells) {
        if (ringCells < 2 || Integer.bitCount(ringCells) != 1) {
            throw new IllegalArgumentException("ring cells must be a power of two >= 2: " + ringCells);
        }
        mask = ringCells - 1;
        cells = new Runnable[ringCells];
        seq = new long[ringCells];
        for (int i = 0; i < ringCells; i++) {
            seq[i] = i;
        }
    }

    /** Any thread. */
    void offer(Runnable task) {
        // acquire: an overflow in progress (non-zero) routes this task behind it
        if ((int) OVERFLOW_COUNT.getAcquire(this) == 0 && offerToRing(task)) {
            return;
        }
        OVERFLOW_COUNT.getAndAdd(this, 1); // before the offer: the count never undercounts the linked queue
        overflow.offer(task);
    }

    private boolean offerToRing(Runnable task) {
        long t = (long) TAIL.getVolatile(this);
        for (;;) {
            int i = (int) t & mask;
            long s = (long) SEQ.getAcquire(seq, i); // acquire: pairs with the consumer's release that freed it
            long dif = s - t;
            if (dif == 0) {
                if (TAIL.compareAndSet(this, t, t + 1)) {
                    cells[i] = task;
                    SEQ.setRelease(seq, i, t + 1); // release: publishes the task; pairs with poll's acquire
                    return true;
                }
                t = (long) TAIL.getVolatile(this);
            } else if (dif < 0) {
                return false; // the cell still holds the task of the previous lap: full
            } else {
                t = (long) TAIL.getVolatile(this); // another producer claimed t
            }
        }
    }

    /** Consumer only. Returns null when empty, or when the next task's producer has not published it yet. */
    Runnable poll() {
        long h = head;
        int i = (int) h & mask;
        if ((long) SEQ.getAcquire(seq, i) == h + 1) { // acquire: pairs with the producer's release
            Runnable r = cells[i];
            cells[i] = null;
            SEQ.setRelease(seq, i, h + mask + 1); // frees the cell for the next lap; pairs with offer's acquire
            head = h + 1;
            return r;
        }
        if ((int) OVERFLOW_COUNT.getAcquire(this) == 0 || !overflow.hasNextAcquire()) {
            return null;
        }
        // The linked head's producer claimed its earlier ring cells before linking it (made visible by the
        // acquire above): take from the linked queue only when no ring cell is claimed.
        if ((long) TAIL.getVolatile(this) != h) {
            return null;
        }
        Runnable r = overflow.poll();
        OVERFLOW_COUNT.getAndAdd(this, -1);
        return r;
    }

    /** Consumer only: true when nothing is queued, published or not. */
    boolean isEmpty() {
        return (long) TAIL.getVolatile(this) == head && (int) OVERFLOW_COUNT.getVolatile(this) == 0;
    }

    /**
     * The overflow: Vyukov's intrusive MPSC linked queue. {@link #offer} from any thread (one exchange, then a
     * release link); {@link #poll} and {@link #hasNextAcquire} from the consumer only.
     */
    private static final class Linked {
        private static final VarHandle LTAIL;
        private static final VarHandle NEXT;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                LTAIL = l.findVarHandle(Linked.class, "tail", Node.class);
                NEXT = l.findVarHandle(Node.class, "next", Node.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private static final class Node {
            Runnable task;
            volatile Node next;

            Node(Runnable task) {
                this.task = task;
            }
        }

        /** Consumer-owned: the stub whose successor is the next task. */
        private Node head;
        @SuppressWarnings("unused") // through LTAIL
        private volatile Node tail;

        Linked() {
            Node stub = new Node(null);
            head = stub;
            tail = stub;
        }

        void offer(Runnable task) {
            Node node = new Node(task);
            Node prev = (Node) LTAIL.getAndSet(this, node);
            NEXT.setRelease(prev, node); // release: publishes node.task; pairs with the acquires below
        }

        boolean hasNextAcquire() {
            return NEXT.getAcquire(head) != null;
        }

        /** Only after {@link #hasNextAcquire} returned true. */
        Runnable poll() {
            Node next = (Node) NEXT.getAcquire(head);
            Runnable task = next.task;
            next.task = null;
            head = next;
            return task;
        }
    }
}
