package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.sys.UnixAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The argument checks of the net classes: what is refused before any socket is made, and with which message. */
@Timeout(60)
class NetArgumentChecksTest {
    @TempDir
    Path dir;

    @Test
    void listenerOptionsRefuseABadWorkerOrBacklog() {
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> TcpListener.Options.defaults().worker(-2));
        assertEquals("worker must be >= 0, or -1 for any: -2", w.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> TcpListener.Options.defaults().backlog(0));
        assertEquals("backlog must be positive: 0", b.getMessage());
    }

    @Test
    void unresolvedAddressesAreRefusedWhereNoNameIsLookedUp() throws Exception {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("localhost", 9);
        try (Runtime rt = NetTestSupport.open(BackendKind.NIO, 1);
             UdpSocket udp = UdpSocket.bind(rt, ANY_LOOPBACK)) {
            IllegalArgumentException l = assertThrows(IllegalArgumentException.class,
                    () -> TcpListener.bind(rt, unresolved, TcpListener.Options.defaults()));
            assertEquals("address is unresolved: " + unresolved, l.getMessage());
            IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                    () -> UdpSocket.bind(rt, unresolved));
            assertEquals("address is unresolved: " + unresolved, b.getMessage());
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> udp.connect(unresolved));
            assertEquals("address is unresolved: " + unresolved, c.getMessage());
            assertEquals(null, udp.remoteAddress(), "a refused connect leaves the socket unconnected");
        }
    }

    @Test
    void unixBindRefusesTheUnnamedAddressAndANonPositiveBacklog() throws Exception {
        try (Runtime rt = NetTestSupport.open(BackendKind.NIO, 1)) {
            IllegalArgumentException unnamed = assertThrows(IllegalArgumentException.class,
                    () -> UnixListener.bind(rt, UnixAddress.unnamed(), 16));
            assertEquals("a Unix domain socket address needs a path or an abstract name", unnamed.getMessage());
            UnixAddress path = UnixAddress.ofPath(dir.resolve("b.sock"));
            IllegalArgumentException backlog = assertThrows(IllegalArgumentException.class,
                    () -> UnixListener.bind(rt, path, 0));
            assertEquals("backlog must be positive: 0", backlog.getMessage());
            IllegalArgumentException connect = assertThrows(IllegalArgumentException.class,
                    () -> UnixStream.connect(rt, UnixAddress.unnamed(), null));
            assertEquals("a Unix domain socket address needs a path or an abstract name", connect.getMessage());
        }
    }

    @Test
    void framingLimitsAndNames() {
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Framing.delimited((byte) 0, Integer.MAX_VALUE - 15));
        assertEquals("maxFrameBytes too large for one buffer: " + (Integer.MAX_VALUE - 15), big.getMessage());
        assertEquals(Integer.MAX_VALUE - 16, Framing.delimited((byte) 0, Integer.MAX_VALUE - 16).maxFrameBytes());
        assertEquals("lines(max 80)", Framing.lines(80).toString());
        assertEquals("delimited(0x0, max 512)", Framing.delimited((byte) 0, 512).toString());
        assertEquals("delimited(0xff, max 9)", Framing.delimited((byte) -1, 9).toString());
        assertEquals("lengthPrefixed(2 bytes, max 1000)", Framing.lengthPrefixed(2, 1000).toString());
    }
}
