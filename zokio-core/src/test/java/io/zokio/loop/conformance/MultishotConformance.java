package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.bytes;
import static io.zokio.loop.conformance.ConformanceSupport.crc;
import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.Completion;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import io.zokio.loop.Op;
import io.zokio.sys.PeerAddress;
import io.zokio.loop.RunMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Part of the conformance suite (wired into each backend's runner): multishot ACCEPT, RECV and RECVMSG with
 * {@link BufferGroup}s (back-pressure, never ENOBUFS, exactly one final callback). Multishot callbacks bypass
 * the {@link CallbackRecorder} (it counts one callback per submission); {@link MultishotRecorder} checks their
 * own contract instead. io_uring cases skip with the reason when the kernel's probe lacks the opcode.
 */
interface MultishotConformance extends TransferSupport {

    // ------------------------------------------------------------------ multishot ACCEPT

    @Test
    default void acceptMultishotDeliversEachConnectionThenOneFinal() throws IOException {
        assumeSupported(Op.ACCEPT_MULTISHOT);
        final int n = 12;
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 64, false));
        InetSocketAddress address = loop().sockets().localAddress(listener);
        MultishotRecorder m = new MultishotRecorder();
        m.stopAfter = n;
        Completion accept = new Completion().prepAcceptMultishot(listener).callback(m);
        loop().submit(accept);
        spin(2);
        List<Completion> connects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            connects.add(submit(new Completion().prepConnect(track(loop().sockets().openTcpSocket(false)), address)));
        }
        runUntilFinal(m);
        runUntil(connects.toArray(new Completion[0]));
        m.assertFinal(-Errno.ECANCELED);
        assertEquals(n, m.results.size(), "one intermediate callback per connection");
        assertEquals(n, m.results.stream().distinct().count(), "distinct descriptors");
        for (int fd : m.results) {
            track(fd);
        }
        assertFalse(accept.isActive());
        for (Completion cc : connects) {
            rec().assertOnce(cc, 0);
        }
    }

    @Test
    default void acceptMultishotCancelledEndsOnceAndCancelReportsFound() throws IOException {
        assumeSupported(Op.ACCEPT_MULTISHOT);
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 8, false));
        MultishotRecorder m = new MultishotRecorder();
        Completion accept = new Completion().prepAcceptMultishot(listener).callback(m);
        loop().submit(accept);
        spin(3);
        Completion cancel = submit(new Completion().prepCancel(accept));
        runUntilFinal(m);
        runUntil(cancel);
        m.assertFinal(-Errno.ECANCELED);
        rec().assertOnce(cancel, 0);
        assertEquals(List.of(), m.results);
    }

    @Test
    default void closingTheLoopEndsAMultishotExactlyOnce() throws IOException {
        assumeSupported(Op.ACCEPT_MULTISHOT);
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 8, false));
        MultishotRecorder m = new MultishotRecorder();
        loop().submit(new Completion().prepAcceptMultishot(listener).callback(m));
        spin(3);
        loop().close();
        m.assertFinal(-Errno.ECANCELED);
    }

    // ------------------------------------------------------------------ multishot RECV with buffer groups

    @Test
    default void recvMultishotFillsGroupBuffersUntilEndOfStream() throws IOException {
        assumeSupported(Op.RECV_MULTISHOT);
        Conn c = connectPair();
        BufferGroup group = BufferGroup.open(loop(), 8, 4096);
        byte[] data = random(256 * 1024, 5);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        MultishotRecorder m = new MultishotRecorder();
        m.then = (l, comp, r) -> {
            got.writeBytes(bytes(group.buffer(comp.bufferId(), r), r));
            group.release(comp.bufferId());
            return Action.REARM;
        };
        Completion recv = new Completion().prepRecvMultishot(c.client(), group, 0).callback(m);
        loop().submit(recv);
        Completion send = new Completion();
        byte[] out = transferSend(c.server(), data, send);
        assertEquals(data.length, out.length);
        while (got.size() < data.length) {
            assertTrue(m.finals == 0, "ended early: " + m.finalResult);
            loop().run(RunMode.ONCE);
        }
        awaitOk(new Completion().prepShutdown(c.server(), ShutdownHow.SHUT_WR));
        runUntilFinal(m);
        m.assertFinal(0);
        assertEquals(crc(data), crc(got.toByteArray()), "checksum");
        assertTrue(m.results.stream().allMatch(r -> r <= 4096), "each result fits one buffer");
        assertEquals(8, group.available(), "every buffer came back");
        group.close();
    }

    @Test
    default void recvMultishotWaitsWhileEveryBufferIsHeldAndResumesOnRelease() throws IOException {
        assumeSupported(Op.RECV_MULTISHOT);
        Conn c = connectPair();
        BufferGroup group = BufferGroup.open(loop(), 2, 16);
        MultishotRecorder m = new MultishotRecorder();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        m.then = (l, comp, r) -> {
            got.writeBytes(bytes(group.buffer(comp.bufferId(), r), r)); // held: not released here
            return Action.REARM;
        };
        loop().submit(new Completion().prepRecvMultishot(c.client(), group, 0).callback(m));
        byte[] data = random(200, 3);
        awaitOk(new Completion().prepSend(c.server(), segment(data), 0));
        // both buffers fill up and stay held: the receive must wait, not fail
        while (m.results.size() < 2) {
            loop().run(RunMode.ONCE);
        }
        spin(5);
        assertEquals(2, m.results.size(), "no result without a free buffer");
        assertEquals(0, m.finals, "no ENOBUFS or other end reached the callback");
        assertEquals(0, group.available());
        // release one at a time: each release lets exactly the data of one more buffer in
        while (got.size() < data.length) {
            int held = -1;
            for (int b = 0; b < group.count(); b++) {
                if (group.isHeld(b)) {
                    held = b;
                }
            }
            int before = m.results.size();
            group.release(held);
            while (m.results.size() == before) {
                assertEquals(0, m.finals, () -> "ended: " + CallbackRecorder.describe(m.finalResult));
                loop().run(RunMode.ONCE);
            }
        }
        assertArrayEquals(data, got.toByteArray());
        Completion cancel = submit(new Completion().prepCancel(firstActive(m, group)));
        runUntilFinal(m);
        runUntil(cancel);
        m.assertFinal(-Errno.ECANCELED);
        for (int b = 0; b < group.count(); b++) {
            if (group.isHeld(b)) {
                group.release(b);
            }
        }
        group.close();
    }

    /** The multishot completion the callback last saw. */
    private Completion firstActive(MultishotRecorder m, BufferGroup group) {
        return m.last;
    }

    @Test
    default void aBufferGroupInUseCannotBeClosedAndReleaseChecksOwnership() throws IOException {
        assumeSupported(Op.RECV_MULTISHOT);
        Conn c = connectPair();
        BufferGroup group = BufferGroup.open(loop(), 4, 64);
        assertThrows(IllegalArgumentException.class, () -> BufferGroup.open(loop(), 3, 64), "not a power of two");
        assertThrows(IllegalStateException.class, () -> group.release(0), "not held");
        MultishotRecorder m = new MultishotRecorder();
        m.stopAfter = 1;
        Completion recv = new Completion().prepRecvMultishot(c.client(), group, 0).callback(m);
        loop().submit(recv);
        spin(2);
        assertThrows(IllegalStateException.class, group::close, "a receive uses it");
        awaitOk(new Completion().prepSend(c.server(), segment(new byte[] {1, 2, 3}), 0));
        runUntilFinal(m);
        m.assertFinal(-Errno.ECANCELED);
        assertEquals(List.of(3), m.results);
        group.release(m.bufferIds.get(0));
        group.close();
        assertThrows(IllegalStateException.class, () -> new Completion().prepRecvMultishot(c.client(), group, 0));
    }

    @Test
    default void recvMsgMultishotReceivesDatagramsInBatchesWithTheirSenders() throws IOException {
        assumeSupported(Op.RECVMSG_MULTISHOT);
        int a = track(loop().sockets().openUdpSocket(LOOPBACK_ANY_PORT));
        int b = track(loop().sockets().openUdpSocket(LOOPBACK_ANY_PORT));
        InetSocketAddress addrA = loop().sockets().localAddress(a);
        InetSocketAddress addrB = loop().sockets().localAddress(b);
        BufferGroup group = BufferGroup.open(loop(), 4, 256);
        PeerAddress from = new PeerAddress();
        List<byte[]> got = new ArrayList<>();
        List<InetSocketAddress> senders = new ArrayList<>();
        MultishotRecorder m = new MultishotRecorder();
        m.stopAfter = 10;
        m.then = (l, comp, r) -> {
            got.add(bytes(group.payload(comp, r), r)); // held until the test releases it
            senders.add(from.toInetSocketAddress());
            return Action.REARM;
        };
        loop().submit(new Completion().prepRecvMsgMultishot(a, group, from, 0).callback(m));
        spin(2);
        for (int i = 0; i < 10; i++) {
            byte[] d = new byte[i]; // 0..9 bytes: an empty datagram is a result too
            Arrays.fill(d, (byte) ('a' + i));
            assertEquals(i, await(new Completion().prepSendMsg(b, segment(d), addrA, 0)));
        }
        // four buffers, all held after four datagrams: the rest waits in the socket
        while (got.size() < 4) {
            loop().run(RunMode.ONCE);
        }
        spin(5);
        assertEquals(4, got.size(), "no datagram without a free buffer");
        assertEquals(0, m.finals);
        while (got.size() < 10) {
            for (int id = 0; id < group.count(); id++) {
                if (group.isHeld(id)) {
                    group.release(id);
                }
            }
            loop().run(RunMode.ONCE);
            if (got.size() < 10) {
                assertEquals(0, m.finals, () -> "ended: " + CallbackRecorder.describe(m.finalResult));
            }
        }
        runUntilFinal(m);
        m.assertFinal(-Errno.ECANCELED);
        for (int i = 0; i < 10; i++) {
            byte[] d = new byte[i];
            Arrays.fill(d, (byte) ('a' + i));
            assertArrayEquals(d, got.get(i), "datagram " + i);
            assertEquals(addrB, senders.get(i));
        }
        for (int id = 0; id < group.count(); id++) {
            if (group.isHeld(id)) {
                group.release(id);
            }
        }
        group.close();
        assertThrows(IllegalArgumentException.class, () -> new Completion().prepRecvMsgMultishot(a,
                BufferGroup.open(loop(), 1, Completion.RECVMSG_HEADER_BYTES), from, 0), "no room for a payload");
    }

    @Test
    default void manyReceiversShareOneSmallGroupWithoutLosingBytes() throws IOException {
        assumeSupported(Op.RECV_MULTISHOT);
        final int conns = 6;
        BufferGroup group = BufferGroup.open(loop(), 4, 1024); // fewer buffers than receivers: they park
        List<Conn> pairs = new ArrayList<>();
        List<ByteArrayOutputStream> got = new ArrayList<>();
        List<MultishotRecorder> ms = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            Conn c = connectPair();
            pairs.add(c);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            got.add(out);
            MultishotRecorder m = new MultishotRecorder();
            m.then = (l, comp, r) -> {
                out.writeBytes(bytes(group.buffer(comp.bufferId(), r), r));
                group.release(comp.bufferId());
                return Action.REARM;
            };
            ms.add(m);
            loop().submit(new Completion().prepRecvMultishot(c.client(), group, 0).callback(m));
        }
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            data.add(random(40_000 + i * 1000, 100 + i));
            submit(new Completion().prepSend(pairs.get(i).server(), segment(data.get(i)), 0));
        }
        for (int i = 0; i < conns; i++) {
            awaitOk(new Completion().prepShutdown(pairs.get(i).server(), ShutdownHow.SHUT_WR));
        }
        for (MultishotRecorder m : ms) {
            runUntilFinal(m);
        }
        for (int i = 0; i < conns; i++) {
            ms.get(i).assertFinal(0);
            assertEquals(crc(data.get(i)), crc(got.get(i).toByteArray()), "connection " + i);
        }
        assertEquals(4, group.available());
        group.close();
    }

    @Test
    default void aThrowingMultishotCallbackStopsTheOperation() throws IOException {
        assumeSupported(Op.ACCEPT_MULTISHOT);
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 8, false));
        InetSocketAddress address = loop().sockets().localAddress(listener);
        MultishotRecorder m = new MultishotRecorder();
        List<Integer> accepted = new ArrayList<>();
        m.then = (l, comp, r) -> {
            accepted.add(track(r));
            throw new IllegalStateException("test: a callback that throws");
        };
        loop().submit(new Completion().prepAcceptMultishot(listener).callback(m));
        spin(2);
        Completion connect = submit(new Completion().prepConnect(track(loop().sockets().openTcpSocket(false)), address));
        runUntilFinal(m);
        runUntil(connect);
        m.assertFinal(-Errno.ECANCELED);
        assertEquals(1, accepted.size());
        assertTrue(loop().callbackFailures() >= 1);
    }

    @Test
    default void aGroupLeftOpenIsFreedByTheLoopsClose() throws IOException {
        assumeSupported(Op.RECV_MULTISHOT);
        Conn c = connectPair();
        BufferGroup group = BufferGroup.open(loop(), 2, 64);
        MultishotRecorder m = new MultishotRecorder();
        loop().submit(new Completion().prepRecvMultishot(c.client(), group, 0).callback(m));
        spin(2);
        loop().close(); // the receive ends once, then the group is unregistered and freed
        m.assertFinal(-Errno.ECANCELED);
        assertTrue(group.isClosed());
        group.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> group.buffer(0, 1).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
    }
}
