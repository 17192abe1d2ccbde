package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Multishot receives parked on a group whose every buffer is held (more of them than the park list starts
 * with) end exactly once with ECANCELED when the loop closes, as does the receive holding the buffer.
 */
@Timeout(30)
class ParkedReceivesAtCloseTest {
    private static final int RECEIVERS = 7;

    @BeforeAll
    static void requireUring() {
        var f = IoUringBackend.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @Test
    void parkedReceivesEndOnceWithEcanceledAtClose() throws Exception {
        EventLoop loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(32).build();
        assumeTrue(((IoUringBackend) loop.backend()).supports(Op.RECV_MULTISHOT), "no multishot receive");
        List<List<Integer>> perReceiver = new ArrayList<>();
        List<Integer> fds = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            BufferGroup group = BufferGroup.open(loop, 1, 256);
            int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    16, false);
            fds.add(lfd);
            int[] clients = new int[RECEIVERS];
            var data = arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {42});
            for (int i = 0; i < RECEIVERS; i++) {
                clients[i] = loop.sockets().openTcpSocket(false);
                fds.add(clients[i]);
                int[] server = {-1};
                int[] connected = {1};
                loop.submit(new Completion().prepAccept(lfd).callback((l, c, r) -> {
                    server[0] = r;
                    return Action.DISARM;
                }));
                loop.submit(new Completion().prepConnect(clients[i], loop.sockets().localAddress(lfd))
                        .callback((l, c, r) -> {
                            connected[0] = r;
                            return Action.DISARM;
                        }));
                loop.run(RunMode.UNTIL_DONE);
                assertEquals(0, connected[0]);
                assertTrue(server[0] >= 0, () -> "accept: " + Errno.name(server[0]));
                fds.add(server[0]);
                int[] sent = {0};
                loop.submit(new Completion().prepSend(server[0], data, 0).callback((l, c, r) -> {
                    sent[0] = r;
                    return Action.DISARM;
                }));
                loop.run(RunMode.UNTIL_DONE);
                assertEquals(1, sent[0]);
            }
            // every receive finds a byte waiting; the first takes the only buffer and keeps it, the rest park
            int[] holding = {0};
            for (int i = 0; i < RECEIVERS; i++) {
                List<Integer> results = new ArrayList<>();
                perReceiver.add(results);
                loop.submit(new Completion().prepRecvMultishot(clients[i], group, 0).callback((l, c, r) -> {
                    results.add(r);
                    if (r > 0) {
                        holding[0]++;
                        assertEquals(42, group.buffer(c.bufferId(), r).get(ValueLayout.JAVA_BYTE, 0));
                    }
                    return Action.REARM; // the buffer stays held
                }));
            }
            while (holding[0] == 0) {
                loop.run(RunMode.ONCE);
            }
            for (int i = 0; i < 5; i++) {
                loop.run(RunMode.NO_WAIT);
            }
            assertEquals(1, holding[0], "one buffer: one receive got data");
            assertEquals(0, group.available());
            assertEquals(RECEIVERS, loop.backend().inFlight(), "parked receives keep their slots");
            loop.close();
        } finally {
            loop.close();
            for (int fd : fds) {
                try {
                    loop.sockets().closeNow(fd);
                } catch (Exception ignored) {
                    // closed with the loop
                }
            }
        }
        int withData = 0;
        for (List<Integer> results : perReceiver) {
            assertEquals(-Errno.ECANCELED, results.getLast(), results::toString);
            assertEquals(1, results.stream().filter(r -> r <= 0).count(), () -> "one final: " + results);
            withData += results.size() - 1;
        }
        assertEquals(1, withData, "only the holder saw data");
    }
}
