package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.loop.RunMode;
import io.zokio.sys.SockOpt;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class NioSocketTest extends NioLoopFixture {
    @BeforeEach
    void setUp() {
        open(2);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    @Test
    void acceptConnectSendRecvThenEof() throws Exception {
        int[] p = connectedPair();
        int server = p[1];
        int client = p[2];
        assertEquals(loop.sockets().localAddress(client), loop.sockets().remoteAddress(server));

        assertEquals(5, await(new Completion().prepSend(client, bytes("hello"), 0)));
        MemorySegment in = arena.allocate(64);
        int n = await(new Completion().prepRecv(server, in, 0));
        assertEquals("hello", string(in, n));

        // READ/WRITE on a socket act as RECV/SEND
        assertEquals(3, await(new Completion().prepWrite(server, bytes("abc"), Completion.OFFSET_CURRENT)));
        n = await(new Completion().prepRead(client, in, Completion.OFFSET_CURRENT));
        assertEquals("abc", string(in, n));

        assertEquals(0, await(new Completion().prepShutdown(client, ShutdownHow.SHUT_WR)));
        assertEquals(0, await(new Completion().prepRecv(server, in, 0)), "end of stream is 0 bytes");
        assertEquals(0, await(new Completion().prepRecv(server, in, 0)), "and stays so");
        assertEquals(-Errno.EPIPE, await(new Completion().prepSend(client, bytes("late"), 0)), "after SHUT_WR");
        assertEquals(4, await(new Completion().prepSend(server, bytes("back"), 0)), "half close");
    }

    @Test
    void recvWaitsForDataThenCompletes() throws Exception {
        int[] p = connectedPair();
        MemorySegment in = arena.allocate(16);
        Recorder recv = submit(new Completion().prepRecv(p[1], in, 0));
        loop.run(RunMode.NO_WAIT);
        loop.run(RunMode.NO_WAIT);
        assertFalse(recv.done(), "nothing was sent");
        await(new Completion().prepSend(p[2], bytes("late"), 0));
        assertEquals(4, await(recv));
        assertEquals("late", string(in, 4));
    }

    @Test
    void vectoredSendAndRecv() throws Exception {
        int[] p = connectedPair();
        MemorySegment[] out = {bytes("ab"), bytes("cde")};
        assertEquals(5, await(new Completion().prepWritev(p[2], out, Completion.OFFSET_CURRENT)));
        MemorySegment[] in = {arena.allocate(1), arena.allocate(10)};
        int n = 0;
        while (n < 5) { // a stream may split the bytes
            n += await(new Completion().prepReadv(p[1], n == 0 ? in : new MemorySegment[] {in[1].asSlice(n - 1)},
                    Completion.OFFSET_CURRENT));
        }
        assertEquals("a", string(in[0], 1));
        assertEquals("bcde", string(in[1], 4));
    }

    @Test
    void connectToClosedPortIsRefused() throws Exception {
        try (SocketChannel bound = SocketChannel.open()) {
            bound.bind(LOOPBACK_ANY); // bound, never listening: a SYN to it gets a reset
            int client = loop.sockets().openTcpSocket(false);
            int r = await(new Completion().prepConnect(client, (InetSocketAddress) bound.getLocalAddress()));
            assertEquals(-Errno.ECONNREFUSED, r);
        }
    }

    @Test
    void peerResetIsEconnreset() throws Exception {
        int[] p = connectedPair();
        loop.sockets().setSocketOption(p[2], SockOpt.SO_LINGER, 0);
        assertEquals(0, loop.sockets().getSocketOption(p[2], SockOpt.SO_LINGER));
        loop.sockets().closeNow(p[2]); // linger 0: close sends RST
        int r = await(new Completion().prepRecv(p[1], arena.allocate(16), 0));
        assertEquals(-Errno.ECONNRESET, r);
    }

    @Test
    void cancelPendingRecvCompletesExactlyOnce() throws Exception {
        int[] p = connectedPair();
        Completion recv = new Completion().prepRecv(p[1], arena.allocate(16), 0);
        Recorder recvResult = submit(recv);
        loop.run(RunMode.NO_WAIT);
        assertTrue(recv.isActive());
        Recorder cancel = submit(new Completion().prepCancel(recv));
        runUntil(() -> recvResult.done() && cancel.done());
        assertEquals(-Errno.ECANCELED, recvResult.result);
        assertEquals(0, cancel.result);
        // data arriving afterwards must not complete it again
        await(new Completion().prepSend(p[2], bytes("x"), 0));
        loop.run(RunMode.NO_WAIT);
        assertEquals(1, recvResult.calls);
        assertEquals(0, loop.backend().inFlight());
        // and the bytes are still there for the next reader
        assertEquals(1, await(new Completion().prepRecv(p[1], arena.allocate(16), 0)));
    }

    @Test
    void cancelOfFinishedTargetIsEnoent() throws Exception {
        Completion nop = new Completion().prepNop();
        Recorder nopResult = submit(nop);
        Recorder cancel = submit(new Completion().prepCancel(nop));
        runUntil(() -> nopResult.done() && cancel.done());
        assertEquals(0, nopResult.result);
        assertEquals(-Errno.ENOENT, cancel.result);
    }

    @Test
    void opsOnClosedHandleAreEbadf() throws Exception {
        int[] p = connectedPair();
        assertEquals(0, await(new Completion().prepClose(p[2])));
        assertEquals(-Errno.EBADF, await(new Completion().prepRecv(p[2], arena.allocate(8), 0)));
        assertEquals(-Errno.EBADF, await(new Completion().prepClose(p[2])));
        assertEquals(-Errno.EBADF, await(new Completion().prepSend(999, bytes("x"), 0)));
        ErrnoException e = assertThrows(ErrnoException.class, () -> loop.sockets().closeNow(p[2]));
        assertEquals(Errno.EBADF, e.errno());
        // the peer sees the close
        assertEquals(0, await(new Completion().prepRecv(p[1], arena.allocate(8), 0)));
    }

    @Test
    void closeCancelsWaitersOnThatHandle() throws Exception {
        int[] p = connectedPair();
        Recorder recv = submit(new Completion().prepRecv(p[1], arena.allocate(8), 0));
        Recorder poll = submit(new Completion().prepPoll(p[1], PollEvents.POLLIN));
        loop.run(RunMode.NO_WAIT);
        assertEquals(0, await(new Completion().prepClose(p[1])));
        runUntil(() -> recv.done() && poll.done());
        assertEquals(-Errno.ECANCELED, recv.result);
        assertEquals(-Errno.ECANCELED, poll.result);
    }

    @Test
    void pollReportsReadiness() throws Exception {
        int[] p = connectedPair();
        assertEquals(PollEvents.POLLOUT, await(new Completion().prepPoll(p[2], PollEvents.POLLOUT)));
        Recorder in = submit(new Completion().prepPoll(p[1], PollEvents.POLLIN));
        loop.run(RunMode.NO_WAIT);
        assertFalse(in.done());
        await(new Completion().prepSend(p[2], bytes("x"), 0));
        assertEquals(PollEvents.POLLIN, await(in));
    }

    @Test
    void descriptorsReuseTheLowestFreeIndex() throws Exception {
        int a = loop.sockets().openTcpSocket(false);
        int b = loop.sockets().openTcpSocket(false);
        int c = loop.sockets().openTcpSocket(false);
        assertEquals(a + 1, b);
        loop.sockets().closeNow(a);
        loop.sockets().closeNow(b);
        assertEquals(a, loop.sockets().openTcpSocket(false));
        assertEquals(b, loop.sockets().openTcpSocket(false));
        assertEquals(c + 1, loop.sockets().openTcpSocket(false));
    }

    @Test
    void socketOptionsRoundTrip() throws Exception {
        int s = loop.sockets().openTcpSocket(false);
        loop.sockets().setSocketOption(s, SockOpt.TCP_NODELAY, 1);
        assertEquals(1, loop.sockets().getSocketOption(s, SockOpt.TCP_NODELAY));
        loop.sockets().setSocketOption(s, SockOpt.SO_KEEPALIVE, 1);
        assertEquals(1, loop.sockets().getSocketOption(s, SockOpt.SO_KEEPALIVE));
        loop.sockets().setSocketOption(s, SockOpt.SO_LINGER, -1);
        assertEquals(-1, loop.sockets().getSocketOption(s, SockOpt.SO_LINGER));
        loop.sockets().setSocketOption(s, SockOpt.SO_RCVBUF, 64 * 1024);
        assertTrue(loop.sockets().getSocketOption(s, SockOpt.SO_RCVBUF) > 0);
        int l = loop.sockets().openTcpListener(LOOPBACK_ANY, 4, true);
        assertEquals(1, loop.sockets().getSocketOption(l, SockOpt.SO_REUSEADDR));
        assertEquals(1, loop.sockets().getSocketOption(l, SockOpt.SO_REUSEPORT));
        ErrnoException e = assertThrows(ErrnoException.class, () -> loop.sockets().remoteAddress(s));
        assertEquals(Errno.ENOTCONN, e.errno());
        e = assertThrows(ErrnoException.class, () -> loop.sockets().setSocketOption(12345, SockOpt.TCP_NODELAY, 1));
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("setsockopt", e.syscall());
    }

    @Test
    void listenerOnBusyAddressIsEaddrinuse() throws Exception {
        int l = loop.sockets().openTcpListener(LOOPBACK_ANY, 4, false);
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> loop.sockets().openTcpListener(loop.sockets().localAddress(l), 4, false));
        assertEquals(Errno.EADDRINUSE, e.errno());
        assertEquals("bind", e.syscall());
    }

    @Test
    void manyAcceptsAreServedInOrder() throws Exception {
        int l = loop.sockets().openTcpListener(LOOPBACK_ANY, 16, false);
        InetSocketAddress at = loop.sockets().localAddress(l);
        Recorder a1 = submit(new Completion().prepAccept(l));
        Recorder a2 = submit(new Completion().prepAccept(l));
        loop.run(RunMode.NO_WAIT);
        assertFalse(a1.done());
        int c1 = loop.sockets().openTcpSocket(false);
        int c2 = loop.sockets().openTcpSocket(false);
        Recorder k1 = submit(new Completion().prepConnect(c1, at));
        Recorder k2 = submit(new Completion().prepConnect(c2, at));
        runUntil(() -> a1.done() && a2.done() && k1.done() && k2.done());
        assertEquals(0, k1.result);
        assertEquals(0, k2.result);
        assertTrue(a1.result >= 0 && a2.result >= 0 && a1.result != a2.result);
    }

    @Test
    void readInterestIsDroppedWhenDataFindsNoReader() throws Exception {
        int[] p = connectedPair();
        NioBackend backend = (NioBackend) loop.backend();
        MemorySegment in = arena.allocate(16);
        Recorder recv = submit(new Completion().prepRecv(p[1], in, 0));
        loop.run(RunMode.NO_WAIT);
        assertEquals(java.nio.channels.SelectionKey.OP_READ, backend.interestOps(p[1]), "waits: interest on");
        await(new Completion().prepSend(p[2], bytes("1"), 0));
        assertEquals(1, await(recv));
        // kept for a while: the next RECV usually comes before the next bytes
        assertEquals(java.nio.channels.SelectionKey.OP_READ, backend.interestOps(p[1]));
        await(new Completion().prepSend(p[2], bytes("2"), 0));
        runUntil(() -> backend.interestOps(p[1]) == 0); // bytes with nobody waiting: dropped
        assertEquals(1, await(new Completion().prepRecv(p[1], in, 0)), "the bytes are kept for the next reader");
    }
}
