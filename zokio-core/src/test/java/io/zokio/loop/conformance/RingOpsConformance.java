package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
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
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.loop.OpenFlags;
import io.zokio.loop.PeerAddress;
import io.zokio.loop.RunMode;
import io.zokio.loop.SockOpt;
import io.zokio.loop.uring.IoUringBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Part of the conformance suite (wired into each backend's runner): the network strengths of {@link Op} —
 * SENDFILE and SPLICE, multishot ACCEPT and RECV with a {@link BufferGroup} (back-pressure, never ENOBUFS),
 * SEND_ZC. Multishot callbacks bypass the {@link CallbackRecorder} (it counts one callback per submission);
 * {@link Multishot} checks their own contract instead: results while active, then exactly one final callback.
 * io_uring cases skip with the reason when the kernel's probe lacks the opcode.
 */
interface RingOpsConformance extends ConformanceContext {

    /** Records a multishot operation's callbacks and checks its contract. */
    final class Multishot implements Callback {
        final List<Integer> results = new ArrayList<>();
        final List<Integer> bufferIds = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        int finals;
        int finalResult;
        Completion last;
        /** Intermediate results to accept before answering DISARM (Integer.MAX_VALUE: never). */
        int stopAfter = Integer.MAX_VALUE;
        Callback then;

        @Override
        public Action onComplete(EventLoop loop, Completion c, int result) {
            last = c;
            if (finals > 0) {
                violations.add("callback after the final one: " + result);
            }
            if (c.isActive()) {
                if (result < 0 || c.op() == Op.RECV_MULTISHOT && result == 0) {
                    violations.add("an intermediate result carries no data: " + CallbackRecorder.describe(result));
                }
                results.add(result);
                bufferIds.add(c.bufferId());
                if (then != null) {
                    then.onComplete(loop, c, result);
                }
                return results.size() >= stopAfter ? Action.DISARM : Action.REARM;
            }
            finals++;
            finalResult = result;
            if (c.bufferId() != -1) {
                violations.add("a final result names buffer " + c.bufferId());
            }
            return Action.DISARM;
        }

        void assertFinal(int expected) {
            assertEquals(List.of(), violations);
            assertEquals(1, finals, "exactly one final callback");
            assertResult(expected, finalResult, "final result");
        }
    }

    private void assumeSupported(Op op) {
        if (loop().backend() instanceof IoUringBackend u) {
            Assumptions.assumeTrue(u.supports(op), () -> "this kernel's io_uring lacks " + op + ": " + u.features());
        }
    }

    private void runUntilFinal(Multishot m) {
        while (m.finals == 0) {
            assertTrue(loop().active() > 0, "nothing in flight before the final callback");
            loop().run(RunMode.ONCE);
        }
    }

    /** Receives exactly {@code n} bytes on {@code fd} with plain RECVs. */
    private byte[] recvExactly(int fd, int n) {
        MemorySegment buf = buffer(Math.max(1, n));
        int got = 0;
        while (got < n) {
            int r = await(new Completion().prepRecv(fd, buf.asSlice(got), 0));
            assertTrue(r > 0, () -> "recv: " + CallbackRecorder.describe(r));
            got += r;
        }
        return bytes(buf, n);
    }

    // ------------------------------------------------------------------ SENDFILE and SPLICE

    @Test
    default void sendFileSendsARangeOfTheFileWithChecksum() throws IOException {
        assumeSupported(Op.SENDFILE);
        Conn c = connectPair();
        loop().setSocketOption(c.server(), SockOpt.SO_SNDBUF, 32 * 1024);
        loop().setSocketOption(c.client(), SockOpt.SO_RCVBUF, 32 * 1024);
        byte[] data = random(3 * 1024 * 1024 + 17, 7);
        Path p = dir().resolve("body.bin");
        Files.write(p, data);
        int file = openFile(p, OpenFlags.O_RDONLY, 0);
        final int from = 1001;
        final int length = data.length - from - 5;
        MemorySegment dst = buffer(length);
        long[] sent = {0};
        long[] received = {0};
        int[] error = {0};
        MemorySegment chunk = buffer(64 * 1024);
        // the sender loops on short results while the receiver drains, both in flight (the socket fills up)
        submit(new Completion().prepSendFile(c.server(), file, from, length), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion comp, int r) {
                if (r <= 0) {
                    error[0] = r == 0 ? -Errno.EIO : r;
                    return Action.DISARM;
                }
                sent[0] += r;
                if (sent[0] < length) {
                    submit(comp.prepSendFile(c.server(), file, from + sent[0], (int) (length - sent[0])), this);
                }
                return Action.DISARM;
            }
        });
        Completion recv = submit(new Completion().prepRecv(c.client(), chunk, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion comp, int r) {
                if (r <= 0) {
                    error[0] = r == 0 ? -Errno.EIO : r;
                    return Action.DISARM;
                }
                MemorySegment.copy(chunk, 0, dst, received[0], r);
                received[0] += r;
                if (received[0] < length) {
                    submit(comp.prepRecv(c.client(), chunk, 0), this);
                }
                return Action.DISARM;
            }
        });
        while (error[0] == 0 && (received[0] < length || sent[0] < length)) {
            loop().run(RunMode.ONCE);
        }
        assertEquals(0, error[0], () -> "failed: " + CallbackRecorder.describe(error[0]));
        assertEquals(length, sent[0]);
        byte[] want = Arrays.copyOfRange(data, from, from + length);
        byte[] got = bytes(dst, length);
        assertEquals(crc(want), crc(got), "checksum");
        assertFalse(recv.isActive());
    }

    @Test
    default void sendFileAtOrPastTheEndIsZeroAndBadDescriptorsFail() throws IOException {
        assumeSupported(Op.SENDFILE);
        Conn c = connectPair();
        Path p = dir().resolve("small.txt");
        Files.write(p, ConformanceSupport.ascii("hello"));
        int file = openFile(p, OpenFlags.O_RDONLY, 0);
        assertEquals(3, await(new Completion().prepSendFile(c.server(), file, 2, 100)));
        assertArrayEquals(ConformanceSupport.ascii("llo"), recvExactly(c.client(), 3));
        assertEquals(0, await(new Completion().prepSendFile(c.server(), file, 5, 100)), "at the end");
        assertEquals(0, await(new Completion().prepSendFile(c.server(), file, 50, 100)), "past the end");
        assertResult(-Errno.EBADF, await(new Completion().prepSendFile(c.server(), 999_999, 0, 10)), "bad file");
        assertThrows(IllegalArgumentException.class, () -> new Completion().prepSendFile(c.server(), file, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Completion().prepSendFile(c.server(), file, 0, 0));
    }

    @Test
    default void sendFileToAPeerThatNeverReadsCanBeCancelledAndClosed() throws IOException {
        assumeSupported(Op.SENDFILE);
        Conn c = connectPair();
        loop().setSocketOption(c.server(), SockOpt.SO_SNDBUF, 16 * 1024);
        loop().setSocketOption(c.client(), SockOpt.SO_RCVBUF, 16 * 1024);
        Path p = dir().resolve("big.bin");
        Files.write(p, random(8 * 1024 * 1024, 13));
        int file = openFile(p, OpenFlags.O_RDONLY, 0);
        // keep sending until one SENDFILE stays pending on the full socket
        Completion send = new Completion();
        int offset = 0;
        while (true) {
            submit(send.prepSendFile(c.server(), file, offset, 4 * 1024 * 1024));
            spin(20);
            if (!rec().done(send)) {
                break;
            }
            int r = rec().result(send);
            assertTrue(r > 0, () -> "sendfile: " + CallbackRecorder.describe(r));
            offset += r;
        }
        Completion cancel = submit(new Completion().prepCancel(send));
        runUntil(send, cancel);
        int r = rec().result(send);
        assertTrue(r > 0 || r == -Errno.ECANCELED || r == -Errno.EINTR,
                () -> "a cancelled sendfile reports what it sent or ECANCELED: " + CallbackRecorder.describe(r));
        // a second one left pending is ended by the loop's close, exactly once (teardown checks it)
        submit(new Completion().prepSendFile(c.server(), file, 0, 4 * 1024 * 1024));
        spin(5);
    }

    @Test
    default void spliceMovesFileBytesThroughAPipeToASocket() throws IOException {
        Assumptions.assumeTrue(loop().backend() instanceof IoUringBackend,
                "SPLICE through a pipe is io_uring's: NIO has no pipes (it supports file to socket only)");
        assumeSupported(Op.SPLICE);
        Conn c = connectPair();
        byte[] data = random(10_000, 11);
        Path p = dir().resolve("splice.bin");
        Files.write(p, data);
        int file = openFile(p, OpenFlags.O_RDONLY, 0);
        int[] pipe = ((IoUringBackend) loop().backend()).openPipe();
        track(pipe[0]);
        track(pipe[1]);
        assertEquals(4000, await(new Completion().prepSplice(file, 100, pipe[1], Completion.OFFSET_CURRENT, 4000, 0)));
        int moved = 0;
        while (moved < 4000) {
            int r = await(new Completion().prepSplice(pipe[0], Completion.OFFSET_CURRENT, c.server(),
                    Completion.OFFSET_CURRENT, 4000 - moved, 0));
            assertTrue(r > 0, () -> "splice pipe to socket: " + CallbackRecorder.describe(r));
            moved += r;
        }
        assertArrayEquals(Arrays.copyOfRange(data, 100, 4100), recvExactly(c.client(), 4000));
        assertResult(-Errno.EINVAL, await(new Completion().prepSplice(file, 0, c.server(),
                Completion.OFFSET_CURRENT, 10, 0)), "splice without a pipe");
    }

    // ------------------------------------------------------------------ multishot ACCEPT

    @Test
    default void acceptMultishotDeliversEachConnectionThenOneFinal() throws IOException {
        assumeSupported(Op.ACCEPT_MULTISHOT);
        final int n = 12;
        int listener = track(loop().openTcpListener(LOOPBACK_ANY_PORT, 64));
        InetSocketAddress address = loop().localAddress(listener);
        Multishot m = new Multishot();
        m.stopAfter = n;
        Completion accept = new Completion().prepAcceptMultishot(listener).callback(m);
        loop().submit(accept);
        spin(2);
        List<Completion> connects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            connects.add(submit(new Completion().prepConnect(track(loop().openTcpSocket(false)), address)));
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
        int listener = track(loop().openTcpListener(LOOPBACK_ANY_PORT, 8));
        Multishot m = new Multishot();
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
        int listener = track(loop().openTcpListener(LOOPBACK_ANY_PORT, 8));
        Multishot m = new Multishot();
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
        Multishot m = new Multishot();
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
        awaitOk(new Completion().prepShutdown(c.server(), Completion.SHUT_WR));
        runUntilFinal(m);
        m.assertFinal(0);
        assertEquals(crc(data), crc(got.toByteArray()), "checksum");
        assertTrue(m.results.stream().allMatch(r -> r <= 4096), "each result fits one buffer");
        assertEquals(8, group.available(), "every buffer came back");
        group.close();
    }

    /** Sends all of {@code data} with SENDs looped on short results (runs the loop meanwhile). */
    private byte[] transferSend(int fd, byte[] data, Completion send) {
        MemorySegment src = segment(data);
        long[] sent = {0};
        int[] err = {0};
        submit(send.prepSend(fd, src, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion comp, int r) {
                if (r <= 0) {
                    err[0] = r == 0 ? -Errno.EIO : r;
                    return Action.DISARM;
                }
                sent[0] += r;
                if (sent[0] < data.length) {
                    submit(comp.prepSend(fd, src.asSlice(sent[0]), 0), this);
                }
                return Action.DISARM;
            }
        });
        while (err[0] == 0 && sent[0] < data.length) {
            loop().run(RunMode.ONCE);
        }
        assertEquals(0, err[0], () -> "send: " + CallbackRecorder.describe(err[0]));
        return data;
    }

    @Test
    default void recvMultishotWaitsWhileEveryBufferIsHeldAndResumesOnRelease() throws IOException {
        assumeSupported(Op.RECV_MULTISHOT);
        Conn c = connectPair();
        BufferGroup group = BufferGroup.open(loop(), 2, 16);
        Multishot m = new Multishot();
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
    private Completion firstActive(Multishot m, BufferGroup group) {
        return m.last;
    }

    @Test
    default void aBufferGroupInUseCannotBeClosedAndReleaseChecksOwnership() throws IOException {
        assumeSupported(Op.RECV_MULTISHOT);
        Conn c = connectPair();
        BufferGroup group = BufferGroup.open(loop(), 4, 64);
        assertThrows(IllegalArgumentException.class, () -> BufferGroup.open(loop(), 3, 64), "not a power of two");
        assertThrows(IllegalStateException.class, () -> group.release(0), "not held");
        Multishot m = new Multishot();
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

    // ------------------------------------------------------------------ SEND_ZC

    @Test
    default void sendZcCompletesOnceAfterTheKernelIsDoneWithTheBuffer() throws IOException {
        assumeSupported(Op.SEND_ZC);
        Conn c = connectPair();
        byte[] data = random(48 * 1024, 9);
        MemorySegment src = segment(data);
        int sent = 0;
        while (sent < data.length) {
            Completion zc = new Completion().prepSendZc(c.server(), src.asSlice(sent), 0);
            submit(zc);
            // the receiver drains meanwhile so that a large send cannot stall on a full socket
            while (!rec().done(zc)) {
                loop().run(RunMode.ONCE);
            }
            rec().assertOnce(zc);
            int r = rec().result(zc);
            assertTrue(r > 0, () -> "send_zc: " + CallbackRecorder.describe(r));
            sent += r;
        }
        assertArrayEquals(data, recvExactly(c.client(), data.length));
        assertResult(-Errno.EBADF, await(new Completion().prepSendZc(999_999, src, 0)), "bad descriptor");
    }

    // ------------------------------------------------------------------ UDP: SENDMSG / RECVMSG

    @Test
    default void udpDatagramsCarryTheirSenderAndTruncateToTheBuffer() throws IOException {
        int a = track(loop().backend().openUdpSocket(LOOPBACK_ANY_PORT));
        int b = track(loop().backend().openUdpSocket(LOOPBACK_ANY_PORT));
        InetSocketAddress addrA = loop().localAddress(a);
        InetSocketAddress addrB = loop().localAddress(b);
        assertTrue(addrA.getPort() > 0 && addrB.getPort() > 0);

        PeerAddress from = new PeerAddress();
        MemorySegment buf = buffer(64);
        Completion recv = submit(new Completion().prepRecvMsg(a, buf, from, 0));
        spin(2);
        assertEquals(4, await(new Completion().prepSendMsg(b, segment(ConformanceSupport.ascii("ping")), addrA, 0)));
        runUntil(recv);
        rec().assertOnce(recv, 4);
        assertArrayEquals(ConformanceSupport.ascii("ping"), bytes(buf, 4));
        assertEquals(addrB, from.toInetSocketAddress(), "the sender");

        // answer the sender; a datagram longer than the buffer is cut, the rest discarded
        byte[] big = random(100, 17);
        assertEquals(100, await(new Completion().prepSendMsg(a, segment(big), from.toInetSocketAddress(), 0)));
        assertEquals(1, await(new Completion().prepSendMsg(a, segment(new byte[] {'B'}), addrB, 0)));
        PeerAddress back = new PeerAddress();
        MemorySegment small = buffer(10);
        assertEquals(10, await(new Completion().prepRecvMsg(b, small, back, 0)));
        assertArrayEquals(Arrays.copyOf(big, 10), bytes(small, 10));
        assertEquals(addrA, back.toInetSocketAddress());
        assertEquals(1, await(new Completion().prepRecvMsg(b, small, back, 0)), "the next datagram, not the rest");
        assertEquals('B', small.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    default void udpRecvMsgIsCancellableAndArgumentsAreChecked() throws IOException {
        int a = track(loop().backend().openUdpSocket(LOOPBACK_ANY_PORT));
        Completion recv = submit(new Completion().prepRecvMsg(a, buffer(16), new PeerAddress(), 0));
        spin(3);
        Completion cancel = submit(new Completion().prepCancel(recv));
        loop().run(RunMode.UNTIL_DONE);
        rec().assertOnce(recv, -Errno.ECANCELED);
        rec().assertOnce(cancel, 0);
        assertThrows(NullPointerException.class, () -> new Completion().prepRecvMsg(a, buffer(1), null, 0));
        assertThrows(NullPointerException.class, () -> new Completion().prepSendMsg(a, buffer(1), null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Completion().prepSendMsg(a, buffer(1),
                InetSocketAddress.createUnresolved("localhost", 9), 0));
    }

    @Test
    default void recvMsgMultishotReceivesDatagramsInBatchesWithTheirSenders() throws IOException {
        assumeSupported(Op.RECVMSG_MULTISHOT);
        int a = track(loop().backend().openUdpSocket(LOOPBACK_ANY_PORT));
        int b = track(loop().backend().openUdpSocket(LOOPBACK_ANY_PORT));
        InetSocketAddress addrA = loop().localAddress(a);
        InetSocketAddress addrB = loop().localAddress(b);
        BufferGroup group = BufferGroup.open(loop(), 4, 256);
        PeerAddress from = new PeerAddress();
        List<byte[]> got = new ArrayList<>();
        List<InetSocketAddress> senders = new ArrayList<>();
        Multishot m = new Multishot();
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
    default void udpConnectSetsTheDefaultPeerForSendAndRecv() throws IOException {
        int a = track(loop().backend().openUdpSocket(LOOPBACK_ANY_PORT));
        int b = track(loop().backend().openUdpSocket(LOOPBACK_ANY_PORT));
        InetSocketAddress addrA = loop().localAddress(a);
        InetSocketAddress addrB = loop().localAddress(b);
        final int edestaddrreq = 89;
        assertResult(-edestaddrreq, await(new Completion().prepSend(b, segment(new byte[] {1}), 0)),
                "send on an unconnected UDP socket");
        assertEquals(0, await(new Completion().prepConnect(a, addrB)));
        assertEquals(3, await(new Completion().prepSend(a, segment(ConformanceSupport.ascii("abc")), 0)));
        PeerAddress from = new PeerAddress();
        MemorySegment buf = buffer(8);
        assertEquals(3, await(new Completion().prepRecvMsg(b, buf, from, 0)));
        assertEquals(addrA, from.toInetSocketAddress());
        assertEquals(2, await(new Completion().prepSendMsg(b, segment(ConformanceSupport.ascii("hi")), addrA, 0)));
        assertEquals(2, await(new Completion().prepRecv(a, buf, 0)), "recv on the connected socket");
        assertArrayEquals(ConformanceSupport.ascii("hi"), bytes(buf, 2));
    }

    @Test
    default void manyReceiversShareOneSmallGroupWithoutLosingBytes() throws IOException {
        assumeSupported(Op.RECV_MULTISHOT);
        final int conns = 6;
        BufferGroup group = BufferGroup.open(loop(), 4, 1024); // fewer buffers than receivers: they park
        List<Conn> pairs = new ArrayList<>();
        List<ByteArrayOutputStream> got = new ArrayList<>();
        List<Multishot> ms = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            Conn c = connectPair();
            pairs.add(c);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            got.add(out);
            Multishot m = new Multishot();
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
            awaitOk(new Completion().prepShutdown(pairs.get(i).server(), Completion.SHUT_WR));
        }
        for (Multishot m : ms) {
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
        int listener = track(loop().openTcpListener(LOOPBACK_ANY_PORT, 8));
        InetSocketAddress address = loop().localAddress(listener);
        Multishot m = new Multishot();
        List<Integer> accepted = new ArrayList<>();
        m.then = (l, comp, r) -> {
            accepted.add(track(r));
            throw new IllegalStateException("test: a callback that throws");
        };
        loop().submit(new Completion().prepAcceptMultishot(listener).callback(m));
        spin(2);
        Completion connect = submit(new Completion().prepConnect(track(loop().openTcpSocket(false)), address));
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
        Multishot m = new Multishot();
        loop().submit(new Completion().prepRecvMultishot(c.client(), group, 0).callback(m));
        spin(2);
        loop().close(); // the receive ends once, then the group is unregistered and freed
        m.assertFinal(-Errno.ECANCELED);
        assertTrue(group.isClosed());
        group.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> group.buffer(0, 1).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
    }
}
