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
}
