package io.zokio.loop.conformance;

import io.zokio.loop.RunMode;
import io.zokio.testing.ExpectIoUring;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link io.zokio.loop.Backend} must show, written once and run against each backend by a
 * small subclass ({@link IoUringConformanceTest}, {@link NioConformanceTest}). Expectations are identical for
 * all backends: the Linux result of the same system call, as a negated errno; a backend that differs fails.
 *
 * <p>The tests live in six interfaces by subject ({@link LoopConformance}, {@link CancelConformance},
 * {@link FileConformance}, {@link SocketConformance}, {@link SocketErrorConformance},
 * {@link RandomizedConformance}, and {@link FileOpsConformance} for the path and fixed-buffer file operations) so that no file grows
 * past reading; this class is the one suite that runs them all, on the harness of {@link LoopHarness}.
 *
 * <p>The loop runs on the test thread ({@link RunMode#ONCE}, {@link RunMode#UNTIL_DONE},
 * {@link RunMode#NO_WAIT}); sockets are real, on loopback with ephemeral ports; files live in a
 * {@code @TempDir}. Every submission goes through a {@link CallbackRecorder}, so each test also checks that
 * every callback ran exactly once per submission (after teardown, which closes the loop, too). No test sleeps
 * or asserts a duration; each is bounded by this {@code @Timeout}, on a separate thread so that a loop stuck in
 * the kernel still fails its test.
 */
@ExtendWith(ExpectIoUring.class)
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class BackendConformanceTest extends LoopHarness
        implements LoopConformance, CancelConformance, FileConformance, SocketConformance, SocketErrorConformance,
        RandomizedConformance,
        FileOpsConformance, FixedFilesConformance,
        FileSlotsConformance, LinkConformance {
}
