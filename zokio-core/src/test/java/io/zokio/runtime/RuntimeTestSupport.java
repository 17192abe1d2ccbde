package io.zokio.runtime;

import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import java.util.HashSet;
import java.util.Set;

/** Test helpers: runtimes on a chosen backend, and a check that a runtime leaves no thread behind. */
final class RuntimeTestSupport {
    private RuntimeTestSupport() {
    }

    /**
     * A runtime on the backend named by {@code -Dzokio.test.backend=nio|uring} (default NIO, which runs
     * everywhere; IoAwaitTest covers both backends explicitly).
     */
    static Runtime nio(int workers) {
        return Runtime.builder().workers(workers).backend(testBackend()).build();
    }

    /** The backend under test; skips the calling test, with the kernel's reason, when io_uring is refused. */
    static BackendKind testBackend() {
        String p = System.getProperty("zokio.test.backend", "nio");
        if (!(p.startsWith("uring") || p.equals("io_uring"))) {
            return BackendKind.NIO;
        }
        UringFeatures probe = IoUringBackend.probe();
        Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        return BackendKind.IO_URING;
    }

    /** Platform threads of Zokio (workers, blocking pool, NIO file pools) alive now. */
    static Set<Thread> zokioThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("zokio-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Joins every Zokio thread not in {@code before} (a thread that is exiting), then asserts none is left. */
    static void assertNoNewThreads(Set<Thread> before) throws InterruptedException {
        Set<Thread> now = zokioThreads();
        now.removeAll(before);
        for (Thread t : now) {
            t.join(5_000);
            assertTrue(!t.isAlive(), "thread still alive after shutdown: " + t.getName());
        }
    }
}
