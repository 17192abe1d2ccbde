package io.zokio.loop.conformance;

import io.zokio.loop.BackendKind;
import io.zokio.loop.EventLoop;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ring-ops part of the conformance suite on io_uring with {@code -Dzokio.uring.sendfile=splice}, the SENDFILE
 * path that never blocks the loop (two SPLICEs through a pipe per chunk); the default, inline
 * {@code sendfile(2)}, runs in {@link IoUringConformanceTest}. The property is read when a backend opens, so it
 * is set for this class only (test classes run one after another).
 */
class IoUringSpliceSendfileConformanceTest extends BackendConformanceTest implements TransferConformance {
    private static String unavailable;
    private static String previous;

    @BeforeAll
    static void spliceMode() {
        previous = System.setProperty("zokio.uring.sendfile", "splice");
        try {
            EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(8).build().close();
        } catch (UncheckedIOException | UnsupportedOperationException | LinkageError e) {
            unavailable = e.toString();
        }
    }

    @AfterAll
    static void restore() {
        if (previous == null) {
            System.clearProperty("zokio.uring.sendfile");
        } else {
            System.setProperty("zokio.uring.sendfile", previous);
        }
    }

    @Override
    public BackendKind kind() {
        return BackendKind.IO_URING;
    }

    @Override
    protected void assumeAvailable() {
        Assumptions.assumeTrue(unavailable == null, () -> "io_uring backend cannot be opened here: " + unavailable);
    }
}
