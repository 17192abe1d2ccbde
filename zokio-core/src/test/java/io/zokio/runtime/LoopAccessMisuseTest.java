package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.sys.Errno;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Misuse of the loop-level entry points: awaiting a completion that is already in flight is refused at once
 * and leaves it alone; a loop task that throws does not stop its worker.
 */
class LoopAccessMisuseTest {

    private static Runtime runtime(BackendKind kind) {
        if (kind == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        }
        return Runtime.builder().workers(1).backend(kind).jmx(false).build();
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    @Timeout(20)
    void awaitingACompletionInFlightIsRefused(BackendKind kind) throws Exception {
        try (Runtime rt = runtime(kind)) {
            CompletableFuture<Integer> outcome = new CompletableFuture<>();
            Completion op = new Completion().prepTimeout(Duration.ofHours(1).toNanos())
                    .callback((loop, c, result) -> {
                        outcome.complete(result);
                        return Action.DISARM;
                    });
            rt.onLoop(0, loop -> {
                loop.submit(op);
                return null;
            });
            assertTrue(op.isActive());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.submitAndAwait(0, op));
            assertTrue(e.getMessage().contains("in flight"), e.getMessage());
            assertFalse(outcome.isDone(), "the refusal did not touch the operation");
            rt.onLoop(0, loop -> {
                loop.submit(new Completion().prepCancel(op).callback((l, c, r) -> Action.DISARM));
                return null;
            });
            assertEquals(-Errno.ECANCELED, outcome.get(), "its own callback still reports its outcome");
        }
    }

    @Test
    @Timeout(20)
    void aThrowingLoopTaskLeavesTheWorkerRunning() throws Exception {
        try (Runtime rt = runtime(BackendKind.NIO)) {
            long before = rt.metrics().tasksRun();
            rt.executeOnLoop(() -> {
                throw new IllegalStateException("loop task failure");
            });
            CountDownLatch after = new CountDownLatch(1);
            rt.executeOnLoop(after::countDown);
            after.await();
            assertTrue(rt.metrics().tasksRun() - before >= 2, "both tasks ran on the one worker");
        }
    }
}
