package io.zokio.loop.nio;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * The NIO backend's descriptor table: a descriptor is an index into it, and like the kernel's the lowest free
 * index is handed out first. Not thread-safe: loop thread only.
 */
final class HandleTable {
    private Handle[] handles = new Handle[64];
    private final BitSet used = new BitSet();
    private int size;

    /** The index the next {@link #put} will use. */
    int nextIndex() {
        return used.nextClearBit(0);
    }

    /** Stores {@code h} at {@code h.index}, which must be {@link #nextIndex()}. */
    void put(Handle h) {
        if (h.index != nextIndex()) {
            throw new IllegalStateException("handle index " + h.index + " is not the lowest free " + nextIndex());
        }
        if (h.index >= handles.length) {
            handles = Arrays.copyOf(handles, Math.max(h.index + 1, handles.length * 2));
        }
        handles[h.index] = h;
        used.set(h.index);
        size++;
    }

    /** The open handle at {@code fd}, or null when {@code fd} is unknown or closed. */
    Handle get(int fd) {
        return fd >= 0 && fd < handles.length ? handles[fd] : null;
    }

    /** Frees {@code h}'s index (idempotent). */
    void remove(Handle h) {
        if (h.index < handles.length && handles[h.index] == h) {
            handles[h.index] = null;
            used.clear(h.index);
            size--;
        }
    }

    int size() {
        return size;
    }

    /** Visits every open handle, in index order; {@code action} may remove the handle it is given. */
    void forEach(Consumer<Handle> action) {
        for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
            action.accept(handles[i]);
        }
    }
}
