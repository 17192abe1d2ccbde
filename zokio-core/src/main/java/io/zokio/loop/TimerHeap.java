package io.zokio.loop;

import java.util.Arrays;

/**
 * Min-heap of {@link Op#TIMEOUT} completions ordered by {@code deadlineNs}; O(log n) add and remove, each
 * completion storing its own index so that cancel needs no search.
 *
 * <p><b>Threading:</b> not thread-safe; loop thread only. The hierarchical timer wheel of the runtime sits
 * above the loop and uses one loop timeout for its nearest deadline.
 */
final class TimerHeap {
    private Completion[] heap = new Completion[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest deadline; only valid when not empty. */
    long nextDeadlineNs() {
        return heap[0].deadlineNs;
    }

    Completion peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Completion c) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = c;
        c.heapIndex = size;
        size++;
        siftUp(c.heapIndex);
    }

    /** Removes {@code c}; returns false when it was not in the heap. */
    boolean remove(Completion c) {
        int i = c.heapIndex;
        if (i < 0 || i >= size || heap[i] != c) {
            return false;
        }
        size--;
        Completion last = heap[size];
        heap[size] = null;
        c.heapIndex = -1;
        if (i != size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
        return true;
    }

    Completion poll() {
        if (size == 0) {
            return null;
        }
        Completion top = heap[0];
        remove(top);
        return top;
    }

    private void siftUp(int i) {
        Completion c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Completion p = heap[parent];
            if (p.deadlineNs <= c.deadlineNs) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    private void siftDown(int i) {
        Completion c = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadlineNs < heap[child].deadlineNs) {
                child = right;
            }
            if (c.deadlineNs <= heap[child].deadlineNs) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = c;
        c.heapIndex = i;
    }
}
