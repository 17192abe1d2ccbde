package io.zokio.fs;

import java.nio.file.OpenOption;

/** Open options beyond {@link java.nio.file.StandardOpenOption}. Immutable. */
public enum ZokioOpenOption implements OpenOption {
    /**
     * {@code O_DIRECT}: bypass the page cache. Buffers, offsets and lengths must then be aligned to the
     * device's logical block size (4096 is safe; pooled buffers of 4 KiB and more are page aligned). On the NIO
     * backend the flag is ignored (java.nio cannot pass it through a FileChannel): I/O goes through the cache.
     */
    DIRECT,
    /**
     * Registers the file in the runtime's registered-file tables once it is open ({@link AsyncFile#register()}):
     * for hot files, whose reads and writes then skip the kernel's per-operation file lookup. Soft: when the
     * tables are full, disabled or refused, the file opens all the same, unregistered ({@link
     * AsyncFile#isRegistered()}).
     */
    REGISTERED
}
