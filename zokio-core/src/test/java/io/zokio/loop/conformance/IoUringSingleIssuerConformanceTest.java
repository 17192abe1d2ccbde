package io.zokio.loop.conformance;

import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.IoUringConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link BackendConformanceTest} on io_uring rings set up with {@code IORING_SETUP_SINGLE_ISSUER} and
 * {@code DEFER_TASKRUN} ({@code -Dzokio.uring.setup=single}), whose submission and completion paths differ
 * from the default ones (task work runs only when the issuer enters the kernel; a second thread cannot drive
 * the ring, as the teardown's close from another thread does). Skipped where the kernel lacks the flags.
 *
 * <p>The setting is a system property read when a ring is opened: it is set for each test and restored after,
 * so this class must not run concurrently with other io_uring tests (Surefire runs classes one at a time here).
 */
class IoUringSingleIssuerConformanceTest extends IoUringConformanceTest {
    private static final String PROPERTY = "zokio.uring.setup";
    private String previous;

    @Override
    protected void assumeAvailable() {
        super.assumeAvailable();
        previous = System.setProperty(PROPERTY, "single");
    }

    @Override
    protected void afterLoopOpened() {
        boolean enabled = ((IoUringBackend) loop().backend()).ringFeatures()
                .enabled(IoUringConstants.IORING_SETUP_SINGLE_ISSUER);
        Assumptions.assumeTrue(enabled, () -> "the kernel did not enable IORING_SETUP_SINGLE_ISSUER: "
                + ((IoUringBackend) loop().backend()).ringFeatures());
    }

    @AfterEach
    void restoreProperty() {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
    }
}
