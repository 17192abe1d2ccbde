package io.zokio.loop.uring;

import io.zokio.loop.Backend;
import io.zokio.loop.BackendKind;
import io.zokio.loop.BackendProvider;
import io.zokio.loop.EventLoopBuilder;
import io.zokio.loop.uring.ffi.IoUringProbe;
import java.io.IOException;

/** Opens {@link IoUringBackend}s for the loop's builder (found through {@link java.util.ServiceLoader}). */
public final class UringProvider implements BackendProvider {
    @Override
    public BackendKind kind() {
        return BackendKind.IO_URING;
    }

    @Override
    public Backend open(EventLoopBuilder.Settings settings) throws IOException {
        return IoUringBackend.open(settings.ringEntries());
    }

    /**
     * Binds the native calls and probes the kernel (both cached for the process), touching no more classes than
     * that needs: the backend's own classes load on the building thread meanwhile.
     */
    @Override
    public void prepare() {
        try {
            IoUringProbe.probe();
        } catch (LinkageError | RuntimeException e) {
            // open() meets the same failure and reports it
        }
    }
}
