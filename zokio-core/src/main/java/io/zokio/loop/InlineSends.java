package io.zokio.loop;

import java.lang.foreign.MemorySegment;

/**
 * A capability of backends whose descriptors are kernel descriptors: a send on a stream socket made on the
 * caller's thread, without a completion, that never waits. A writer tries it first and submits the usual
 * operation only when the socket's send buffer is full, which saves the trip through a loop that a send into a
 * buffer with room does not need (the way a readiness-based runtime writes).
 *
 * <p><b>Threading:</b> the thread of the loop whose backend offered it, or a virtual thread that loop's thread
 * carries (the call uses that loop's scratch state). The caller guarantees that the descriptor stays open for
 * the duration of the call and that no other send on it is pending, so that bytes leave in order.
 */
public interface InlineSends {
    /**
     * Sends up to {@code length} bytes of {@code src} now.
     *
     * @return bytes sent (at least 1), or a negated errno: {@code -EAGAIN} when the send buffer is full; other
     *     errors are those of {@code send(2)}, for the caller to meet again through the usual operation
     */
    long sendNow(int fd, MemorySegment src, long length);
}
