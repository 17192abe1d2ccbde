package io.zokio.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The options of a {@link ZokioSocket}: validated and recorded before connect, applied to and read back from the
 * connection after it, recorded-only ones kept, unsupported ones refused as the JDK's socket refuses them.
 */
@Timeout(60)
class ZokioSocketOptionsTest {

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void optionsSetBeforeConnectAreValidatedAndReadBack(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocket s = new ZokioSocket(rt)) {
            // the JDK socket's defaults
            assertFalse(s.getTcpNoDelay());
            assertFalse(s.getKeepAlive());
            assertEquals(-1, s.getSoLinger());
            assertFalse(s.getReuseAddress());
            s.setReuseAddress(true);
            assertTrue(s.getReuseAddress());
            s.setSendBufferSize(32 * 1024);
            assertEquals(32 * 1024, s.getSendBufferSize());
            s.setReceiveBufferSize(16 * 1024);
            assertEquals(16 * 1024, s.getReceiveBufferSize());
            s.setSoLinger(true, 0);
            assertEquals(0, s.getSoLinger());
            s.setSoLinger(false, 99);
            assertEquals(-1, s.getSoLinger(), "linger off reads back as -1, whatever seconds were given");
            s.setSoTimeout(250);
            assertEquals(250, s.getSoTimeout());
            s.setTrafficClass(0x10);
            assertEquals(0x10, s.getTrafficClass());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.setSendBufferSize(0));
            assertTrue(e.getMessage().contains("SO_SNDBUF"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.setReceiveBufferSize(-5));
            assertTrue(e.getMessage().contains("SO_RCVBUF"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.setSoLinger(true, -1));
            assertThrows(IllegalArgumentException.class, () -> s.setSoTimeout(-1));
            assertThrows(IllegalArgumentException.class, () -> s.setTrafficClass(256));
            assertThrows(IllegalArgumentException.class, () -> s.setTrafficClass(-1));
            assertThrows(IllegalArgumentException.class, () -> s.setOption(StandardSocketOptions.TCP_NODELAY, null));
            assertEquals(32 * 1024, s.getSendBufferSize(), "a refused value leaves the recorded one");

            UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                    () -> s.setOption(StandardSocketOptions.IP_TOS, 0));
            assertTrue(u.getMessage().contains("IP_TOS"), u.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> s.getOption(StandardSocketOptions.IP_TOS));
            assertEquals(Set.of(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_KEEPALIVE,
                    StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER,
                    StandardSocketOptions.SO_REUSEADDR), s.supportedOptions());

            s.setOOBInline(false);
            assertFalse(s.getOOBInline());
            assertThrows(SocketException.class, () -> s.setOOBInline(true));
            assertThrows(SocketException.class, () -> s.sendUrgentData(1));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void anUnconnectedSocketHasNoAddressesAndRefusesWhatNeedsAConnection(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocket s = new ZokioSocket(rt)) {
            assertFalse(s.isConnected());
            assertFalse(s.isBound());
            assertEquals(null, s.getInetAddress());
            assertEquals(0, s.getPort());
            assertEquals(-1, s.getLocalPort());
            assertTrue(s.getLocalAddress().isAnyLocalAddress());
            assertEquals(null, s.getRemoteSocketAddress());
            assertEquals(null, s.getLocalSocketAddress());
            assertEquals(null, s.stream());
            assertEquals("ZokioSocket[unconnected]", s.toString());

            for (var call : new org.junit.jupiter.api.function.Executable[] {s::getInputStream, s::getOutputStream,
                s::shutdownInput, s::shutdownOutput}) {
                SocketException e = assertThrows(SocketException.class, call);
                assertEquals("Socket is not connected", e.getMessage());
            }

            // an ephemeral bind is accepted (it happens at connect); a chosen address or port is not
            s.bind(null);
            s.bind(new InetSocketAddress(0));
            assertThrows(SocketException.class, () -> s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            assertThrows(SocketException.class, () -> s.bind(new InetSocketAddress(40_000)));
            SocketException unresolved = assertThrows(SocketException.class,
                    () -> s.bind(InetSocketAddress.createUnresolved("localhost", 0)));
            assertTrue(unresolved.getMessage().startsWith("Unresolved address"), unresolved.getMessage());

            assertThrows(IllegalArgumentException.class, () -> s.connect(new java.net.SocketAddress() {
            }));
            assertThrows(IllegalArgumentException.class,
                    () -> s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), -1));
            assertFalse(s.isConnected());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void aClosedSocketRefusesOptionsConnectAndBind(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer()) {
            ZokioSocket s = new ZokioSocket(rt);
            s.close();
            s.close(); // idempotent
            assertTrue(s.isClosed());
            assertEquals("ZokioSocket[unconnected,closed]", s.toString());
            for (var call : new org.junit.jupiter.api.function.Executable[] {() -> s.setTcpNoDelay(true),
                s::getKeepAlive, s::getSoTimeout, () -> s.setSoTimeout(1), s::getTrafficClass,
                () -> s.setTrafficClass(0), s::getOOBInline, () -> s.setOOBInline(false), () -> s.bind(null),
                () -> s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port()))}) {
                SocketException e = assertThrows(SocketException.class, call);
                assertEquals("Socket is closed", e.getMessage());
            }
            assertFalse(s.isConnected(), "no connection was made after close");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void optionsSetAfterConnectReachTheConnection(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer();
             ZokioSocket s = new ZokioSocket(rt)) {
            s.setSendBufferSize(32 * 1024);
            s.setSoLinger(false, 0);
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port());
            s.connect(target, 10_000);
            try (Socket p = peer.take()) {
                // read back from the kernel, which doubles what it is given (and never halves it)
                assertTrue(s.getSendBufferSize() >= 32 * 1024, "applied at connect: " + s.getSendBufferSize());
                assertEquals(-1, s.getSoLinger(), "linger off, applied at connect");
                int small = s.getSendBufferSize();
                s.setSendBufferSize(128 * 1024);
                assertTrue(s.getSendBufferSize() > small, "applied now: " + s.getSendBufferSize());
                s.setReceiveBufferSize(48 * 1024);
                assertTrue(s.getReceiveBufferSize() >= 48 * 1024, "applied now: " + s.getReceiveBufferSize());

                s.setKeepAlive(true);
                assertTrue(s.getKeepAlive());
                s.setKeepAlive(false);
                assertFalse(s.getKeepAlive());
                s.setSoLinger(true, 2);
                assertEquals(2, s.getSoLinger());
                s.setSoLinger(false, 0);
                assertEquals(-1, s.getSoLinger());
                s.setReuseAddress(true); // recorded only: a client binds an ephemeral port
                assertTrue(s.getReuseAddress());

                SocketException again = assertThrows(SocketException.class, () -> s.connect(target));
                assertEquals("already connected", again.getMessage());

                assertEquals(InetAddress.getLoopbackAddress(), s.getLocalAddress());
                assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.getPort()),
                        s.getLocalSocketAddress());
                InetSocketAddress remote = (InetSocketAddress) s.getRemoteSocketAddress();
                assertEquals(target.getPort(), remote.getPort());
                assertEquals("ZokioSocket[addr=" + remote + ",localport=" + p.getPort() + "]", s.toString());
                s.close();
                assertEquals("ZokioSocket[addr=" + remote + ",localport=-1,closed]", s.toString());
                assertTrue(s.getLocalAddress().isAnyLocalAddress(), "the wildcard address once closed, as the JDK's");
                assertThrows(SocketException.class, s::getSendBufferSize);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void optionCallsOnAClosedConnectionAreSocketExceptions(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer();
             ZokioSocket s = new ZokioSocket(rt)) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port()));
            try (Socket p = peer.take()) {
                assertNotNull(p);
                s.stream().close(); // the connection under the socket, closed behind its back
                SocketException set = assertThrows(SocketException.class, () -> s.setSendBufferSize(8192));
                assertEquals("Socket closed", set.getMessage());
                assertInstanceOf(ClosedChannelException.class, set.getCause());
                SocketException get = assertThrows(SocketException.class, s::getReceiveBufferSize);
                assertEquals("Socket closed", get.getMessage());
                assertThrows(SocketException.class, () -> s.setTcpNoDelay(true));
            }
        }
    }
}
