package io.zokio.loop;

/**
 * <b>Threading:</b> loop-thread only (owned by an {@link EventLoop}).
 *
 * <p>Results the loop knows without the backend (a cancelled timer, a cancel's own answer, an index with no
 * registered file): a FIFO linked through {@link Completion#readyNext}, so queueing allocates nothing. The loop
 * runs their callbacks later in the same turn, never from inside {@code submit}.
 */
final class ReadyList {
    private Completion head;
    private Completion tail;

    /** Queues {@code c} with {@code result}. */
    void add(Completion c, int result) {
        c.result = result;
        c.inBackend = false;
        c.readyNext = null;
        if (tail == null) {
            head = c;
        } else {
            tail.readyNext = c;
        }
        tail = c;
    }

    /** The oldest queued completion, unlinked, or null when none is queued. */
    Completion poll() {
        Completion c = head;
        if (c != null) {
            head = c.readyNext;
            if (head == null) {
                tail = null;
            }
            c.readyNext = null;
        }
        return c;
    }

    boolean isEmpty() {
        return head == null;
    }
}
