package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.sys.PeerAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP on the NIO backend beyond plain datagrams: an empty datagram is sent and received as 0 bytes, and
 * stream-only operations on a UDP socket fail EOPNOTSUPP as on Linux.
 */
@Timeout(20)
class NioUdpEdgeCasesTest extends NioLoopFixture {

    @BeforeEach
    void setUp() {
        open(1);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    @Test
    void anEmptyDatagramIsSentAndReceivedAsZeroBytes() throws Exception {
        int a = loop.sockets().openUdpSocket(LOOPBACK_ANY);
        int b = loop.sockets().openUdpSocket(LOOPBACK_ANY);
        InetSocketAddress to = loop.sockets().localAddress(b);
        assertEquals(0, await(new Completion().prepSendMsg(a, arena.allocate(0), to, 0)));
        PeerAddress from = new PeerAddress();
        assertEquals(0, await(new Completion().prepRecvMsg(b, arena.allocate(8), from, 0)));
        assertEquals(loop.sockets().localAddress(a).getPort(), from.toInetSocketAddress().getPort());
    }

    @Test
    void acceptOnAUdpSocketIsNotSupported() throws Exception {
        int a = loop.sockets().openUdpSocket(LOOPBACK_ANY);
        assertEquals(-Errno.EOPNOTSUPP, await(new Completion().prepAccept(a)));
    }
}
