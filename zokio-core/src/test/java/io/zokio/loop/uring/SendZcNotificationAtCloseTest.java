package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import io.zokio.sys.SockOpt;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A SEND_ZC whose result came but whose notification cannot (its bytes wait in the send queue of a peer that
 * never reads) is delivered exactly once, with the bytes it sent, when the loop closes.
 */
@Timeout(30)
class SendZcNotificationAtCloseTest {
    @BeforeAll
    static void requireUring() {
        var f = IoUringBackend.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @Test
    void aSendWaitingForItsNotificationIsDeliveredOnceByClose() throws Exception {
        EventLoop loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(16).build();
        assumeTrue(((IoUringBackend) loop.backend()).supports(Op.SEND_ZC), "no SEND_ZC");
        List<Integer> fds = new ArrayList<>();
        List<Integer> results = new ArrayList<>();
        Arena arena = Arena.ofShared();
        final int size = 512 * 1024;
        try {
            int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    4, false);
            fds.add(lfd);
            int client = loop.sockets().openTcpSocket(false);
            fds.add(client);
            loop.sockets().setSocketOption(client, SockOpt.SO_RCVBUF, 4096); // a small window, never read
            int[] server = {-1};
            int[] connected = {1};
            loop.submit(new Completion().prepAccept(lfd).callback((l, c, r) -> {
                server[0] = r;
                return Action.DISARM;
            }));
            loop.submit(new Completion().prepConnect(client, loop.sockets().localAddress(lfd)).callback((l, c, r) -> {
                connected[0] = r;
                return Action.DISARM;
            }));
            loop.run(RunMode.UNTIL_DONE);
            assertEquals(0, connected[0]);
            assertTrue(server[0] >= 0, () -> "accept: " + Errno.name(server[0]));
            fds.add(server[0]);
            MemorySegment data = arena.allocate(size);
            data.fill((byte) 7);
            loop.submit(new Completion().prepSendZc(server[0], data, 0).callback((l, c, r) -> {
                results.add(r);
                return Action.DISARM;
            }));
            for (int i = 0; i < 10; i++) {
                loop.run(RunMode.NO_WAIT);
            }
            assertEquals(List.of(), results, "the notification waits for the peer");
            assertEquals(1, loop.backend().inFlight());
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
            arena.close();
        }
        assertEquals(1, results.size(), results::toString);
        int r = results.getFirst();
        assertTrue(r > 0 && r <= size, () -> "the bytes the send queued: " + Errno.name(r));
    }
}
