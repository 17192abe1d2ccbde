package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of submissions larger than the completion queue of an 8-entry ring, made in one turn, overflows the
 * CQ: every operation still completes exactly once, and the loop records a JFR
 * {@code io.zokio.CompletionQueueOverflow} event when it drains the kernel's overflow list.
 */
class CompletionQueueOverflowEventTest {

    @Test
    @Timeout(30)
    void anOverflowedCompletionQueueIsDrainedAndRecorded(@TempDir Path dir) throws Exception {
        EventLoop loop;
        try {
            loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(8).build();
        } catch (UncheckedIOException | UnsupportedOperationException | LinkageError e) {
            Assumptions.abort("io_uring cannot be opened here: " + e);
            return;
        }
        int n = 2_000;
        int[] done = new int[n];
        try (Recording rec = new Recording(); loop) {
            rec.enable("io.zokio.CompletionQueueOverflow");
            rec.start();
            loop.submit(new Completion().prepNop().callback((l, c, r) -> {
                for (int i = 0; i < n; i++) { // one turn: the SQ is flushed many times, nothing is reaped
                    int k = i;
                    l.submit(new Completion().prepNop().callback((l2, c2, r2) -> {
                        done[k]++;
                        return Action.DISARM;
                    }));
                }
                return Action.DISARM;
            }));
            loop.run(RunMode.UNTIL_DONE);
            rec.stop();
            for (int i = 0; i < n; i++) {
                assertEquals(1, done[i], "operation " + i + " completed exactly once");
            }
            Path f = dir.resolve("cq.jfr");
            rec.dump(f);
            long events = RecordingFile.readAllEvents(f).stream()
                    .filter(e -> e.getEventType().getName().equals("io.zokio.CompletionQueueOverflow")).count();
            assertTrue(events > 0, "the overflow was recorded");
            assertTrue(Files.size(f) > 0);
        }
    }
}
