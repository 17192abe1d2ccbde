package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.loop.RunMode;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Operations waiting on a NIO socket: a POLL for POLLRDHUP alone or POLLOUT alone gets what it asked for, and a
 * send waiting for room in a full socket ends once with -ECANCELED when the socket is closed under it.
 */
@Timeout(20)
class NioSocketWaitersTest extends NioLoopFixture {

    @BeforeEach
    void setUp() {
        open(1);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    @Test
    void aPollForRdhupAloneReportsRdhupWhenThePeerShutsDown() throws Exception {
        int[] p = connectedPair();
        Recorder poll = submit(new Completion().prepPoll(p[1], PollEvents.POLLRDHUP));
        loop.run(RunMode.NO_WAIT);
        assertFalse(poll.done(), "nothing to read yet");
        assertEquals(0, await(new Completion().prepShutdown(p[2], ShutdownHow.SHUT_WR)));
        runUntil(poll::done);
        assertEquals(PollEvents.POLLRDHUP, poll.result);
        assertEquals(1, poll.calls);
    }

    @Test
    void aPollForPolloutAloneReportsPollout() throws Exception {
        int[] p = connectedPair();
        assertEquals(PollEvents.POLLOUT, await(new Completion().prepPoll(p[2], PollEvents.POLLOUT)));
    }

    @Test
    void aSendWaitingForRoomIsCancelledWhenTheSocketIsClosed() throws Exception {
        int[] p = connectedPair();
        MemorySegment big = arena.allocate(1 << 20);
        Recorder waiting = null;
        // the peer never reads: sends fill both socket buffers, then one has to wait for room
        for (int i = 0; i < 256 && waiting == null; i++) {
            Recorder r = submit(new Completion().prepSend(p[2], big, 0));
            loop.run(RunMode.NO_WAIT);
            if (!r.done()) {
                waiting = r;
            } else {
                assertTrue(r.result > 0, "send: " + r.result);
            }
        }
        assertTrue(waiting != null, "a send waits once the buffers are full");
        loop.sockets().closeNow(p[2]);
        Recorder w = waiting;
        runUntil(w::done);
        assertEquals(-Errno.ECANCELED, w.result);
        assertEquals(1, w.calls);
        assertEquals(0, loop.backend().inFlight());
    }
}
