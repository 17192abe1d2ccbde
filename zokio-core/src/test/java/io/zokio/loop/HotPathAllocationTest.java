package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.testing.AllocationMeter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The loop's hot path allocates nothing once warm, on each backend: submitting a reused completion, reaping and
 * delivering its result, and running a task handed over with {@code execute}. The loop is driven with
 * {@code NO_WAIT} turns, the path of a busy loop; an idle loop that blocks in the kernel is not the hot path (its
 * blocking call may allocate while the JIT still compiles it). Measured on the loop thread with the
 * JDK's per-thread allocation counter over many operations, the least of several runs; a per-operation allocation of
 * even one small object
 * (16 bytes) would cost {@code 16 * OPS} bytes, far beyond the slack allowed for the measurement itself.
 */
@Timeout(60)
class HotPathAllocationTest {
    private static final int OPS = 200_000;
    private static final int BATCH = 64;
    private static final long SLACK_BYTES = 16 << 10;
    /** Measured runs; the least allocation of them counts (see {@link AllocationMeter#leastAllocatedBy}). */
    private static final int RUNS = 5;

    private static EventLoop open(BackendKind kind) {
        try {
            return EventLoop.builder().backend(kind).build();
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void submitAndCompleteAllocateNothing(BackendKind kind) {
        try (EventLoop loop = open(kind)) {
            int[] done = {0};
            Completion[] batch = new Completion[BATCH];
            for (int i = 0; i < BATCH; i++) {
                batch[i] = new Completion().prepNop().callback((l, c, r) -> {
                    done[0]++;
                    return Action.DISARM;
                });
            }
            Runnable ops = () -> {
                for (int n = 0; n < OPS; n += BATCH) {
                    for (Completion c : batch) {
                        loop.submit(c);
                    }
                    while (loop.active() > 0) {
                        loop.run(RunMode.NO_WAIT); // the busy path: never blocks in the kernel
                    }
                }
            };
            long bytes = AllocationMeter.require().leastAllocatedBy(ops, RUNS);
            assertEquals((2 + RUNS) * (OPS / BATCH) * BATCH, done[0], "every submission completed once");
            assertTrue(bytes < SLACK_BYTES, kind + ": " + bytes + " bytes allocated for " + OPS + " NOPs");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void executeAllocatesNothing(BackendKind kind) {
        try (EventLoop loop = open(kind)) {
            int[] ran = {0};
            Runnable task = () -> ran[0]++;
            Runnable ops = () -> {
                for (int n = 0; n < OPS; n += BATCH) {
                    for (int i = 0; i < BATCH; i++) {
                        loop.execute(task);
                    }
                    loop.run(RunMode.NO_WAIT);
                }
            };
            long bytes = AllocationMeter.require().leastAllocatedBy(ops, RUNS);
            assertEquals((2 + RUNS) * (OPS / BATCH) * BATCH, ran[0], "every task ran once");
            assertTrue(bytes < SLACK_BYTES, kind + ": " + bytes + " bytes allocated for " + OPS + " executes");
        }
    }
}
