package io.zokio.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * <b>Threading:</b> any thread (multi-producer, multi-consumer).
 *
 * <p>The runtime-wide queue for tasks from outside the workers and for the overflow of full local queues;
 * unbounded. Two parts: a lock-free bounded ring ({@link MpmcRing}, {@value #RING} cells) that takes every
 * push while it has room, and behind it a growable ring behind one lock (Tokio's inject queue is a linked list
 * behind a mutex; this one allocates nothing once grown) for what does not fit. Consumers take from the ring
 * first. The queue is not strictly FIFO across the two parts (a task that overflowed may run after a later one
 * that found room): workers only need every task taken exactly once and soon, which holds. The locked part's
 * length is kept in a field readable without the lock, so that a worker checks for work, and a consumer skips
 * an empty queue, without touching the lock.
 *
 * <p>Closing (at runtime shutdown) makes {@link #push} refuse new work (the ring's closed bit makes a push
 * either land before the close or fail); overflow from workers is still accepted, in the locked part, because a
 * worker has already taken responsibility for those tasks and shutdown drains this queue after the workers stop.
 */
public final class InjectQueue<T> implements Overflow<T> {
    /** Cells of the lock-free part. */
    static final int RING = 8192;
    private static final VarHandle LEN;

    static {
        try {
            LEN = MethodHandles.lookup().findVarHandle(InjectQueue.class, "len", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** State written only while holding {@link #lock} (Tokio's {@code Synced}). */
    private static final class Synced {
        Object[] ring = new Object[64];
        /** Index of the oldest task. */
        int head;
        int count;
        boolean closed;
    }

    private final MpmcRing ring = new MpmcRing(RING);
    private final ReentrantLock lock = new ReentrantLock();
    private final Synced synced = new Synced();
    /**
     * Copy of {@code synced.count}: written under the lock with release, read anywhere with acquire (a task
     * counted here is visible to whoever then takes the lock). A hint: it may be stale when read.
     */
    @SuppressWarnings("unused")
    private int len;

    /** Tasks in the queue; any thread, no lock, a snapshot. */
    public int len() {
        return ring.size() + (int) LEN.getAcquire(this); // acquire: pairs with the setRelease under the lock
    }

    public boolean isEmpty() {
        return len() == 0;
    }

    /** Appends a task; false (and the task not queued) once the queue is closed. */
    public boolean push(T task) {
        int r = ring.offer(task);
        if (r == MpmcRing.OFFERED) {
            return true;
        }
        if (r == MpmcRing.REFUSED) {
            return false; // closed
        }
        lock.lock();
        try {
            if (synced.closed) {
                return false;
            }
            add(task);
            publishLen();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pushOverflow(T task) {
        if (ring.offer(task) == MpmcRing.OFFERED) {
            return; // refused once closed: then the locked part takes it, which close does not refuse
        }
        lock.lock();
        try {
            add(task);
            publishLen();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pushOverflowBatch(Object[] tasks, int count) {
        lock.lock();
        try {
            for (int i = 0; i < count; i++) {
                add(tasks[i]);
            }
            publishLen();
        } finally {
            lock.unlock();
        }
    }

    /** Removes a task, the ring's oldest first, or returns null when empty (without locking when it looks empty). */
    @SuppressWarnings("unchecked")
    public T pop() {
        T t = (T) ring.poll();
        if (t != null || (int) LEN.getAcquire(this) == 0) {
            return t;
        }
        lock.lock();
        try {
            T task = take();
            publishLen();
            return task;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes up to {@code max} tasks under one lock: returns the oldest (to run now) and pushes the next ones
     * into {@code dst}, as far as it has free slots. {@code dst} must be owned by the calling thread.
     * Returns null when empty.
     */
    @SuppressWarnings("unchecked")
    public T popBatchInto(LocalQueue.Owner<T> dst, int max) {
        if (max <= 0) {
            return null;
        }
        T first = (T) ring.poll();
        if (first != null) {
            int more = Math.min(max - 1, dst.remainingSlots());
            for (int i = 0; i < more; i++) {
                T t = (T) ring.poll();
                if (t == null) {
                    break;
                }
                dst.pushWithinCapacity(t);
            }
            return first;
        }
        if ((int) LEN.getAcquire(this) == 0) {
            return null;
        }
        lock.lock();
        try {
            first = take();
            if (first != null) {
                int more = Math.min(Math.min(max - 1, synced.count), dst.remainingSlots());
                for (int i = 0; i < more; i++) {
                    dst.pushWithinCapacity(take());
                }
                publishLen();
            }
            return first;
        } finally {
            lock.unlock();
        }
    }

    /** Stops {@link #push} from accepting tasks; returns false if already closed. */
    public boolean close() {
        ring.close(); // every push that claimed a cell before this is in the ring; later ones are refused
        lock.lock();
        try {
            boolean was = synced.closed;
            synced.closed = true;
            return !was;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return synced.closed;
        } finally {
            lock.unlock();
        }
    }

    // ---- under the lock ----

    private void add(Object task) {
        Synced s = synced;
        if (s.count == s.ring.length) {
            grow();
        }
        s.ring[(s.head + s.count) & (s.ring.length - 1)] = task;
        s.count++;
    }

    @SuppressWarnings("unchecked")
    private T take() {
        Synced s = synced;
        if (s.count == 0) {
            return null;
        }
        T task = (T) s.ring[s.head];
        s.ring[s.head] = null;
        s.head = (s.head + 1) & (s.ring.length - 1);
        s.count--;
        return task;
    }

    private void grow() {
        Synced s = synced;
        Object[] bigger = new Object[s.ring.length * 2];
        for (int i = 0; i < s.count; i++) {
            bigger[i] = s.ring[(s.head + i) & (s.ring.length - 1)];
        }
        s.ring = bigger;
        s.head = 0;
    }

    private void publishLen() {
        LEN.setRelease(this, synced.count); // release: pairs with the acquire in len()
    }
}
