package io.zokio.loop;

import java.lang.foreign.MemorySegment;

/**
 * A capability of backends whose descriptors are kernel descriptors: a send or receive on a stream socket made
 * on the caller's thread, without a completion, that never waits. A writer tries a send first and submits the
 * usual operation only when the socket's send buffer is full; a reader tries a receive first when its last read
 * filled its buffer (more is likely waiting). Either saves the trip through a loop that a transfer the kernel
 * can do at once does not need (the way a readiness-based runtime transfers).
 *
 * <p><b>Threading:</b> the thread of the loop whose backend offered it, or a virtual thread that loop's thread
 * carries (the call uses that loop's scratch state). The caller guarantees that the descriptor stays open for
 * the duration of the call and that no other transfer in the same direction is pending, so that bytes keep
 * their order.
 */
public interface InlineSocketCalls {
    /**
     * Sends up to {@code length} bytes of {@code src} now.
     *
     * @return bytes sent (at least 1), or a negated errno: {@code -EAGAIN} when the send buffer is full; other
     *     errors are those of {@code send(2)}, for the caller to meet again through the usual operation
     */
    long sendNow(int fd, MemorySegment src, long length);

    /**
     * Receives up to {@code length} bytes into {@code dst} now.
     *
     * @return bytes received, 0 at end of stream, or a negated errno: {@code -EAGAIN} when nothing is waiting;
     *     other errors are those of {@code recv(2)}, for the caller to meet again through the usual operation
     */
    long recvNow(int fd, MemorySegment dst, long length);
}
