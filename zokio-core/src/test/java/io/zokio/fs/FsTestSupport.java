package io.zokio.fs;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.runtime.Runtime;
import io.zokio.testing.TestRuntimes;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Assumptions;

/**
 * Runtimes per backend for the fs tests; io_uring skips, with the kernel's reason, where it is refused. Under
 * the test kit's run the runtimes run on fault-injecting backends ({@link TestRuntimes}).
 */
final class FsTestSupport {
    private FsTestSupport() {
    }

    static Runtime runtime(BackendKind backend, int workers) {
        if (backend == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        }
        return TestRuntimes.customize(Runtime.builder().workers(workers).backend(backend)).build();
    }

    /** Runs {@code body} as a task of {@code rt} (a virtual thread) and returns its value, rethrowing its failure. */
    static <T> T inTask(Runtime rt, Callable<T> body) throws Exception {
        try {
            return rt.spawn(body).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }
}
