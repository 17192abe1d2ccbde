package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.ascii;
import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
import static io.zokio.loop.conformance.ConformanceSupport.bytes;
import static io.zokio.loop.conformance.ConformanceSupport.crc;
import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import io.zokio.sys.SockOpt;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link BackendConformanceTest}: TCP on loopback. Accept/connect, data with checksums (4 MiB with
 * short sends looped), many connections, READ/WRITE on sockets, recv flags (MSG_DONTWAIT, MSG_PEEK), socket
 * options, the synchronous helpers' errors, and POLL.
 */
interface SocketConformance extends ConformanceContext {

    @Test
    default void acceptConnectSendRecvWithChecksum() throws IOException {
        Conn c = connectPair();
        assertEquals(loop().sockets().localAddress(c.client()), loop().sockets().remoteAddress(c.server()));
        assertEquals(loop().sockets().localAddress(c.server()), loop().sockets().remoteAddress(c.client()));
        assertEquals(loop().sockets().localAddress(c.listener()).getPort(), loop().sockets().remoteAddress(c.client()).getPort());

        byte[] data = random(256 * 1024, 1);
        byte[] got = transfer(c.client(), c.server(), data, 16 * 1024);
        assertEquals(crc(data), crc(got));
        assertArrayEquals(data, got);

        byte[] back = ascii("and back");
        assertArrayEquals(back, transfer(c.server(), c.client(), back, 64));
    }

    @Test
    default void largeTransferWithPartialWritesLooped() throws IOException {
        Conn c = connectPair();
        loop().sockets().setSocketOption(c.client(), SockOpt.SO_SNDBUF, 64 * 1024);
        loop().sockets().setSocketOption(c.server(), SockOpt.SO_RCVBUF, 64 * 1024);
        byte[] data = random(4 * 1024 * 1024, 2);
        byte[] got = transfer(c.client(), c.server(), data, 64 * 1024);
        assertEquals(crc(data), crc(got), "checksum of 4 MiB");
    }

    @Test
    default void severalPendingAcceptsEachGetOneConnection() throws IOException {
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 16, false));
        InetSocketAddress address = loop().sockets().localAddress(listener);
        List<Completion> accepts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepts.add(submit(new Completion().prepAccept(listener)));
        }
        spin(2);
        List<Completion> connects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            connects.add(submit(new Completion().prepConnect(track(loop().sockets().openTcpSocket(false)), address)));
        }
        loop().run(RunMode.UNTIL_DONE);
        List<Integer> fds = new ArrayList<>();
        for (Completion a : accepts) {
            rec().assertOnce(a);
            assertTrue(rec().result(a) >= 0, CallbackRecorder.describe(rec().result(a)));
            fds.add(track(rec().result(a)));
        }
        for (Completion c : connects) {
            rec().assertOnce(c, 0);
        }
        assertEquals(5, fds.stream().distinct().count());
    }

    @Test
    default void manyConnectionsThroughARearmedAccept() throws IOException {
        final int n = 20;
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 64, false));
        InetSocketAddress address = loop().sockets().localAddress(listener);
        List<Integer> accepted = new ArrayList<>();
        int[] acceptErrors = {0};
        Completion accept = submit(new Completion().prepAccept(listener), (l, c, r) -> {
            if (r < 0) {
                acceptErrors[0] = r;
                return Action.DISARM;
            }
            accepted.add(track(r));
            return accepted.size() < n ? Action.REARM : Action.DISARM;
        });
        List<Completion> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int client = track(loop().sockets().openTcpSocket(false));
            int id = i;
            submit(new Completion().prepConnect(client, address), (l, c, r) -> {
                if (r == 0) {
                    sends.add(submit(new Completion().prepSend(client, segment(new byte[] {(byte) id}), 0)));
                }
                return Action.DISARM;
            });
        }
        loop().run(RunMode.UNTIL_DONE);
        assertEquals(0, acceptErrors[0], () -> "accept failed: " + CallbackRecorder.describe(acceptErrors[0]));
        assertEquals(n, rec().count(accept), "one callback per accepted connection");
        assertEquals(n, sends.size(), "every connect succeeded");
        for (Completion s : sends) {
            rec().assertOnce(s, 1);
        }
        assertEquals(n, accepted.stream().distinct().count(), "distinct descriptors");
        boolean[] seen = new boolean[n];
        for (int fd : accepted) {
            MemorySegment b = buffer(1);
            assertEquals(1, await(new Completion().prepRecv(fd, b, 0)));
            int id = b.get(ValueLayout.JAVA_BYTE, 0);
            assertFalse(seen[id], "each client's byte arrives once");
            seen[id] = true;
        }
    }

    @Test
    default void readAndWriteOpsWorkOnSockets() throws IOException {
        Conn c = connectPair();
        byte[] msg = ascii("via read/write");
        assertEquals(msg.length,
                await(new Completion().prepWrite(c.client(), segment(msg), Completion.OFFSET_CURRENT)));
        MemorySegment b = buffer(64);
        assertEquals(msg.length, await(new Completion().prepRead(c.server(), b, Completion.OFFSET_CURRENT)));
        assertArrayEquals(msg, bytes(b, msg.length));
        MemorySegment[] parts = {segment(ascii("ab")), segment(ascii("cd"))};
        assertEquals(4, await(new Completion().prepWritev(c.server(), parts, Completion.OFFSET_CURRENT)));
        MemorySegment x = buffer(1);
        MemorySegment y = buffer(8);
        int n = await(new Completion().prepReadv(c.client(), new MemorySegment[] {x, y}, Completion.OFFSET_CURRENT));
        assertTrue(n >= 1 && n <= 4, "readv got " + n);
        assertEquals('a', x.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    default void recvWithMsgDontWaitIsEAGAINWhenNothingIsThere() throws IOException {
        Conn c = connectPair();
        final int msgDontWait = 0x40;
        assertResult(-Errno.EAGAIN, await(new Completion().prepRecv(c.server(), buffer(16), msgDontWait)),
                "recv(MSG_DONTWAIT) without data");
        awaitOk(new Completion().prepSend(c.client(), segment(ascii("now")), 0));
        // once data is there, a waiting recv sees it; then MSG_DONTWAIT reads what is left without waiting
        assertEquals(1, await(new Completion().prepRecv(c.server(), buffer(1), 0)));
        MemorySegment b = buffer(16);
        assertEquals(2, await(new Completion().prepRecv(c.server(), b, msgDontWait)));
        assertArrayEquals(ascii("ow"), bytes(b, 2));
    }

    @Test
    default void recvWithMsgPeekLeavesTheDataInTheSocket() throws IOException {
        Conn c = connectPair();
        final int msgPeek = 0x2;
        awaitOk(new Completion().prepSend(c.client(), segment(ascii("peekaboo")), 0));
        MemorySegment b = buffer(16);
        int peeked = await(new Completion().prepRecv(c.server(), b, msgPeek));
        assertTrue(peeked >= 1 && peeked <= 8, "peeked " + peeked);
        assertArrayEquals(Arrays.copyOf(ascii("peekaboo"), peeked), bytes(b, peeked));
        // the peeked bytes are still there: a recv that must not wait (so a lost byte fails fast) reads them again
        MemorySegment again = buffer(16);
        int n = await(new Completion().prepRecv(c.server(), again, 0x40 /* MSG_DONTWAIT */));
        assertTrue(n >= peeked, "after peeking " + peeked + " bytes, recv got " + CallbackRecorder.describe(n));
        assertArrayEquals(Arrays.copyOf(ascii("peekaboo"), n), bytes(again, n));
    }

    @Test
    default void socketOptionsRoundTrip() throws IOException {
        Conn c = connectPair();
        loop().sockets().setSocketOption(c.client(), SockOpt.TCP_NODELAY, 1);
        assertNotEquals(0, loop().sockets().getSocketOption(c.client(), SockOpt.TCP_NODELAY));
        loop().sockets().setSocketOption(c.client(), SockOpt.TCP_NODELAY, 0);
        assertEquals(0, loop().sockets().getSocketOption(c.client(), SockOpt.TCP_NODELAY));
        loop().sockets().setSocketOption(c.server(), SockOpt.SO_KEEPALIVE, 1);
        assertNotEquals(0, loop().sockets().getSocketOption(c.server(), SockOpt.SO_KEEPALIVE));
        assertNotEquals(0, loop().sockets().getSocketOption(c.listener(), SockOpt.SO_REUSEADDR), "listeners reuse addresses");
        loop().sockets().setSocketOption(c.client(), SockOpt.SO_SNDBUF, 64 * 1024);
        assertTrue(loop().sockets().getSocketOption(c.client(), SockOpt.SO_SNDBUF) >= 64 * 1024);
        assertTrue(loop().sockets().getSocketOption(c.server(), SockOpt.SO_LINGER) < 0, "lingering is off by default");
        loop().sockets().setSocketOption(c.server(), SockOpt.SO_LINGER, 5);
        assertEquals(5, loop().sockets().getSocketOption(c.server(), SockOpt.SO_LINGER));
        loop().sockets().setSocketOption(c.server(), SockOpt.SO_LINGER, -1);
        assertTrue(loop().sockets().getSocketOption(c.server(), SockOpt.SO_LINGER) < 0, "negative turns lingering off");
    }

    @Test
    default void synchronousHelpersReportErrnoExceptions() throws IOException {
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 4, false));
        InetSocketAddress address = loop().sockets().localAddress(listener);
        ErrnoException inUse = assertThrows(ErrnoException.class,
                () -> loop().sockets().openTcpListener(address, 4, false));
        assertEquals(Errno.EADDRINUSE, inUse.errno(), inUse.getMessage());

        int s = loop().sockets().openTcpSocket(false);
        loop().sockets().closeNow(s);
        ErrnoException badf = assertThrows(ErrnoException.class,
                () -> loop().sockets().closeNow(s));
        assertEquals(Errno.EBADF, badf.errno(), badf.getMessage());
    }

    @Test
    default void pollReportsWritableAndWaitsForReadable() throws IOException {
        Conn c = connectPair();
        int out = await(new Completion().prepPoll(c.client(), PollEvents.POLLOUT));
        assertNotEquals(0, out & PollEvents.POLLOUT, "connected socket is writable: " + out);

        Completion in = submit(new Completion().prepPoll(c.server(), PollEvents.POLLIN));
        spin(3);
        assertEquals(0, rec().count(in), "nothing to read yet");
        awaitOk(new Completion().prepSend(c.client(), segment(ascii("ping")), 0));
        runUntil(in);
        rec().assertOnce(in);
        assertNotEquals(0, rec().result(in) & PollEvents.POLLIN, "readable: " + rec().result(in));
        assertEquals(0, rec().result(in) & PollEvents.POLLOUT, "only requested events (and ERR/HUP) are reported");
        assertEquals(4, await(new Completion().prepRecv(c.server(), buffer(16), 0)));
    }

    @Test
    default void pollOnAListenerWaitsForAConnection() throws IOException {
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 8, false));
        Completion in = submit(new Completion().prepPoll(listener, PollEvents.POLLIN));
        spin(3);
        assertEquals(0, rec().count(in));
        int client = track(loop().sockets().openTcpSocket(false));
        Completion connect = submit(new Completion().prepConnect(client, loop().sockets().localAddress(listener)));
        runUntil(in, connect);
        rec().assertOnce(connect, 0);
        assertNotEquals(0, rec().result(in) & PollEvents.POLLIN, "pending connection: " + rec().result(in));
        track(awaitOk(new Completion().prepAccept(listener)));
    }

    @Test
    default void pollSeesPeerClose() throws IOException {
        Conn c = connectPair();
        Completion in = submit(new Completion().prepPoll(c.server(), PollEvents.POLLIN));
        spin(2);
        loop().sockets().closeNow(c.client());
        untrack(c.client());
        runUntil(in);
        assertNotEquals(0, rec().result(in) & (PollEvents.POLLIN | PollEvents.POLLHUP | PollEvents.POLLRDHUP),
                "peer close wakes a POLLIN poll: " + rec().result(in));
    }

    @Test
    default void rearmedRecvReadsUntilEndOfStream() throws IOException {
        Conn c = connectPair();
        byte[] data = random(100 * 1024, 12);
        MemorySegment chunk = buffer(4096);
        byte[] got = new byte[data.length];
        int[] received = {0};
        int[] eofs = {0};
        Completion recv = submit(new Completion().prepRecv(c.server(), chunk, 0), (l, cc, r) -> {
            if (r <= 0) {
                eofs[0] += r == 0 ? 1 : 0;
                return Action.DISARM;
            }
            MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, 0, got, received[0], r);
            received[0] += r;
            return Action.REARM; // the same buffer again: its bytes were copied out above
        });
        MemorySegment src = segment(data);
        Completion send = submit(new Completion().prepSend(c.client(), src, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion cc, int r) {
                if (r > 0 && cc.buffer().byteSize() > r) { // short send: the rest, with this callback
                    submit(cc.prepSend(c.client(), cc.buffer().asSlice(r), 0), this);
                } else if (r > 0) {
                    submit(new Completion().prepShutdown(c.client(), ShutdownHow.SHUT_WR));
                }
                return Action.DISARM;
            }
        });
        loop().run(RunMode.UNTIL_DONE);
        assertEquals(1, eofs[0], "the rearmed recv ends once, at end of stream, with 0 (last result "
                + CallbackRecorder.describe(rec().result(recv)) + ")");
        assertEquals(data.length, received[0]);
        assertArrayEquals(data, got);
        assertTrue(rec().done(send));
    }

    @Test
    default void talksToABlockingJavaSocketOnAnotherThread() throws Exception {
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 4, false));
        int port = loop().sockets().localAddress(listener).getPort();
        byte[] request = random(200 * 1024, 13);
        AtomicReference<byte[]> echoed = new AtomicReference<>();
        AtomicReference<Throwable> peerFailure = new AtomicReference<>();
        Thread peer = Thread.ofPlatform().name("java-socket-peer").start(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(request);
                s.shutdownOutput();
                echoed.set(s.getInputStream().readAllBytes());
            } catch (Throwable t) {
                peerFailure.set(t);
            }
        });
        int server = track(awaitOk(new Completion().prepAccept(listener)));
        MemorySegment in = buffer(request.length + 1);
        long got = 0;
        while (true) { // the loop waits in the kernel for a peer it does not drive
            int n = await(new Completion().prepRecv(server, in.asSlice(got), 0));
            assertTrue(n >= 0, () -> CallbackRecorder.describe(n));
            if (n == 0) {
                break;
            }
            got += n;
        }
        assertEquals(request.length, got);
        long sent = 0;
        while (sent < got) {
            sent += awaitOk(new Completion().prepSend(server, in.asSlice(sent, got - sent), 0));
        }
        assertEquals(0, await(new Completion().prepClose(server)));
        untrack(server);
        peer.join();
        if (peerFailure.get() != null) {
            throw new AssertionError("the java.net.Socket peer failed", peerFailure.get());
        }
        assertArrayEquals(request, echoed.get());
    }

    @Test
    default void ipv6Loopback() throws IOException {
        Assumptions.assumeTrue(ConformanceSupport.ipv6LoopbackAvailable(), "no IPv6 loopback (::1) on this machine");
        InetAddress v6 = InetAddress.getByName("::1");
        int listener = track(loop().sockets().openTcpListener(new InetSocketAddress(v6, 0), 4, false));
        InetSocketAddress address = loop().sockets().localAddress(listener);
        assertEquals(v6, address.getAddress());
        int client = track(loop().sockets().openTcpSocket(true));
        Completion accept = submit(new Completion().prepAccept(listener));
        Completion connect = submit(new Completion().prepConnect(client, address));
        runUntil(accept, connect);
        rec().assertOnce(connect, 0);
        int server = track(rec().result(accept));
        assertTrue(server >= 0, () -> CallbackRecorder.describe(server));
        assertEquals(loop().sockets().localAddress(client), loop().sockets().remoteAddress(server));
        assertEquals(v6, loop().sockets().remoteAddress(server).getAddress());
        byte[] msg = random(10_000, 14);
        assertArrayEquals(msg, transfer(client, server, msg, 4096));

        int closed = loop().sockets().openTcpListener(new InetSocketAddress(v6, 0), 1, false);
        InetSocketAddress closedAddress = loop().sockets().localAddress(closed);
        loop().sockets().closeNow(closed);
        int refused = track(loop().sockets().openTcpSocket(true));
        assertResult(-Errno.ECONNREFUSED, await(new Completion().prepConnect(refused, closedAddress)),
                "IPv6 connect to a closed port");
    }

    @Test
    default void closeNowEndsTheStreamAtOnceForAPeerOutsideTheLoop() throws Exception {
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 4, false));
        int port = loop().sockets().localAddress(listener).getPort();
        CountDownLatch hello = new CountDownLatch(1);
        AtomicReference<Object> peerSaw = new AtomicReference<>();
        Thread peer = Thread.ofPlatform().name("java-socket-peer").start(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000); // turns a missing end of stream into a failure instead of a hang
                s.getOutputStream().write(1);
                hello.countDown();
                peerSaw.set(s.getInputStream().read()); // -1: end of stream
            } catch (Throwable t) {
                peerSaw.set(t);
            }
        });
        int server = awaitOk(new Completion().prepAccept(listener));
        // a recv that had to wait for the byte: the socket is now known to the backend's readiness machinery
        assertEquals(1, await(new Completion().prepRecv(server, buffer(8), 0)));
        hello.await();
        loop().sockets().closeNow(server); // the loop does not run again before the peer has seen the end of stream
        peer.join();
        assertEquals(-1, peerSaw.get(), () -> "the peer should read end of stream, saw " + peerSaw.get());
    }
}
