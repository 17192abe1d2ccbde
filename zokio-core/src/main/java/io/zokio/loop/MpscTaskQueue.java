package io.zokio.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Unbounded multi-producer, single-consumer FIFO of tasks (Vyukov's intrusive linked queue).
 *
 * <p><b>Threading:</b> {@link #offer} from any thread (wait-free: one atomic exchange);
 * {@link #poll} and {@link #isEmpty} from the single consumer only (the loop thread), except that
 * {@link #isEmptyAnyThread()} may be read anywhere as a hint.
 *
 * <p>A producer publishes a node in two steps: exchange {@code tail}, then link {@code prev.next}. Between
 * the two the consumer can see {@code head.next == null} although the queue is not empty; {@link #poll}
 * then reports empty and the producer's wakeup (which follows its offer) makes the loop look again.
 */
final class MpscTaskQueue {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(MpscTaskQueue.class, "tail", Node.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Node {
        Runnable task;
        volatile Node next;

        Node(Runnable task) {
            this.task = task;
        }
    }

    /** Consumer-owned: the stub whose successor is the next task. */
    private Node head;
    /** Producers swap it; accessed through TAIL. */
    @SuppressWarnings("unused")
    private volatile Node tail;

    MpscTaskQueue() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    /** Any thread. */
    void offer(Runnable task) {
        Node node = new Node(task);
        Node prev = (Node) TAIL.getAndSet(this, node);
        // release: publishes node.task; pairs with the acquire read of next in poll()
        NEXT.setRelease(prev, node);
    }

    /** Consumer only. Returns null when empty (or when a producer is between its two steps). */
    Runnable poll() {
        Node next = (Node) NEXT.getAcquire(head);
        if (next == null) {
            return null;
        }
        Runnable task = next.task;
        next.task = null;
        head = next;
        return task;
    }

    /** Consumer only. */
    boolean isEmpty() {
        return NEXT.getVolatile(head) == null && head == TAIL.getVolatile(this);
    }
}
