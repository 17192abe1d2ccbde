package io.zokio.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * <b>Threading:</b> any thread (multi-producer, multi-consumer). The blocking calls ({@link #send},
 * {@link #receive}) park a virtual thread (the lock's conditions unmount it; no carrier is pinned), block a
 * platform thread, and throw {@link IllegalStateException} on a worker (event-loop) thread. The async calls
 * ({@link #sendAsync}, {@link #receiveAsync}) and the {@code try} calls never wait (the lock is held for a
 * few field updates only): use them from callback code on loop threads.
 *
 * <p>A bounded FIFO channel with back-pressure: {@code send} waits while {@link #capacity()} values are
 * queued. {@link #close()} is idempotent: later sends throw {@link ChannelClosedException}; receivers still
 * take every value queued before the close, then get {@link ChannelClosedException}; every waiting sender
 * and receiver wakes; a pending {@code sendAsync} fails (its value was never queued).
 *
 * <p>A ring behind one lock ({@code Synced} state: {@code ring}, {@code head}, {@code count},
 * {@code closed}, the two async waiter queues), with one condition per side for the blocking calls.
 * Invariants under the lock: async receivers wait only while the ring is empty, async senders only while it is
 * full and open. A value is therefore handed straight to the oldest async receiver, and a freed slot to the
 * oldest async sender, before any blocking waiter is signalled. Async stages are completed after the lock is
 * released (their dependent actions run on the completing thread, never under the channel's lock).
 * TODO(runtime): a lock-free ring; the mpsc bench target is JCTools' MPSC queue.
 */
public final class Channel<T> {
    private static final CompletionStage<Void> SENT = CompletableFuture.completedStage(null);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    // Synced: only under lock
    private final Object[] ring;
    private int head;
    private int count;
    private boolean closed;
    /** Non-empty only while {@code count == 0}. */
    private final ArrayDeque<AsyncReceive> receivers = new ArrayDeque<>();
    /** Non-empty only while {@code count == capacity} and not closed. */
    private final ArrayDeque<AsyncSend> senders = new ArrayDeque<>();

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
        AsyncReceive handedTo;
        lock.lockInterruptibly();
        try {
            while (!closed && count == ring.length) {
                notFull.await();
            }
            handedTo = enqueue(value);
        } finally {
            lock.unlock();
        }
        deliver(handedTo, value);
    }

    /** Queues {@code value} if there is room; false when full. Never waits; fine on a worker thread. */
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "value");
        AsyncReceive handedTo;
        lock.lock();
        try {
            if (!closed && count == ring.length) {
                return false;
            }
            handedTo = enqueue(value);
        } finally {
            lock.unlock();
        }
        deliver(handedTo, value);
        return true;
    }

    /**
     * Queues {@code value} without waiting: the stage completes when the value is queued (at once if there is
     * room), or fails with {@link ChannelClosedException} if the channel is closed before that. Values sent
     * this way are queued in the order of the calls. Cancelling the stage (through
     * {@code toCompletableFuture().cancel}) withdraws a value that is not queued yet.
     */
    public CompletionStage<Void> sendAsync(T value) {
        Objects.requireNonNull(value, "value");
        AsyncReceive handedTo;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedStage(new ChannelClosedException("send on a closed channel"));
            }
            if (count == ring.length) {
                AsyncSend s = new AsyncSend(value);
                senders.addLast(s);
                return s;
            }
            handedTo = enqueue(value);
        } finally {
            lock.unlock();
        }
        deliver(handedTo, value);
        return SENT;
    }

    /** Under lock, open and not full: the value goes to the oldest async receiver (returned) or the ring. */
    private AsyncReceive enqueue(T value) {
        if (closed) {
            throw new ChannelClosedException("send on a closed channel");
        }
        AsyncReceive r = receivers.pollFirst();
        if (r != null) {
            return r; // count == 0: the value skips the ring
        }
        ring[(head + count) % ring.length] = value;
        count++;
        notEmpty.signal();
        return null;
    }

    private void deliver(AsyncReceive r, T value) {
        if (r != null) {
            r.settle(value, null);
        }
    }

    /**
     * Takes the oldest value, waiting while the channel is empty.
     *
     * @throws ChannelClosedException when the channel is closed and empty
     */
    public T receive() throws InterruptedException {
        Runtime.checkNotOnLoopThread("Channel.receive()");
        T v;
        AsyncSend admitted;
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                if (closed) {
                    throw new ChannelClosedException("channel closed");
                }
                notEmpty.await();
            }
            v = dequeue();
            admitted = admitSender();
        } finally {
            lock.unlock();
        }
        admitted(admitted);
        return v;
    }

    /** The oldest value, or null when empty (closed or not). Never waits. */
    public T tryReceive() {
        T v;
        AsyncSend admitted;
        lock.lock();
        try {
            if (count == 0) {
                return null;
            }
            v = dequeue();
            admitted = admitSender();
        } finally {
            lock.unlock();
        }
        admitted(admitted);
        return v;
    }

    /**
     * Takes the oldest value without waiting: the stage completes with it when one is available (at once if
     * one is queued), or fails with {@link ChannelClosedException} once the channel is closed and every value
     * queued before the close has been taken. Receivers are served in the order of the calls. Cancelling the
     * stage (through {@code toCompletableFuture().cancel}) withdraws the request; no value is lost.
     */
    public CompletionStage<T> receiveAsync() {
        T v;
        AsyncSend admitted;
        lock.lock();
        try {
            if (count == 0) {
                if (closed) {
                    return CompletableFuture.failedStage(new ChannelClosedException("channel closed"));
                }
                AsyncReceive r = new AsyncReceive();
                receivers.addLast(r);
                return r;
            }
            v = dequeue();
            admitted = admitSender();
        } finally {
            lock.unlock();
        }
        admitted(admitted);
        return CompletableFuture.completedStage(v);
    }

    @SuppressWarnings("unchecked")
    private T dequeue() {
        T v = (T) ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        count--;
        return v;
    }

    /** Under lock, after a dequeue freed a slot: the oldest async sender takes it, else a blocking one may. */
    private AsyncSend admitSender() {
        AsyncSend s = senders.pollFirst();
        if (s == null) {
            notFull.signal();
            return null;
        }
        ring[(head + count) % ring.length] = s.value;
        count++;
        return s;
    }

    private void admitted(AsyncSend s) {
        if (s != null) {
            s.settle(null, null);
        }
    }

    /** Refuses further sends and wakes every waiter; queued values can still be received. */
    public void close() {
        List<Pending<?>> failed;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
            // receivers wait only on an empty ring: none of them will ever get a value
            failed = new ArrayList<>(receivers.size() + senders.size());
            failed.addAll(receivers);
            failed.addAll(senders);
            receivers.clear();
            senders.clear();
        } finally {
            lock.unlock();
        }
        for (Pending<?> p : failed) {
            p.settle(null, new ChannelClosedException(p.closedMessage()));
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

    /**
     * A pending async call. Any completion from outside ({@code cancel}, {@code complete},
     * {@code completeExceptionally}, hence {@code orTimeout}) first withdraws it under the channel's lock, and
     * does nothing if the channel already took it off its queue (it is then about to be completed by the
     * channel, so no value is lost or sent twice).
     */
    private abstract class Pending<V> extends CompletableFuture<V> {
        abstract boolean withdraw();

        abstract String closedMessage();

        final void settle(V value, Throwable failure) {
            if (failure == null) {
                super.complete(value);
            } else {
                super.completeExceptionally(failure);
            }
        }

        private boolean withdrawLocked() {
            lock.lock();
            try {
                return withdraw();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean complete(V value) {
            return withdrawLocked() && super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            return withdrawLocked() && super.completeExceptionally(ex);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return withdrawLocked() && super.cancel(mayInterruptIfRunning);
        }
    }

    private final class AsyncReceive extends Pending<T> {
        @Override
        boolean withdraw() {
            return receivers.remove(this);
        }

        @Override
        String closedMessage() {
            return "channel closed";
        }
    }

    private final class AsyncSend extends Pending<Void> {
        final T value;

        AsyncSend(T value) {
            this.value = value;
        }

        @Override
        boolean withdraw() {
            return senders.remove(this);
        }

        @Override
        String closedMessage() {
            return "channel closed before the value was queued";
        }
    }
}
