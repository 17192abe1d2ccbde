package io.zokio.interop;

import io.zokio.bridge.DefaultRuntime;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Assumptions;

/** The runtime a test runs its client on: one per backend, installed as the bridges' default. */
final class Runtimes {
    private Runtimes() {
    }

    /**
     * A runtime on {@code kind}, installed with {@link DefaultRuntime#set} (so that a driver configured with the
     * factory's class name finds it from any thread); io_uring skips the test with the kernel's reason where
     * refused.
     */
    static Runtime open(BackendKind kind) {
        Runtime rt;
        try {
            rt = Runtime.builder().workers(2).backend(kind).build();
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
        DefaultRuntime.set(rt);
        return rt;
    }

    /** Runs {@code body} as a task of {@code rt} (a virtual thread) and returns its result or rethrows its error. */
    static <T> T inTask(Runtime rt, Callable<T> body) throws Exception {
        try {
            return rt.blockOn(body);
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw e;
        }
    }
}
