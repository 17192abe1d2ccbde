package io.zokio.loop;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * File calls made on the caller's thread, beside the loop: reads served from the page cache without waiting for a
 * disk (where the backend's descriptors are kernel descriptors), and whole-file copies inside the kernel.
 * Offered by the backends that can make them ({@link BackendFeatures#fileCalls()}).
 *
 * <p><b>Threading:</b> any thread. {@link #copyFile} blocks (run it where blocking is allowed); an
 * {@link InlineReader} belongs to the thread that made it.
 */
public interface DirectFileCalls {

    /** A page-cache reader for one thread. */
    interface InlineReader {
        /**
         * Reads into {@code dst} at {@code position} of {@code fd} only if the data is in the page cache
         * ({@code preadv2(RWF_NOWAIT)}).
         *
         * @return bytes read (0 at end of file), or a negated errno: {@code -EAGAIN} when the data is not cached
         */
        int read(int fd, MemorySegment dst, long position);
    }

    /** Whether {@link #newInlineReader()} works on this kernel. */
    boolean inlineReadsAvailable();

    /** A reader for the calling thread; it holds a little native memory for as long as it is reachable. */
    InlineReader newInlineReader();

    /**
     * Copies {@code source} to {@code target} inside the kernel ({@code copy_file_range(2)}), creating the target
     * with {@code mode} (failing if it exists unless {@code replace}).
     *
     * @return bytes copied, or -1 when the kernel cannot copy between these files (the caller copies another way;
     *         the target may then exist and be empty)
     */
    long copyFile(Path source, Path target, boolean replace, int mode) throws IOException;
}
