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
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.sys.OpenFlags;
import io.zokio.sys.PeerAddress;
import io.zokio.loop.RunMode;
import io.zokio.sys.SockOpt;
import io.zokio.loop.uring.ffi.Pipes;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Part of the conformance suite (wired into each backend's runner): SENDFILE and SPLICE, SEND_ZC, and UDP
 * (SENDMSG/RECVMSG, CONNECT). io_uring cases skip with the reason when the kernel's probe lacks the opcode.
 */
interface TransferConformance extends TransferSupport {

    // ------------------------------------------------------------------ SENDFILE and SPLICE

    @Test
    default void sendFileSendsARangeOfTheFileWithChecksum() throws IOException {
        assumeSupported(Op.SENDFILE);
        Conn c = connectPair();
        loop().sockets().setSocketOption(c.server(), SockOpt.SO_SNDBUF, 32 * 1024);
        loop().sockets().setSocketOption(c.client(), SockOpt.SO_RCVBUF, 32 * 1024);
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
        loop().sockets().setSocketOption(c.server(), SockOpt.SO_SNDBUF, 16 * 1024);
        loop().sockets().setSocketOption(c.client(), SockOpt.SO_RCVBUF, 16 * 1024);
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
    default void sendFileToAClosedPeerFailsWithEPIPEOrECONNRESET() throws IOException {
        assumeSupported(Op.SENDFILE);
        Conn c = connectPair();
        Path p = dir().resolve("f.bin");
        Files.write(p, random(64 * 1024, 21));
        int file = openFile(p, OpenFlags.O_RDONLY, 0);
        loop().sockets().closeNow(c.client());
        untrack(c.client());
        int r = 0;
        for (int i = 0; i < 1000 && r >= 0; i++) { // the first sends may still be accepted before the RST
            r = await(new Completion().prepSendFile(c.server(), file, 0, 64 * 1024));
        }
        int last = r;
        assertTrue(last == -Errno.EPIPE || last == -Errno.ECONNRESET,
                () -> "sendfile to a closed peer: " + CallbackRecorder.describe(last));
    }

    /**
     * SPLICE moves file bytes to a socket: through a pipe where descriptors are the kernel's; NIO, which has no
     * pipes, moves them from the file straight to the socket and refuses any other input.
     */
    @Test
    default void spliceMovesFileBytesToASocket() throws IOException {
        assumeSupported(Op.SPLICE);
        Conn c = connectPair();
        byte[] data = random(10_000, 11);
        Path p = dir().resolve("splice.bin");
        Files.write(p, data);
        int file = openFile(p, OpenFlags.O_RDONLY, 0);
        if (!loop().features().kernelDescriptors()) {
            int moved = 0;
            while (moved < 4000) {
                int r = await(new Completion().prepSplice(file, 100 + moved, c.server(), Completion.OFFSET_CURRENT,
                        4000 - moved, 0));
                assertTrue(r > 0, () -> "splice file to socket: " + CallbackRecorder.describe(r));
                moved += r;
            }
            assertArrayEquals(Arrays.copyOfRange(data, 100, 4100), recvExactly(c.client(), 4000));
            assertResult(-Errno.EINVAL, await(new Completion().prepSplice(c.client(), 0, c.server(),
                    Completion.OFFSET_CURRENT, 10, 0)), "splice from a socket: NIO splices files only");
            return;
        }
        int[] pipe = new Pipes().open(false, 0); // kernel descriptors: the loop's socket calls close them
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
        int a = track(loop().sockets().openUdpSocket(LOOPBACK_ANY_PORT));
        int b = track(loop().sockets().openUdpSocket(LOOPBACK_ANY_PORT));
        InetSocketAddress addrA = loop().sockets().localAddress(a);
        InetSocketAddress addrB = loop().sockets().localAddress(b);
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
        int a = track(loop().sockets().openUdpSocket(LOOPBACK_ANY_PORT));
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
    default void udpConnectSetsTheDefaultPeerForSendAndRecv() throws IOException {
        int a = track(loop().sockets().openUdpSocket(LOOPBACK_ANY_PORT));
        int b = track(loop().sockets().openUdpSocket(LOOPBACK_ANY_PORT));
        InetSocketAddress addrA = loop().sockets().localAddress(a);
        InetSocketAddress addrB = loop().sockets().localAddress(b);
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
}
