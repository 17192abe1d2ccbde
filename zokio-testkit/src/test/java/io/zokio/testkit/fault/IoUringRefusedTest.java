package io.zokio.testkit.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.EventLoopBuilder;
import io.zokio.loop.RunMode;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The io_uring-refused path, as {@code ./zokio test-no-uring} produces it (a seccomp filter makes io_uring_setup
 * fail with EPERM or ENOSYS, as container runtimes do): loops built with the default backend select NIO, the
 * cause names the errno, and the loop works. Under
 * {@code -Dzokio.expect.no-uring=true} (set by that command) io_uring must be refused; elsewhere the test skips
 * where io_uring is available.
 */
@Timeout(30)
class IoUringRefusedTest {
    @Test
    void defaultLoopsFallBackToNioAndRecordTheCause() {
        UringFeatures probe = IoUringBackend.probe();
        if (Boolean.getBoolean("zokio.expect.no-uring")) {
            assertFalse(probe.available(), "io_uring must be refused under ./zokio test-no-uring");
        } else {
            Assumptions.assumeFalse(probe.available(),
                    "io_uring is available here; this test runs under ./zokio test-no-uring");
        }
        Assumptions.assumeTrue(System.getProperty("zokio.backend") == null,
                "-Dzokio.backend forces a backend; the fallback is not exercised");
        String cause = String.valueOf(probe.cause());
        assertTrue(cause.contains("EPERM") || cause.contains("ENOSYS") || cause.contains("not permitted")
                || cause.contains("not implemented"), "the probe names the errno: " + cause);

        // three loops: each falls back (EventLoopBuilder logs the cause once per process, guarded by a flag) and
        // records a JFR io.zokio.BackendFallback event
        jdk.jfr.Recording rec = new jdk.jfr.Recording();
        rec.enable("io.zokio.BackendFallback");
        rec.start();
        for (int i = 0; i < 3; i++) {
            try (EventLoop loop = EventLoop.open()) {
                assertEquals("nio", loop.backendName(), "AUTO selects NIO when io_uring is refused");
                int[] result = {-1};
                loop.submit(new Completion().prepNop().callback((l, c, r) -> {
                    result[0] = r;
                    return Action.DISARM;
                }));
                loop.run(RunMode.UNTIL_DONE);
                assertEquals(0, result[0], "the NIO loop works");
            }
        }
        rec.stop();
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("fallback", ".jfr");
            rec.dump(f);
            long events = jdk.jfr.consumer.RecordingFile.readAllEvents(f).stream()
                    .filter(e -> e.getEventType().getName().equals("io.zokio.BackendFallback")).count();
            java.nio.file.Files.delete(f);
            assertEquals(3, events, "one JFR BackendFallback event per loop that fell back");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            rec.close();
        }
        assertNotNull(EventLoopBuilder.fallbackCause(), "the fallback cause is recorded");
        String recorded = EventLoopBuilder.fallbackCause();
        assertTrue(recorded.contains("io_uring_setup"), "the recorded cause names the syscall: " + recorded);
    }
}
