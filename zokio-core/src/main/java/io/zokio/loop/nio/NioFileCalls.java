package io.zokio.loop.nio;

import io.zokio.loop.DirectFileCalls;
import io.zokio.loop.uring.ffi.FileCopies;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The NIO backend's {@link DirectFileCalls}: whole-file copies through {@code copy_file_range(2)} (the FFM
 * binding makes plain syscalls even where io_uring is refused). No inline reads: this backend's descriptors are
 * table indices, not kernel descriptors.
 *
 * <p><b>Threading:</b> any thread.
 */
final class NioFileCalls implements DirectFileCalls {
    static final NioFileCalls INSTANCE = new NioFileCalls();

    private NioFileCalls() {
    }

    @Override
    public boolean inlineReadsAvailable() {
        return false;
    }

    @Override
    public InlineReader newInlineReader() {
        throw new UnsupportedOperationException("the NIO backend's descriptors are not kernel descriptors");
    }

    @Override
    public long copyFile(Path source, Path target, boolean replace, int mode) throws IOException {
        return FileCopies.copy(source, target, replace, mode);
    }
}
