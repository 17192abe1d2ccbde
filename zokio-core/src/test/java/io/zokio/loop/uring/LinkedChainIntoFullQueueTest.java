package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A linked chain submitted when the submission queue has less room than the chain needs: the queued SQEs are
 * flushed first, and every operation, queued or linked, completes exactly once.
 */
@Timeout(30)
class LinkedChainIntoFullQueueTest {
    @BeforeAll
    static void requireUring() {
        var f = IoUringBackend.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @Test
    void aChainThatDoesNotFitIsSubmittedAfterAFlush() {
        try (EventLoop loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(8).build()) {
            int entries = 8;
            List<String> done = new ArrayList<>();
            // the wakeup READ holds one SQE until the first enter: leave room for fewer than the chain's 4
            for (int i = 0; i < entries - 3; i++) {
                String name = "queued" + i;
                loop.submit(new Completion().prepNop().callback((l, c, r) -> {
                    done.add(name + "=" + r);
                    return Action.DISARM;
                }));
            }
            Completion[] chain = new Completion[4];
            for (int i = 0; i < chain.length; i++) {
                String name = "linked" + i;
                chain[i] = new Completion().prepNop().callback((l, c, r) -> {
                    done.add(name + "=" + r);
                    return Action.DISARM;
                });
            }
            loop.submitLinked(chain);
            loop.run(RunMode.UNTIL_DONE);
            List<String> want = new ArrayList<>();
            for (int i = 0; i < entries - 3; i++) {
                want.add("queued" + i + "=0");
            }
            for (int i = 0; i < chain.length; i++) {
                want.add("linked" + i + "=0");
            }
            assertEquals(want.size(), done.size(), done::toString);
            assertEquals(new java.util.HashSet<>(want), new java.util.HashSet<>(done));
            assertEquals(List.of("linked0=0", "linked1=0", "linked2=0", "linked3=0"),
                    done.stream().filter(s -> s.startsWith("linked")).toList(), "a chain completes in order");
            assertEquals(0, loop.backend().inFlight());
        }
    }
}
