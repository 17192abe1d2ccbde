package io.zokio.loop;

import io.zokio.sys.ErrnoException;

/**
 * A backend's own registered-file table (io_uring's {@code IORING_REGISTER_FILES}): operations marked
 * {@link Completion#fixedFile()} then name an index the kernel resolves itself. A backend without it leaves
 * the table to the loop, which translates each index to its descriptor before {@link Backend#submit}.
 *
 * <p><b>Threading:</b> the owning loop's thread only. The loop validates arguments and keeps its own copy of the
 * table; these calls only mirror it into the backend.
 */
public interface FixedFiles {
    /** Registers {@code fds} as the table (-1 marks an empty entry). */
    void registerFiles(int[] fds) throws ErrnoException;

    /** Drops the table; operations in flight keep their files until they complete. */
    void unregisterFiles() throws ErrnoException;

    /** Sets entry {@code index} to {@code fd} (-1 empties it); operations in flight keep the file they named. */
    void updateFile(int index, int fd) throws ErrnoException;
}
