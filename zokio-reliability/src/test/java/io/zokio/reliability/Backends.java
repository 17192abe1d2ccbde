package io.zokio.reliability;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.Native;
import io.zokio.loop.uring.ffi.UringFeatures;
import org.junit.jupiter.api.Assumptions;

/**
 * <b>Threading:</b> any thread.
 *
 * <p>Backend selection for the parameterised tests (io_uring skips with the kernel's reason where it is refused)
 * and the descriptor budget: how many connections a test may hold in this process given RLIMIT_NOFILE.
 */
final class Backends {
    /** Descriptors kept free for the JVM, the rings, files, pipes and listeners. */
    private static final int FD_HEADROOM = 2_000;

    private Backends() {
    }

    /** {@code "nio"} or {@code "uring"} as a backend; skips the calling test when io_uring is refused. */
    static BackendKind require(String name) {
        if (name.equals("nio")) {
            return BackendKind.NIO;
        }
        UringFeatures probe = IoUringBackend.probe();
        Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        return BackendKind.IO_URING;
    }

    /**
     * The number of connections (server ends in this process) a test can hold, at most {@code wanted}: the soft
     * fd limit is first raised to the hard one; if that is still too low the count is scaled down and the reason
     * printed (the caller puts it in its output and assertion messages too).
     */
    static int connectionBudget(int wanted, String test) {
        long[] lim = Native.raiseFdSoftLimit();
        long soft = lim[0];
        if (soft < 0 || soft - FD_HEADROOM >= wanted) { // negative: RLIM_INFINITY
            return wanted;
        }
        int scaled = (int) Math.max(100, soft - FD_HEADROOM);
        System.out.println("reliability: " + test + " scaled down to " + scaled + " connections (wanted " + wanted
                + "): RLIMIT_NOFILE soft=" + soft + " hard=" + lim[1] + " leaves too few descriptors");
        return scaled;
    }
}
