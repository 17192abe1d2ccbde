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
 * Multishot receives parked on a group whose every buffer is held: more of them than the park list starts with
 * end exactly once with ECANCELED when the loop closes, as does the receive holding the buffer; a CANCEL ends a
 * parked one at once, and a release arms a parked one again.
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

    @Test
    void aCancelledParkedReceiveEndsAtOnceAndAReleaseResumesTheOther() throws Exception {
        EventLoop loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(32).build();
        assumeTrue(((IoUringBackend) loop.backend()).supports(Op.RECV_MULTISHOT), "no multishot receive");
        try (Arena arena = Arena.ofConfined(); loop) {
            BufferGroup group = BufferGroup.open(loop, 1, 256);
            int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    4, false);
            var data = arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {42});
            int[] clients = new int[3];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = loop.sockets().openTcpSocket(false);
                int[] server = {-1};
                loop.submit(new Completion().prepAccept(lfd).callback((l, c, r) -> {
                    server[0] = r;
                    return Action.DISARM;
                }));
                loop.submit(new Completion().prepConnect(clients[i], loop.sockets().localAddress(lfd))
                        .callback((l, c, r) -> Action.DISARM));
                loop.run(RunMode.UNTIL_DONE);
                assertTrue(server[0] >= 0, () -> "accept: " + Errno.name(server[0]));
                loop.submit(new Completion().prepSend(server[0], data, 0).callback((l, c, r) -> Action.DISARM));
                loop.run(RunMode.UNTIL_DONE);
            }
            List<List<Integer>> results = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            Completion[] recvs = new Completion[clients.length];
            for (int i = 0; i < clients.length; i++) {
                List<Integer> mine = new ArrayList<>();
                results.add(mine);
                recvs[i] = new Completion().prepRecvMultishot(clients[i], group, 0).callback((l, c, r) -> {
                    mine.add(r);
                    if (r > 0) {
                        held.add(c.bufferId());
                        return Action.DISARM; // one byte each is all this test sends
                    }
                    return Action.DISARM;
                });
                loop.submit(recvs[i]);
            }
            while (held.isEmpty()) {
                loop.run(RunMode.ONCE);
            }
            for (int i = 0; i < 5; i++) {
                loop.run(RunMode.NO_WAIT);
            }
            assertEquals(1, held.size(), "one buffer: one receive got data");
            int holder = results.get(0).isEmpty() ? results.get(1).isEmpty() ? 2 : 1 : 0;
            int cancelled = (holder + 1) % clients.length;
            int resumed = (holder + 2) % clients.length;
            int[] cancel = {Integer.MIN_VALUE};
            loop.submit(new Completion().prepCancel(recvs[cancelled]).callback((l, c, r) -> {
                cancel[0] = r;
                return Action.DISARM;
            }));
            while (results.get(cancelled).isEmpty()) {
                loop.run(RunMode.ONCE);
            }
            assertEquals(0, cancel[0], "the parked receive was found");
            assertEquals(List.of(-Errno.ECANCELED), results.get(cancelled));
            // the holder gives its buffer back: the other parked receive is armed again and gets its byte
            group.release(held.removeFirst());
            while (held.isEmpty()) {
                loop.run(RunMode.ONCE);
            }
            assertEquals(1, results.get(resumed).getFirst(), results.get(resumed)::toString);
            assertEquals(42, group.buffer(held.getFirst(), 1).get(ValueLayout.JAVA_BYTE, 0));
            group.release(held.removeFirst());
            loop.run(RunMode.UNTIL_DONE);
            assertEquals(List.of(1, -Errno.ECANCELED), results.get(holder), "DISARM ends the holder");
            assertEquals(List.of(1, -Errno.ECANCELED), results.get(resumed));
            assertEquals(List.of(-Errno.ECANCELED), results.get(cancelled), "ended once");
            group.close();
        }
    }
}
