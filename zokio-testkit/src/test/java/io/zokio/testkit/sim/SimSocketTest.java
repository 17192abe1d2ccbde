package io.zokio.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.SockOpt;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-memory TCP network of {@link SimBackend}, driven through an {@link io.zokio.loop.EventLoop}. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SimSocketTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static byte[] payload(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(7).nextBytes(b);
        return b;
    }

    @Test
    void echoWithHalfCloseAndEndOfStream() {
        byte[] data = payload(300_000); // larger than both 64 KiB rings: back-pressure on both sides
        try (SimHarness h = new SimHarness(SimConfig.seeded(1))) {
            Echo echo = new Echo(h, data);
            echo.start();
            h.loop.run(RunMode.UNTIL_DONE);
            assertArrayEquals(data, echo.received.toByteArray());
            assertEquals(0, h.backend.inFlight());
            assertTrue(h.exactlyOnce());
            assertTrue(h.clock.nanoTime() > 0, "virtual time moved");
            assertEquals(2, h.trace.stream().filter(s -> s.startsWith("SHUTDOWN 0 ")).count(), "both half-closes");
            assertEquals(2, h.trace.stream().filter(s -> s.startsWith("RECV 0 ")).count(), "both ends saw EOF");
        }
    }

    @Test
    void echoSurvivesShortTransfers() {
        byte[] data = payload(100_000);
        try (SimHarness h = new SimHarness(SimConfig.seeded(3).withShortRate(0.5))) {
            Echo echo = new Echo(h, data);
            echo.start();
            h.loop.run(RunMode.UNTIL_DONE);
            assertArrayEquals(data, echo.received.toByteArray());
            assertTrue(h.backend.faultsInjected() > 0);
        }
    }

    @Test
    void listenerPortsAndAddressesAreDeterministic() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.defaults())) {
            int l1 = h.loop.sockets().openTcpListener(ANY_PORT, 8, false);
            int l2 = h.loop.sockets().openTcpListener(ANY_PORT, 8, false);
            assertEquals(SimNet.FIRST_PORT, h.loop.sockets().localAddress(l1).getPort());
            assertEquals(SimNet.FIRST_PORT + 1, h.loop.sockets().localAddress(l2).getPort());
            ErrnoException inUse = assertThrows(ErrnoException.class,
                    () -> h.loop.sockets().openTcpListener(h.loop.sockets().localAddress(l1), 8, false));
            assertEquals(Errno.EADDRINUSE, inUse.errno());
            int s = h.loop.sockets().openTcpSocket(false);
            assertEquals(Errno.ENOTCONN, assertThrows(ErrnoException.class, () -> h.loop.sockets().remoteAddress(s)).errno());
            h.loop.sockets().setSocketOption(s, SockOpt.TCP_NODELAY, 1);
            assertEquals(1, h.loop.sockets().getSocketOption(s, SockOpt.TCP_NODELAY));
            assertEquals(SimConfig.DEFAULT_SOCKET_BUFFER_BYTES, h.loop.sockets().getSocketOption(s, SockOpt.SO_RCVBUF));
            assertEquals(1, h.loop.sockets().getSocketOption(l1, SockOpt.SO_REUSEADDR));
            Completion connect = h.submit(new Completion().prepConnect(s, h.loop.sockets().localAddress(l2)));
            Completion accept = h.submit(new Completion().prepAccept(l2));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(0, connect.result());
            int server = accept.result();
            assertTrue(server > 0);
            assertEquals(h.loop.sockets().localAddress(s), h.loop.sockets().remoteAddress(server));
            assertEquals(h.loop.sockets().localAddress(server), h.loop.sockets().remoteAddress(s));
            assertEquals(SimNet.FIRST_PORT + 2, h.loop.sockets().localAddress(s).getPort());
            assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> h.loop.sockets().closeNow(9999)).errno());
        }
    }

    @Test
    void aFullBacklogHoldsConnectsUntilAnAccept() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(12))) {
            int l = h.loop.sockets().openTcpListener(ANY_PORT, 1, false);
            Completion a = h.submit(new Completion().prepConnect(h.loop.sockets().openTcpSocket(false), h.loop.sockets().localAddress(l)));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(0, a.result());
            Completion b = h.submit(new Completion().prepConnect(h.loop.sockets().openTcpSocket(false), h.loop.sockets().localAddress(l)));
            h.clock.advance(1_000_000_000);
            h.loop.run(RunMode.NO_WAIT);
            assertTrue(b.isActive(), "backlog of 1 is full");
            Completion accept = h.submit(new Completion().prepAccept(l));
            h.loop.run(RunMode.UNTIL_DONE);
            assertTrue(accept.result() > 0);
            assertEquals(0, b.result());
        }
    }

    @Test
    void connectWithoutListenerIsRefused() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.defaults())) {
            int s = h.loop.sockets().openTcpSocket(false);
            Completion c = h.submit(new Completion().prepConnect(s, new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), 12345)));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.ECONNREFUSED, c.result());
        }
    }

    /** Opens a connected pair: {client, server}. */
    private static int[] pair(SimHarness h) throws Exception {
        int l = h.loop.sockets().openTcpListener(ANY_PORT, 8, false);
        int s = h.loop.sockets().openTcpSocket(false);
        Completion connect = h.submit(new Completion().prepConnect(s, h.loop.sockets().localAddress(l)));
        Completion accept = h.submit(new Completion().prepAccept(l));
        h.loop.run(RunMode.UNTIL_DONE);
        assertEquals(0, connect.result());
        return new int[] {s, accept.result()};
    }

    @Test
    void fullBufferBlocksTheSenderUntilThePeerReads() throws Exception {
        int ring = 1000;
        try (SimHarness h = new SimHarness(SimConfig.seeded(5).withSocketBufferBytes(ring))) {
            int[] p = pair(h);
            MemorySegment big = h.arena.allocate(1500);
            Completion first = h.submit(new Completion().prepSend(p[0], big, 0));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(ring, first.result(), "fills the peer's ring and stops");
            Completion second = h.submit(new Completion().prepSend(p[0], big.asSlice(0, 500), 0));
            h.clock.advance(1_000_000_000); // far past any latency: the send ran and found the ring full
            h.loop.run(RunMode.NO_WAIT);
            assertTrue(second.isActive(), "a send to a full buffer waits");
            assertEquals(1, h.backend.inFlight());
            MemorySegment in = h.arena.allocate(300);
            Completion recv = h.submit(new Completion().prepRecv(p[1], in, 0));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(300, recv.result());
            assertEquals(300, second.result(), "the reader made room for 300 bytes");
            // POLL: readable on the server, writable on the client only once room is made
            Completion readable = h.submit(new Completion().prepPoll(p[1], PollEvents.POLLIN));
            Completion writable = h.submit(new Completion().prepPoll(p[0], PollEvents.POLLOUT));
            h.loop.run(RunMode.ONCE);
            while (readable.isActive()) {
                h.loop.run(RunMode.ONCE);
            }
            assertEquals(PollEvents.POLLIN, readable.result());
            assertTrue(writable.isActive(), "ring full again: not writable");
            h.submit(new Completion().prepRecv(p[1], h.arena.allocate(ring), 0));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(PollEvents.POLLOUT, writable.result());
            assertTrue(h.exactlyOnce());
        }
    }

    @Test
    void closeGivesThePeerEndOfStreamAndResetsItsWaitingSends() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(9).withSocketBufferBytes(100))) {
            int[] p = pair(h);
            Completion recv = h.submit(new Completion().prepRecv(p[0], h.arena.allocate(10), 0));
            MemorySegment out = h.arena.allocate(200);
            Completion fill = h.submit(new Completion().prepSend(p[0], out, 0));
            h.loop.run(RunMode.ONCE);
            while (fill.isActive()) {
                h.loop.run(RunMode.ONCE);
            }
            assertEquals(100, fill.result());
            Completion blocked = h.submit(new Completion().prepSend(p[0], out, 0));
            h.clock.advance(1_000_000_000);
            h.loop.run(RunMode.NO_WAIT);
            assertTrue(blocked.isActive(), "parked on the full ring");
            // the server closes without reading: unread bytes make it a reset (RST), as on Linux
            h.submit(new Completion().prepClose(p[1]));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.ECONNRESET, blocked.result());
            assertEquals(-Errno.ECONNRESET, recv.result());
            Completion after = h.submit(new Completion().prepSend(p[0], out, 0));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.ECONNRESET, after.result());
        }
        try (SimHarness h = new SimHarness(SimConfig.seeded(10))) {
            int[] p = pair(h);
            Completion recv = h.submit(new Completion().prepRecv(p[0], h.arena.allocate(10), 0));
            h.submit(new Completion().prepClose(p[1])); // nothing unread: a clean end of stream
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(0, recv.result());
            Completion send = h.submit(new Completion().prepSend(p[0], h.bytes("x"), 0));
            Completion poll = h.submit(new Completion().prepPoll(p[0], PollEvents.POLLIN | PollEvents.POLLRDHUP));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.EPIPE, send.result());
            assertEquals(PollEvents.POLLIN | PollEvents.POLLRDHUP, poll.result());
            Completion stale = h.submit(new Completion().prepRecv(p[1], h.arena.allocate(10), 0));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.EBADF, stale.result(), "descriptors are never reused");
        }
    }

    @Test
    void closeNowCancelsTheSocketsOwnWaiters() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(11))) {
            int l = h.loop.sockets().openTcpListener(ANY_PORT, 1, false);
            Completion accept = h.submit(new Completion().prepAccept(l));
            h.clock.advance(1_000_000_000);
            h.loop.run(RunMode.NO_WAIT);
            assertTrue(accept.isActive(), "parked: nothing to accept");
            InetSocketAddress where = h.loop.sockets().localAddress(l);
            h.loop.sockets().closeNow(l);
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.ECANCELED, accept.result());
            int s = h.loop.sockets().openTcpSocket(false);
            Completion c = h.submit(new Completion().prepConnect(s, where));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.ECONNREFUSED, c.result(), "the listener is gone");
            assertTrue(h.exactlyOnce());
        }
    }
}
