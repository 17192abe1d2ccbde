package io.zokio.loop;

import java.io.IOException;

/**
 * Provided-buffer groups for multishot receives ({@link BufferGroup}): io_uring registers a buffer ring the
 * kernel picks from; NIO emulates one. {@link BufferGroup} calls these; nothing else should.
 *
 * <p><b>Threading:</b> the owning loop's thread only.
 */
public interface BufferRings {
    /**
     * Makes {@code group}'s buffers available to the backend and returns its group id. Every buffer starts in
     * the ring. Called once per group, by {@link BufferGroup#open}.
     */
    int attachGroup(BufferGroup group) throws IOException;

    /** The user gave buffer {@code bufferId} of {@code group} back: put it in the ring again. */
    void releaseBuffer(BufferGroup group, int bufferId);

    /** {@code group} is closing and no operation uses it: unregister it. Its memory is freed after this. */
    void detachGroup(BufferGroup group);
}
