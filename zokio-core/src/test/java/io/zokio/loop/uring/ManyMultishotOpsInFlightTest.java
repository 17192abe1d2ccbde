package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.loop.PollEvents;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More operations in flight than the per-slot tables start with (64): multishot operations in slots past them
 * still end exactly once, cancelled by the close of the loop.
 */
@Timeout(30)
class ManyMultishotOpsInFlightTest {
    @BeforeAll
    static void requireUring() {
        var f = IoUringBackend.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @Test
    void multishotAcceptsInHighSlotsAreCancelledOnceAtClose() throws Exception {
        EventLoop loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(8).build();
        assumeTrue(((IoUringBackend) loop.backend()).supports(Op.ACCEPT_MULTISHOT), "no multishot accept");
        List<Integer> polls = new ArrayList<>();
        List<Integer> accepts = new ArrayList<>();
        int[] pipe = ((IoUringBackend) loop.backend()).openPipe();
        int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        try {
            for (int i = 0; i < 70; i++) { // nothing to read: each POLL stays in the kernel
                loop.submit(new Completion().prepPoll(pipe[0], PollEvents.POLLIN).callback((l, c, r) -> {
                    polls.add(r);
                    return Action.DISARM;
                }));
            }
            for (int i = 0; i < 3; i++) {
                loop.submit(new Completion().prepAcceptMultishot(lfd).callback((l, c, r) -> {
                    accepts.add(r);
                    return Action.DISARM;
                }));
            }
            loop.run(RunMode.NO_WAIT);
            assertEquals(73, loop.backend().inFlight());
        } finally {
            loop.close();
            loop.sockets().closeNow(pipe[0]);
            loop.sockets().closeNow(pipe[1]);
        }
        assertEquals(70, polls.size());
        polls.forEach(r -> assertEquals(-Errno.ECANCELED, r));
        assertEquals(List.of(-Errno.ECANCELED, -Errno.ECANCELED, -Errno.ECANCELED), accepts);
    }
}
