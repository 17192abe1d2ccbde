package io.zokio.runtime;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import io.zokio.runtime.sched.MpmcRing;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
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
 * <p><b>How.</b> Values live in a lock-free bounded ring ({@link MpmcRing}); a send or receive that finds
 * room or a value touches nothing else when nobody waits. Waiters (blocking calls that found the ring full or
 * empty, and pending async stages) are queued behind one lock, each side in call order; the counts of waiters
 * are volatile so that the fast paths can see them. The wakeup protocol is Dekker's: a sender publishes its
 * value, issues a full fence, then reads the count of waiting receivers; a receiver that is about to wait
 * registers (a volatile write under the lock), issues a full fence, then looks at the ring once more under the
 * lock ({@link #drainLocked}). Either the sender sees the waiter and drains the ring to it, or the waiter sees
 * the value. The same holds between a receiver that frees a cell and a waiting sender. While anyone waits on
 * a side, the fast path of that side stands back (a waiting sender's value goes in before a later send of
 * any thread; a waiting receiver is served before a later receive), so waiters are served in call order;
 * only the {@code try} calls may barge. Waiting threads park ({@link LockSupport}: a virtual thread unmounts)
 * after a short spin; async stages are completed after the lock is released.
 */
public final class Channel<T> {
    private static final CompletionStage<Void> SENT = CompletableFuture.completedStage(null);
    /** Re-tries of a blocking call before it queues itself as a waiter (a few microseconds). */
    private static final int SPINS = 100;

    private final MpmcRing ring;
    private final ReentrantLock lock = new ReentrantLock();
    // Synced: only under lock. Entries are SyncWaiter or Pending, oldest first.
    private final ArrayDeque<Object> receivers = new ArrayDeque<>();
    private final ArrayDeque<Object> senders = new ArrayDeque<>();
    /** Written under the lock; read anywhere. */
    private volatile boolean closed;
    /** {@code receivers.size()}: written under the lock, read by the fast paths. */
    private volatile int receiversWaiting;
    /** {@code senders.size()}: written under the lock, read by the fast paths. */
    private volatile int sendersWaiting;

    private Channel(int capacity) {
        this.ring = new MpmcRing(capacity);
    }

    /** A channel that holds at most {@code capacity} values. */
    public static <T> Channel<T> bounded(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        return new Channel<>(capacity);
    }

    public int capacity() {
        return ring.capacity();
    }

    // ------------------------------------------------------------------ send

    /** Queues {@code value}, waiting while the channel is full. */
    public void send(T value) throws InterruptedException {
        Objects.requireNonNull(value, "value");
        Runtime.checkNotOnLoopThread("Channel.send()");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (int i = 0; i <= SPINS; i++) {
            if (sendFast(value)) {
                return;
            }
            Thread.onSpinWait();
        }
        SyncWaiter w = new SyncWaiter(value);
        Pending<?> done;
        lock.lock();
        try {
            if (closed) {
                throw new ChannelClosedException("send on a closed channel");
            }
            senders.addLast(w);
            sendersWaiting = senders.size();
            VarHandle.fullFence(); // Dekker: the registration before the ring's state; see the class comment
            done = drainLocked();
        } finally {
            lock.unlock();
        }
        settleAll(done);
        if (await(w, senders) == SyncWaiter.CLOSED) {
            throw new ChannelClosedException("send on a closed channel");
        }
    }

    /** Queues {@code value} if there is room; false when full. Never waits; fine on a worker thread. */
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "value");
        int r = ring.offer(value);
        if (r == MpmcRing.REFUSED) {
            throw new ChannelClosedException("send on a closed channel");
        }
        if (r == MpmcRing.FULL) {
            return false;
        }
        afterPublish();
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
        try {
            if (sendFast(value)) {
                return SENT;
            }
        } catch (ChannelClosedException e) { // closed, or closed while we tried the ring
            return CompletableFuture.failedStage(e);
        }
        AsyncSend s = new AsyncSend(value);
        Pending<?> done;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedStage(new ChannelClosedException("send on a closed channel"));
            }
            senders.addLast(s);
            sendersWaiting = senders.size();
            VarHandle.fullFence(); // Dekker, as in send()
            done = drainLocked();
        } finally {
            lock.unlock();
        }
        settleAll(done);
        return s;
    }

    /** The fast path: into the ring if nobody waits to send before us and a cell is free. */
    private boolean sendFast(T value) {
        if (sendersWaiting != 0) {
            if (closed) {
                throw new ChannelClosedException("send on a closed channel");
            }
            return false;
        }
        int r = ring.offer(value);
        if (r == MpmcRing.REFUSED) {
            throw new ChannelClosedException("send on a closed channel");
        }
        if (r == MpmcRing.FULL) {
            return false;
        }
        afterPublish();
        return true;
    }

    /** After a value entered the ring: hands it to a waiting receiver, if any. */
    private void afterPublish() {
        VarHandle.fullFence(); // Dekker: the publication before the read of the waiters; see the class comment
        if (receiversWaiting != 0) {
            drain();
        }
    }

    // ------------------------------------------------------------------ receive

    /**
     * Takes the oldest value, waiting while the channel is empty.
     *
     * @throws ChannelClosedException when the channel is closed and empty
     */
    public T receive() throws InterruptedException {
        Runtime.checkNotOnLoopThread("Channel.receive()");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (int i = 0; i <= SPINS; i++) {
            T v = receiveFast();
            if (v != null) {
                return v;
            }
            if (closed) {
                break;
            }
            Thread.onSpinWait();
        }
        SyncWaiter w = new SyncWaiter(null);
        Pending<?> done;
        lock.lock();
        try {
            receivers.addLast(w);
            receiversWaiting = receivers.size();
            VarHandle.fullFence(); // Dekker, as in send()
            done = drainLocked();
            if (closed && w.state == SyncWaiter.WAITING) {
                removeLocked(w, receivers); // closed and empty: no value will come
                w.state = SyncWaiter.CLOSED;
            }
        } finally {
            lock.unlock();
        }
        settleAll(done);
        if (await(w, receivers) == SyncWaiter.CLOSED) {
            throw new ChannelClosedException("channel closed");
        }
        @SuppressWarnings("unchecked")
        T v = (T) w.value;
        return v;
    }

    /** The oldest value, or null when empty (closed or not). Never waits. */
    public T tryReceive() {
        @SuppressWarnings("unchecked")
        T v = (T) ring.poll();
        if (v != null) {
            afterTake();
        }
        return v;
    }

    /**
     * Takes the oldest value without waiting: the stage completes with it when one is available (at once if
     * one is queued), or fails with {@link ChannelClosedException} once the channel is closed and every value
     * queued before the close has been taken. Receivers are served in the order of the calls. Cancelling the
     * stage (through {@code toCompletableFuture().cancel}) withdraws the request; no value is lost.
     */
    public CompletionStage<T> receiveAsync() {
        T v = receiveFast();
        if (v != null) {
            return CompletableFuture.completedStage(v);
        }
        AsyncReceive r = new AsyncReceive();
        Pending<?> done;
        lock.lock();
        try {
            receivers.addLast(r);
            receiversWaiting = receivers.size();
            VarHandle.fullFence(); // Dekker, as in send()
            done = drainLocked();
            if (closed && removeLocked(r, receivers)) {
                r.failure = new ChannelClosedException(r.closedMessage());
                r.nextDone = done;
                done = r;
            }
        } finally {
            lock.unlock();
        }
        settleAll(done);
        return r;
    }

    /** The fast path: the oldest value if nobody waits to receive before us. */
    private T receiveFast() {
        if (receiversWaiting != 0) {
            return null;
        }
        @SuppressWarnings("unchecked")
        T v = (T) ring.poll();
        if (v != null) {
            afterTake();
        }
        return v;
    }

    /** After a cell was freed: lets a waiting sender's value in, if any. */
    private void afterTake() {
        VarHandle.fullFence(); // Dekker: the freed cell before the read of the waiters
        if (sendersWaiting != 0) {
            drain();
        }
    }

    // ------------------------------------------------------------------ waiters

    private void drain() {
        Pending<?> done;
        lock.lock();
        try {
            done = drainLocked();
        } finally {
            lock.unlock();
        }
        settleAll(done);
    }

    /**
     * Under the lock: moves values from the ring to waiting receivers and waiting senders' values into the
     * ring, oldest first, until neither can move. Blocking waiters are woken here; the async stages to
     * complete are returned as a chain (through {@link Pending#nextDone}), for after the lock is released.
     */
    private Pending<?> drainLocked() {
        Pending<?> done = null;
        boolean moved = true;
        while (moved) {
            moved = false;
            while (!receivers.isEmpty()) {
                Object v = ring.poll();
                if (v == null) {
                    break;
                }
                Object r = receivers.pollFirst();
                if (r instanceof SyncWaiter w) {
                    w.value = v;
                    w.wake(SyncWaiter.DONE);
                } else {
                    AsyncReceive a = (AsyncReceive) r;
                    a.result = v;
                    a.nextDone = done;
                    done = a;
                }
                moved = true;
            }
            while (!senders.isEmpty()) {
                Object s = senders.peekFirst();
                Object v = s instanceof SyncWaiter w ? w.value : ((AsyncSend) s).value;
                if (ring.offer(v) != MpmcRing.OFFERED) {
                    break; // full, or closed (close() then fails the waiting senders)
                }
                senders.pollFirst();
                if (s instanceof SyncWaiter w) {
                    w.wake(SyncWaiter.DONE);
                } else {
                    AsyncSend a = (AsyncSend) s;
                    a.nextDone = done;
                    done = a;
                }
                moved = true;
            }
        }
        receiversWaiting = receivers.size();
        sendersWaiting = senders.size();
        return done;
    }

    /** Completes a chain built by {@link #drainLocked}, oldest waiter first; outside the lock. */
    private void settleAll(Pending<?> done) {
        Pending<?> reversed = null;
        while (done != null) {
            Pending<?> next = done.nextDone;
            done.nextDone = reversed;
            reversed = done;
            done = next;
        }
        while (reversed != null) {
            Pending<?> next = reversed.nextDone;
            reversed.nextDone = null;
            reversed.settle();
            reversed = next;
        }
    }

    /** Under the lock: takes {@code w} off {@code queue}; true if it was still waiting there. */
    private boolean removeLocked(Object w, ArrayDeque<Object> queue) {
        boolean removed = queue.remove(w);
        if (removed) {
            receiversWaiting = receivers.size();
            sendersWaiting = senders.size();
        }
        return removed;
    }

    /**
     * Parks until {@code w} is served or failed; returns its final state. An interrupt withdraws a waiter that
     * has not been served (throwing {@link InterruptedException}); one already served keeps its result and the
     * interrupt status is set again.
     */
    private int await(SyncWaiter w, ArrayDeque<Object> queue) throws InterruptedException {
        boolean interrupted = false;
        int s;
        while ((s = w.state) == SyncWaiter.WAITING) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                lock.lock();
                try {
                    if (removeLocked(w, queue)) {
                        throw new InterruptedException();
                    }
                } finally {
                    lock.unlock();
                }
                interrupted = true; // served meanwhile: keep the result
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    // ------------------------------------------------------------------ close and state

    /** Refuses further sends and wakes every waiter; queued values can still be received. */
    public void close() {
        Pending<?> done;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ring.close(); // linearizes against sends: each one before this is in the ring, each after refused
            done = drainLocked(); // queued values go to the receivers already waiting
            for (Object o : receivers) {
                done = fail(o, done);
            }
            for (Object o : senders) {
                done = fail(o, done);
            }
            receivers.clear();
            senders.clear();
            receiversWaiting = 0;
            sendersWaiting = 0;
        } finally {
            lock.unlock();
        }
        settleAll(done);
    }

    private Pending<?> fail(Object waiter, Pending<?> done) {
        if (waiter instanceof SyncWaiter w) {
            w.wake(SyncWaiter.CLOSED);
            return done;
        }
        Pending<?> p = (Pending<?>) waiter;
        p.failure = new ChannelClosedException(p.closedMessage());
        p.nextDone = done;
        return p;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Values queued now (a snapshot). */
    public int size() {
        return ring.size();
    }

    /** A blocking sender or receiver. Its state is written under the channel's lock, read by its thread. */
    private static final class SyncWaiter {
        static final int WAITING = 0;
        static final int DONE = 1;
        static final int CLOSED = 2;

        final Thread thread = Thread.currentThread();
        /** A sender's value; a receiver's value once served (written before the volatile state). */
        Object value;
        volatile int state;

        SyncWaiter(Object value) {
            this.value = value;
        }

        void wake(int newState) {
            state = newState; // volatile: publishes value; pairs with the read in await()
            LockSupport.unpark(thread);
        }
    }

    /**
     * A pending async call. Any completion from outside ({@code cancel}, {@code complete},
     * {@code completeExceptionally}, hence {@code orTimeout}) first withdraws it under the channel's lock, and
     * does nothing if the channel already took it off its queue (it is then about to be completed by the
     * channel, so no value is lost or sent twice).
     */
    private abstract class Pending<V> extends CompletableFuture<V> {
        /** Set under the lock when the channel takes this waiter off its queue; settled after the unlock. */
        Object result;
        Throwable failure;
        /** Link of the chain of waiters to settle after the unlock ({@link #drainLocked}). */
        Pending<?> nextDone;

        /** Under the lock: takes this waiter off its queue; false if the channel already took it. */
        abstract boolean withdraw();

        abstract String closedMessage();

        /** Completes with what the channel decided (outside the lock). */
        @SuppressWarnings("unchecked")
        final void settle() {
            if (failure == null) {
                super.complete((V) result);
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
            return removeLocked(this, receivers);
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
            return removeLocked(this, senders);
        }

        @Override
        String closedMessage() {
            return "channel closed before the value was queued";
        }
    }
}
