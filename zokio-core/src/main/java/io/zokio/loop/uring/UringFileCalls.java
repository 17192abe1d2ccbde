package io.zokio.loop.uring;

import io.zokio.loop.DirectFileCalls;
import io.zokio.loop.uring.ffi.FileCopies;
import io.zokio.loop.uring.ffi.NoWaitReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The io_uring backend's {@link DirectFileCalls}: {@code preadv2(RWF_NOWAIT)} page-cache reads and
 * {@code copy_file_range(2)} copies, plain syscalls on the caller's thread. One instance serves every loop (the
 * calls hold no state of a loop).
 *
 * <p><b>Threading:</b> any thread; a reader belongs to the thread that made it.
 */
final class UringFileCalls implements DirectFileCalls {
    static final UringFileCalls INSTANCE = new UringFileCalls();

    private UringFileCalls() {
    }

    @Override
    public boolean inlineReadsAvailable() {
        return NoWaitReader.available();
    }

    @Override
    public InlineReader newInlineReader() {
        NoWaitReader reader = new NoWaitReader();
        return reader::read;
    }

    @Override
    public long copyFile(Path source, Path target, boolean replace, int mode) throws IOException {
        return FileCopies.copy(source, target, replace, mode);
    }
}
