package io.zokio.loop.conformance;

import io.zokio.loop.BackendKind;
import io.zokio.loop.EventLoop;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link FaultyConformanceTest} over the io_uring backend. Skipped, with the reason, where the kernel refuses
 * io_uring (as {@link IoUringConformanceTest} is).
 */
class FaultyIoUringConformanceTest extends FaultyConformanceTest implements TransferConformance,
        MultishotConformance {
    /** Why io_uring cannot be used here, or null when it can. */
    private static String unavailable;

    @BeforeAll
    static void probe() {
        try {
            EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(8).build().close();
        } catch (UncheckedIOException | UnsupportedOperationException | LinkageError e) {
            unavailable = e.toString();
            System.err.println("FaultyIoUringConformanceTest skipped: io_uring cannot be opened: " + unavailable);
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
