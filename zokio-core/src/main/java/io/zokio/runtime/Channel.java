package io.zokio.runtime;

import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * <b>Threading:</b> any thread (multi-producer, multi-consumer). The blocking calls ({@link #send},
 * {@link #receive}) park a virtual thread (the lock's conditions unmount it; no carrier is pinned), block a
 * platform thread, and throw {@link IllegalStateException} on a worker (event-loop) thread.
 *
 * <p>A bounded FIFO channel with back-pressure: {@code send} waits while {@link #capacity()} values are
 * queued. {@link #close()} is idempotent: later sends throw {@link ChannelClosedException}; receivers still
 * take every value queued before the close, then get {@link ChannelClosedException}; every waiting sender
 * and receiver wakes.
 *
 * <p>A ring behind one lock ({@code Synced} state: {@code ring}, {@code head}, {@code count},
 * {@code closed}), with one condition per side. TODO(runtime): a lock-free ring and async (CompletionStage)
 * variants; the mpsc bench target is JCTools' MPSC queue.
 */
public final class Channel<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    // Synced: only under lock
    private final Object[] ring;
    private int head;
    private int count;
    private boolean closed;

    private Channel(int capacity) {
        this.ring = new Object[capacity];
    }

    public static <T> Channel<T> bounded(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        return new Channel<>(capacity);
    }

    public int capacity() {
        return ring.length;
    }

    /** Queues {@code value}, waiting while the channel is full. */
    public void send(T value) throws InterruptedException {
        Objects.requireNonNull(value, "value");
        Runtime.checkNotOnLoopThread("Channel.send()");
        lock.lockInterruptibly();
        try {
            while (!closed && count == ring.length) {
                notFull.await();
            }
            enqueue(value);
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code value} if there is room; false when full. Never waits; fine on a worker thread. */
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "value");
        lock.lock();
        try {
            if (!closed && count == ring.length) {
                return false;
            }
            enqueue(value);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(T value) {
        if (closed) {
            throw new ChannelClosedException("send on a closed channel");
        }
        ring[(head + count) % ring.length] = value;
        count++;
        notEmpty.signal();
    }

    /**
     * Takes the oldest value, waiting while the channel is empty.
     *
     * @throws ChannelClosedException when the channel is closed and empty
     */
    public T receive() throws InterruptedException {
        Runtime.checkNotOnLoopThread("Channel.receive()");
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                if (closed) {
                    throw new ChannelClosedException("channel closed");
                }
                notEmpty.await();
            }
            return dequeue();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest value, or null when empty (closed or not). Never waits. */
    public T tryReceive() {
        lock.lock();
        try {
            return count == 0 ? null : dequeue();
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private T dequeue() {
        T v = (T) ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        count--;
        notFull.signal();
        return v;
    }

    /** Refuses further sends and wakes every waiter; queued values can still be received. */
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                notFull.signalAll();
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Values queued now (a snapshot). */
    public int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
