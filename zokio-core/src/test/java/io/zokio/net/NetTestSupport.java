package io.zokio.net;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.testing.TestRuntimes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Assumptions;

/**
 * Runtimes on each backend for the net tests (io_uring skips with the reason where it cannot open), on
 * fault-injecting backends when the test kit runs them ({@link TestRuntimes}).
 */
final class NetTestSupport {
    static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private NetTestSupport() {
    }

    static Runtime open(BackendKind kind, int workers) {
        return open(kind, workers, CarrierMode.SHARED);
    }

    static Runtime open(BackendKind kind, int workers, CarrierMode mode) {
        try {
            return TestRuntimes.customize(Runtime.builder().workers(workers).backend(kind).carrierMode(mode)).build();
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    /** Runs {@code body} on a virtual thread of {@code rt} and rethrows what it threw. */
    static <T> T on(Runtime rt, Callable<T> body) throws Exception {
        try {
            return rt.blockOn(body);
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
