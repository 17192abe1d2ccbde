package io.zokio.testkit.sim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One direction of a simulated connection: a bounded FIFO of bytes, written by one end's SEND and read by the
 * other end's RECV. Not thread-safe (loop thread only).
 *
 * <p>{@link #eof} is set when the writer shut down its sending side or closed: once the bytes already queued
 * are read, reads see end of stream.
 */
final class ByteRing {
    private final byte[] data;
    private int head;
    private int size;
    boolean eof;

    ByteRing(int capacityBytes) {
        this.data = new byte[capacityBytes];
    }

    int size() {
        return size;
    }

    int space() {
        return data.length - size;
    }

    /** Appends {@code n <= space()} bytes of {@code src} from {@code srcOffset}. */
    void write(MemorySegment src, long srcOffset, int n) {
        int tail = (head + size) % data.length;
        int first = Math.min(n, data.length - tail);
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset, data, tail, first);
        if (n > first) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset + first, data, 0, n - first);
        }
        size += n;
    }

    /** Removes {@code n <= size()} bytes into {@code dst} at {@code dstOffset}. */
    void read(MemorySegment dst, long dstOffset, int n) {
        int first = Math.min(n, data.length - head);
        MemorySegment.copy(data, head, dst, ValueLayout.JAVA_BYTE, dstOffset, first);
        if (n > first) {
            MemorySegment.copy(data, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + first, n - first);
        }
        head = (head + n) % data.length;
        size -= n;
    }
}
