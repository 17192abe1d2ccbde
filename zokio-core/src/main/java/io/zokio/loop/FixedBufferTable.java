package io.zokio.loop;

import io.zokio.sys.ErrnoException;
import java.lang.foreign.MemorySegment;

/**
 * A backend's fixed-buffer table (io_uring's {@code IORING_REGISTER_BUFFERS}): READ_FIXED and WRITE_FIXED name
 * a buffer by index, and the kernel skips pinning its pages per operation.
 *
 * <p><b>Threading:</b> the owning loop's thread only (a single-issuer ring refuses other threads).
 */
public interface FixedBufferTable {
    /**
     * Registers {@code buffers} as buffers 0..n-1, replacing none: a second call fails {@code EBUSY} until
     * {@link #unregisterBuffers()}. The memory must stay allocated until unregistered or the backend is closed.
     *
     * @throws IllegalArgumentException for no buffers, too many, or a buffer that is not native memory
     */
    void registerBuffers(MemorySegment[] buffers) throws ErrnoException;

    /** Drops the table; operations still in flight keep their pages until they complete. */
    void unregisterBuffers() throws ErrnoException;

    /** The number of buffers registered now (0: none). */
    int fixedBuffers();
}
