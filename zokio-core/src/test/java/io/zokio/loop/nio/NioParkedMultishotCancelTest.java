package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.sys.Errno;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A RECV_MULTISHOT that waits for a free buffer, cancelled just before a released buffer would let it run
 * again: the cancel (queued first) still finds it and ends it once with -ECANCELED; closing the loop ends such a
 * receive the same way.
 */
@Timeout(20)
class NioParkedMultishotCancelTest extends NioLoopFixture {

    /** Keeps every buffer it is given; records results and the final one. */
    static final class Holder implements Callback {
        final List<Integer> results = new ArrayList<>();
        int finals;
        int finalResult;

        @Override
        public Action onComplete(EventLoop loop, Completion c, int r) {
            if (c.isActive()) { // an intermediate result: the receive goes on
                results.add(r);
                return Action.REARM;
            }
            finals++;
            finalResult = r;
            return Action.DISARM;
        }
    }

    @BeforeEach
    void setUp() {
        open(1);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    @Test
    void aCancelQueuedBeforeTheReleaseEndsTheResumedReceive() throws Exception {
        int[] p = connectedPair();
        BufferGroup group = BufferGroup.open(loop, 1, 16);
        Holder h = new Holder();
        Completion recv = new Completion().prepRecvMultishot(p[1], group, 0).callback(h);
        loop.submit(recv);
        assertEquals(4, await(new Completion().prepSend(p[2], bytes("ping"), 0)));
        runUntil(() -> h.results.size() == 1);
        assertEquals(List.of(4), h.results);
        assertEquals(0, group.available(), "the only buffer is held: the receive waits for one");

        Recorder cancel = submit(new Completion().prepCancel(recv));
        group.release(0); // the receive may run again, but the cancel was queued before it
        runUntil(() -> cancel.done() && h.finals > 0);
        assertEquals(0, cancel.result);
        assertEquals(1, h.finals);
        assertEquals(-Errno.ECANCELED, h.finalResult);
        assertEquals(List.of(4), h.results);
        assertEquals(1, group.available());
        group.close();
    }

    @Test
    void closingTheLoopEndsAReceiveWaitingForABuffer() throws Exception {
        int[] p = connectedPair();
        BufferGroup group = BufferGroup.open(loop, 1, 16);
        Holder h = new Holder();
        loop.submit(new Completion().prepRecvMultishot(p[1], group, 0).callback(h));
        assertEquals(4, await(new Completion().prepSend(p[2], bytes("ping"), 0)));
        runUntil(() -> h.results.size() == 1);
        assertEquals(0, h.finals);
        loop.close();
        loop = null;
        assertEquals(1, h.finals);
        assertEquals(-Errno.ECANCELED, h.finalResult);
        assertEquals(List.of(4), h.results);
        assertTrue(group.isClosed(), "the backend freed the group at its close");
    }
}
