package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.ascii;
import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
import static io.zokio.loop.conformance.ConformanceSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import io.zokio.sys.SockOpt;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link BackendConformanceTest}: TCP end of stream and failures. EOF, half-close in each direction,
 * {@code ECONNREFUSED}, {@code EISCONN}, {@code ECONNRESET}, {@code ENOTCONN}, {@code EBADF}.
 */
interface SocketErrorConformance extends ConformanceContext {

    @Test
    default void recvReturnsZeroAtEndOfStream() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(64), 0));
        spin(2);
        assertResult(0, await(new Completion().prepClose(c.client())), "close");
        untrack(c.client());
        runUntil(recv);
        rec().assertOnce(recv, 0);
        assertResult(0, await(new Completion().prepRecv(c.server(), buffer(64), 0)), "recv after EOF");
    }

    @Test
    default void shutdownWriteIsEndOfStreamForThePeerAndHalfClose() throws IOException {
        Conn c = connectPair();
        assertResult(0, await(new Completion().prepShutdown(c.client(), ShutdownHow.SHUT_WR)), "shutdown");
        assertResult(0, await(new Completion().prepRecv(c.server(), buffer(64), 0)), "peer reads EOF");
        // the other direction still works
        byte[] pong = ascii("pong");
        assertArrayEquals(pong, transfer(c.server(), c.client(), pong, 64));
        assertResult(-Errno.EPIPE, await(new Completion().prepSend(c.client(), segment(ascii("late")), 0)),
                "send after SHUT_WR");
    }

    @Test
    default void shutdownReadMakesRecvReturnZero() throws IOException {
        Conn c = connectPair();
        assertResult(0, await(new Completion().prepShutdown(c.server(), ShutdownHow.SHUT_RD)), "shutdown(SHUT_RD)");
        assertResult(0, await(new Completion().prepRecv(c.server(), buffer(16), 0)), "recv after SHUT_RD");
        // writing still works in that direction
        byte[] msg = ascii("still writable");
        assertArrayEquals(msg, transfer(c.server(), c.client(), msg, 64));
    }

    @Test
    default void connectToAClosedPortIsECONNREFUSED() throws IOException {
        int listener = loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 1, false);
        InetSocketAddress address = loop().sockets().localAddress(listener);
        loop().sockets().closeNow(listener);
        int client = track(loop().sockets().openTcpSocket(false));
        assertResult(-Errno.ECONNREFUSED, await(new Completion().prepConnect(client, address)),
                "connect to " + address);
    }

    @Test
    default void aListenerClosedAfterAcceptingRefusesAtOnce() throws IOException {
        Conn c = connectPair(); // the listener has accepted (and waited for) a connection
        InetSocketAddress address = loop().sockets().localAddress(c.listener());
        loop().sockets().closeNow(c.listener()); // "at once": the port must stop listening now, not at some later turn
        untrack(c.listener());
        int client = track(loop().sockets().openTcpSocket(false));
        assertResult(-Errno.ECONNREFUSED, await(new Completion().prepConnect(client, address)),
                "connect to the port of a listener closed with closeNow");
        byte[] msg = ascii("existing connections live on");
        assertArrayEquals(msg, transfer(c.client(), c.server(), msg, 64));
    }

    @Test
    default void aClosedListenersAddressCanBeListenedOnAgainAtOnce() throws IOException {
        Conn c = connectPair(); // the old listener accepted; its connection stays open
        InetSocketAddress address = loop().sockets().localAddress(c.listener());
        loop().sockets().closeNow(c.listener());
        untrack(c.listener());
        int again = track(loop().sockets().openTcpListener(address, 4, false)); // a server restarting on its port
        assertEquals(address, loop().sockets().localAddress(again));
        int client = track(loop().sockets().openTcpSocket(false));
        Completion accept = submit(new Completion().prepAccept(again));
        Completion connect = submit(new Completion().prepConnect(client, address));
        runUntil(accept, connect);
        rec().assertOnce(connect, 0);
        track(rec().result(accept));
    }

    @Test
    default void aListenerClosedWithTheCloseOpRefusesOnceTheCloseCompleted() throws IOException {
        Conn c = connectPair();
        InetSocketAddress address = loop().sockets().localAddress(c.listener());
        assertResult(0, await(new Completion().prepClose(c.listener())), "close");
        untrack(c.listener());
        int client = track(loop().sockets().openTcpSocket(false));
        assertResult(-Errno.ECONNREFUSED, await(new Completion().prepConnect(client, address)),
                "connect to the port of a listener whose CLOSE completed");
    }

    @Test
    default void connectTwiceIsEISCONN() throws IOException {
        Conn c = connectPair();
        InetSocketAddress address = loop().sockets().localAddress(c.listener());
        assertResult(-Errno.EISCONN, await(new Completion().prepConnect(c.client(), address)), "second connect");
    }

    @Test
    default void peerResetIsECONNRESET() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(64), 0));
        spin(2);
        loop().sockets().setSocketOption(c.client(), SockOpt.SO_LINGER, 0); // close sends RST
        loop().sockets().closeNow(c.client());
        untrack(c.client());
        runUntil(recv);
        rec().assertOnce(recv, -Errno.ECONNRESET);
        // the reset was reported once; the connection is gone for writing too
        assertResult(-Errno.EPIPE, await(new Completion().prepSend(c.server(), segment(ascii("late")), 0)),
                "send after the reset was reported");
    }

    @Test
    default void unconnectedSocketIsENOTCONN() throws IOException {
        int s = track(loop().sockets().openTcpSocket(false));
        assertResult(-Errno.ENOTCONN, await(new Completion().prepRecv(s, buffer(16), 0)), "recv");
        assertResult(-Errno.ENOTCONN, await(new Completion().prepShutdown(s, ShutdownHow.SHUT_WR)), "shutdown");
    }

    @Test
    default void closedSocketIsEBADF() throws IOException {
        Conn c = connectPair();
        int s = c.server();
        assertResult(0, await(new Completion().prepClose(s)), "close");
        untrack(s);
        assertResult(-Errno.EBADF, await(new Completion().prepRecv(s, buffer(16), 0)), "recv");
        assertResult(-Errno.EBADF, await(new Completion().prepSend(s, segment(ascii("x")), 0)), "send");
        assertResult(-Errno.EBADF, await(new Completion().prepShutdown(s, ShutdownHow.SHUT_RDWR)), "shutdown");
        assertResult(-Errno.EBADF, await(new Completion().prepPoll(s, PollEvents.POLLIN)), "poll");
        int l = c.listener();
        assertResult(0, await(new Completion().prepClose(l)), "close listener");
        untrack(l);
        assertResult(-Errno.EBADF, await(new Completion().prepAccept(l)), "accept");
    }

    @Test
    default void operationsOfTheWrongKindOfSocket() throws IOException {
        Conn c = connectPair();
        assertResult(-Errno.EINVAL, await(new Completion().prepAccept(c.server())),
                "accept on a connected (not listening) socket");
        assertResult(-Errno.ENOTCONN, await(new Completion().prepRecv(c.listener(), buffer(8), 0)),
                "recv on a listening socket");
        assertResult(-Errno.EPIPE, await(new Completion().prepSend(c.listener(), segment(ascii("x")), 0)),
                "send on a listening socket");
    }

    @Test
    default void sendThenCloseInOneTurnDeliversTheDataThenEndOfStream() throws IOException {
        Conn c = connectPair();
        byte[] msg = ascii("last words");
        Completion send = submit(new Completion().prepSend(c.client(), segment(msg), 0));
        Completion close = submit(new Completion().prepClose(c.client()));
        untrack(c.client());
        runUntil(send, close);
        rec().assertOnce(send, msg.length);
        rec().assertOnce(close, 0);
        MemorySegment b = buffer(64);
        int got = 0;
        while (true) {
            int n = await(new Completion().prepRecv(c.server(), b.asSlice(got), 0));
            assertTrue(n >= 0, CallbackRecorder.describe(n));
            if (n == 0) {
                break;
            }
            got += n;
        }
        assertArrayEquals(msg, bytes(b, got));
    }
}
