package io.zokio.loop;

import java.io.IOException;

/**
 * Opens backends of one {@link BackendKind}. The loop finds providers with {@link java.util.ServiceLoader}, so it
 * names no backend class: the backends depend on the loop's contract, never the other way round.
 *
 * <p><b>Threading:</b> any thread; {@link #open} builds an unattached backend.
 */
public interface BackendProvider {
    /** The kind this provider opens: {@link BackendKind#IO_URING} or {@link BackendKind#NIO}. */
    BackendKind kind();

    /**
     * Opens a backend.
     *
     * @throws IOException                   when the kernel refuses (the message says why)
     * @throws UnsupportedOperationException when the kernel lacks something the backend needs
     */
    Backend open(EventLoopBuilder.Settings settings) throws IOException;

    /**
     * Does the once-per-process work that opening the first backend needs (binding native calls, probing the
     * kernel), so that a runtime can run it on another thread while it sets up the rest. Idempotent and
     * thread-safe; never throws: a failure shows again, with its cause, when {@link #open} is called.
     */
    default void prepare() {
    }
}
