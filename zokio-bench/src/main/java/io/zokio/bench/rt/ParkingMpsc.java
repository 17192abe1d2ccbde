package io.zokio.bench.rt;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;

/**
 * <b>Threading:</b> any number of producer threads call {@link #send}; one consumer thread calls {@link #receive}.
 *
 * <p>A blocking bounded queue over JCTools' {@link MpscArrayQueue}: a {@code receive} that finds it empty, or a
 * {@code send} that finds it full, re-tries {@value #SPINS} times (as many as Zokio's {@code Channel} before it
 * waits) and then parks ({@link LockSupport}) until the other side wakes it.
 *
 * <p>Wake-ups follow Dekker's protocol. A side about to wait declares itself (the consumer publishes its thread;
 * a producer pushes a node onto the stack of waiting producers), issues a full fence, and tries the queue once
 * more before it parks. The other side, after each successful offer or poll, issues a full fence and reads the
 * declarations. So either the waiter sees the message or the freed slot, or the other side sees the waiter.
 * The side that sees a declaration takes it down with an atomic swap before it unparks, so a declaration costs
 * at most one unpark and nothing is unparked while nobody declared itself waiting. A freed slot releases every
 * waiting producer; those that find the queue full again declare themselves anew.
 *
 * @param <E> the message type
 */
final class ParkingMpsc<E> {
    static final int SPINS = 100;

    private final MpscArrayQueue<E> queue;
    /** The consumer thread while it declares itself waiting for a message; null otherwise. */
    private final AtomicReference<Thread> consumer = new AtomicReference<>();
    /** Producers that declared themselves waiting for a free slot, newest first; null when none. */
    private final AtomicReference<Waiter> producers = new AtomicReference<>();

    /** A producer's declaration; {@code next} is written before the push that publishes the node. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        Waiter next;
        volatile boolean released;
    }

    ParkingMpsc(int capacity) {
        queue = new MpscArrayQueue<>(capacity);
    }

    /** Queues {@code e}, parking while the queue is full. */
    void send(E e) throws InterruptedException {
        for (int i = 0; !queue.offer(e); i++) {
            if (i >= SPINS) {
                awaitRoom(e);
                break;
            }
            Thread.onSpinWait();
        }
        VarHandle.fullFence(); // the message before the read of the consumer's declaration
        if (consumer.get() != null) {
            Thread c = consumer.getAndSet(null);
            if (c != null) {
                LockSupport.unpark(c);
            }
        }
    }

    /** Takes the oldest message, parking while the queue is empty. */
    E receive() throws InterruptedException {
        E e;
        for (int i = 0; (e = queue.poll()) == null; i++) {
            if (i >= SPINS) {
                e = awaitMessage();
                break;
            }
            Thread.onSpinWait();
        }
        VarHandle.fullFence(); // the freed slot before the read of the producers' declarations
        if (producers.get() != null) {
            for (Waiter w = producers.getAndSet(null); w != null; ) {
                Waiter next = w.next;
                w.released = true;
                LockSupport.unpark(w.thread);
                w = next;
            }
        }
        return e;
    }

    /** Declares the calling producer waiting until {@code e} is queued. */
    private void awaitRoom(E e) throws InterruptedException {
        for (;;) {
            Waiter w = new Waiter();
            do {
                w.next = producers.get();
            } while (!producers.compareAndSet(w.next, w));
            VarHandle.fullFence(); // the declaration before the re-check
            if (queue.offer(e)) {
                // the node stays on the stack: the consumer's next take unparks this thread once, and the park
                // loops below absorb that permit
                return;
            }
            while (!w.released) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    /** Declares the consumer waiting until a message arrives; returns it. */
    private E awaitMessage() throws InterruptedException {
        Thread me = Thread.currentThread();
        for (;;) {
            consumer.set(me);
            VarHandle.fullFence(); // the declaration before the re-check
            E e = queue.poll(); // poll, not relaxedPoll: null only when no offer has completed unseen
            if (e != null) {
                // a producer may have taken the declaration down and unparked this thread: a later park absorbs it
                consumer.set(null);
                return e;
            }
            while (consumer.get() == me) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    consumer.set(null);
                    throw new InterruptedException();
                }
            }
        }
    }
}
