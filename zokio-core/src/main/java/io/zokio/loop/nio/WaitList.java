package io.zokio.loop.nio;

import io.zokio.loop.Completion;

/**
 * An intrusive FIFO of completions linked through the backend's link word ({@code Backend.next}). Loop thread
 * only. A completion is in at most one list at a time (a wait list, the ready list or the pool overflow).
 */
final class WaitList {
    private Completion head;
    private Completion tail;

    boolean isEmpty() {
        return head == null;
    }

    Completion peek() {
        return head;
    }

    void add(Completion c) {
        NioBackend.link(c, null);
        if (tail == null) {
            head = c;
        } else {
            NioBackend.link(tail, c);
        }
        tail = c;
    }

    /** Removes and returns the head, or null. */
    Completion poll() {
        Completion c = head;
        if (c != null) {
            head = NioBackend.linked(c);
            if (head == null) {
                tail = null;
            }
            NioBackend.link(c, null);
        }
        return c;
    }

    /** Unlinks {@code c} if it is in this list (linear: cancellation is rare). */
    boolean remove(Completion c) {
        Completion prev = null;
        for (Completion x = head; x != null; prev = x, x = NioBackend.linked(x)) {
            if (x == c) {
                Completion next = NioBackend.linked(x);
                if (prev == null) {
                    head = next;
                } else {
                    NioBackend.link(prev, next);
                }
                if (tail == x) {
                    tail = prev;
                }
                NioBackend.link(x, null);
                return true;
            }
        }
        return false;
    }

    /** Moves every completion of this list to the end of {@code to}, keeping their order. */
    void drainTo(WaitList to) {
        Completion c;
        while ((c = poll()) != null) {
            to.add(c);
        }
    }
}
