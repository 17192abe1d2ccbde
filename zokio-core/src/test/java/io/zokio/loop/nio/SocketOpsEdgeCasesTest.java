package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The NIO backend's socket calls on a connected loopback pair, in blocking mode so that sent bytes are there when
 * read: zero-length transfers, MSG_PEEK emulation (repeated peeks, vectored receives after a peek), errnos of sends
 * on unconnected, shut-down and closed sockets, and one-sided shutdowns.
 */
@Timeout(30)
class SocketOpsEdgeCasesTest {
    private ServerSocketChannel server;
    private SocketChannel a;
    private SocketChannel b;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        a = SocketChannel.open(server.getLocalAddress());
        b = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        a.close();
        b.close();
        server.close();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ByteBuffer buf) {
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void zeroLengthTransfersReturnZeroWithoutTouchingTheSocket() {
        ByteBuffer empty = ByteBuffer.allocate(0);
        assertEquals(0, SocketOps.recv(a, empty));
        assertEquals(0, SocketOps.send(a, empty));
        assertEquals(0, SocketOps.recv(a, new ByteBuffer[] {empty, ByteBuffer.allocate(0)}));
        assertEquals(0, SocketOps.send(a, new ByteBuffer[0]));
        assertEquals(0, SocketOps.recv(Handle.socket(0, a), empty, true), "a peek of 0 bytes");
    }

    @Test
    void peeksRepeatUntilAReceiveTakesTheBytes() {
        assertEquals(5, SocketOps.send(b, ascii("hello")));
        Handle h = Handle.socket(0, a);
        ByteBuffer p1 = ByteBuffer.allocate(16);
        assertEquals(5, SocketOps.recv(h, p1, true));
        assertEquals("hello", text(p1));
        ByteBuffer p2 = ByteBuffer.allocate(3);
        assertEquals(3, SocketOps.recv(h, p2, true), "a second peek reads the peeked bytes again");
        assertEquals("hel", text(p2));

        ByteBuffer first = ByteBuffer.allocate(2);
        ByteBuffer second = ByteBuffer.allocate(10);
        assertEquals(5, SocketOps.recv(h, new ByteBuffer[] {first, second}), "a vectored receive takes them");
        assertEquals("he", text(first));
        assertEquals("llo", text(second));

        assertEquals(3, SocketOps.send(b, ascii("abc")));
        ByteBuffer next = ByteBuffer.allocate(8);
        assertEquals(3, SocketOps.recv(h, new ByteBuffer[] {next}), "then the socket is read again");
        assertEquals("abc", text(next));
    }

    @Test
    void sendsOnAnUnconnectedSocketAreEpipe() throws IOException {
        try (SocketChannel unconnected = SocketChannel.open()) {
            assertEquals(-Errno.EPIPE, SocketOps.send(unconnected, ascii("x")));
            assertEquals(-Errno.EPIPE, SocketOps.send(unconnected, new ByteBuffer[] {ascii("x")}));
        }
    }

    @Test
    void sendsAfterShutdownOutputAreEpipeAndOnAClosedSocketEbadf() throws IOException {
        assertEquals(0, SocketOps.shutdown(a, ShutdownHow.SHUT_WR));
        assertEquals(-Errno.EPIPE, SocketOps.send(a, ascii("x")));
        assertEquals(-Errno.EPIPE, SocketOps.send(a, new ByteBuffer[] {ascii("x")}));
        assertEquals(0, SocketOps.recv(b, ByteBuffer.allocate(4)), "the peer reads end of stream");
        a.close();
        assertEquals(-Errno.EBADF, SocketOps.send(a, ascii("x")));
        assertEquals(-Errno.EBADF, SocketOps.send(a, new ByteBuffer[] {ascii("x")}));
        assertEquals(-Errno.EBADF, SocketOps.recv(a, new ByteBuffer[] {ByteBuffer.allocate(1)}));
    }

    @Test
    void shutdownOfTheReadSideAloneLeavesSendingOpen() {
        assertEquals(0, SocketOps.shutdown(a, ShutdownHow.SHUT_RD));
        assertEquals(0, SocketOps.recv(a, ByteBuffer.allocate(4)), "end of stream at once");
        assertEquals(2, SocketOps.send(a, ascii("ok")));
        ByteBuffer got = ByteBuffer.allocate(4);
        assertEquals(2, SocketOps.recv(b, got));
        assertEquals("ok", text(got));
    }
}
