package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A multishot receive names a buffer group of its own ring: a group registered with another io_uring loop is
 * refused with EINVAL, and the receive never takes buffers of a group of the same id on its own ring.
 */
@Timeout(30)
class RecvMultishotGroupOwnershipTest {
    private final Arena arena = Arena.ofShared();
    private EventLoop loop;
    private EventLoop other;

    @BeforeAll
    static void requireUring() {
        var f = IoUringBackend.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @BeforeEach
    void setUp() {
        loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(16).build();
        other = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(16).build();
        assumeTrue(((IoUringBackend) loop.backend()).supports(Op.RECV_MULTISHOT), "no multishot receive");
    }

    @AfterEach
    void tearDown() {
        loop.close();
        other.close();
        arena.close();
    }

    private int await(Completion c) {
        int[] r = {Integer.MIN_VALUE};
        int[] calls = {0};
        loop.submit(c.callback((l, cc, res) -> {
            calls[0]++;
            r[0] = res;
            return Action.DISARM;
        }));
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(1, calls[0], "one callback");
        return r[0];
    }

    @Test
    void aGroupOfAnotherRingIsRefusedWithEinval() throws Exception {
        BufferGroup own = BufferGroup.open(loop, 2, 64); // same group id as the foreign one: the first of each ring
        BufferGroup foreign = BufferGroup.open(other, 2, 64);
        assertEquals(own.id(), foreign.id());
        int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        int cfd = loop.sockets().openTcpSocket(false);
        Completion accept = new Completion().prepAccept(lfd);
        int[] sfd = {-1};
        loop.submit(accept.callback((l, c, r) -> {
            sfd[0] = r;
            return Action.DISARM;
        }));
        assertEquals(0, await(new Completion().prepConnect(cfd, loop.sockets().localAddress(lfd))));
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(true, sfd[0] >= 0, () -> "accept: " + Errno.name(sfd[0]));
        var data = arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {1, 2, 3});
        assertEquals(3, await(new Completion().prepSend(sfd[0], data, 0)));

        List<Integer> results = new ArrayList<>();
        loop.submit(new Completion().prepRecvMultishot(cfd, foreign, 0).callback((l, c, r) -> {
            results.add(r);
            return Action.DISARM;
        }));
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(List.of(-Errno.EINVAL), results, "one final EINVAL, no data");
        assertEquals(2, own.available(), "no buffer of this ring's own group was taken");
        assertEquals(2, foreign.available());

        // the bytes are still there for a receive on this ring's group
        results.clear();
        byte[][] got = new byte[1][];
        loop.submit(new Completion().prepRecvMultishot(cfd, own, 0).callback((l, c, r) -> {
            results.add(r);
            if (r > 0) {
                got[0] = own.buffer(c.bufferId(), r).toArray(ValueLayout.JAVA_BYTE);
                own.release(c.bufferId());
            }
            return Action.DISARM;
        }));
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(3, results.getFirst());
        assertArrayEquals(new byte[] {1, 2, 3}, got[0]);
        assertEquals(-Errno.ECANCELED, results.getLast(), "DISARM ends the receive");
        own.close();
        foreign.close();
        loop.sockets().closeNow(cfd);
        loop.sockets().closeNow(sfd[0]);
        loop.sockets().closeNow(lfd);
    }
}
