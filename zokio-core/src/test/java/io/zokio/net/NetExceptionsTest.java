package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exceptions of the net API follow java.net: refused connect, address in use, unknown host, each naming
 * the address, with the errno reachable; connecting by host name; on each backend.
 */
@Timeout(60)
class NetExceptionsTest {
    /** Reserved by RFC 6761: never resolves. */
    private static final String UNKNOWN_HOST = "zokio-test.invalid";

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, loopback(0).getAddress())) {
            return probe.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void refusedConnectIsAConnectExceptionNamingTheAddress(BackendKind kind) throws Exception {
        int port = freePort();
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            ConnectException e = assertThrows(ConnectException.class,
                    () -> on(rt, () -> TcpStream.connect(rt, loopback(port), Duration.ofSeconds(10))));
            assertTrue(e.getMessage().contains(":" + port), e.getMessage());
            ErrnoException cause = assertInstanceOf(ErrnoException.class, e.getCause());
            assertEquals("connect", cause.syscall());
            assertEquals(Errno.ECONNREFUSED, ErrnoException.errnoOf(e));
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> TcpStream.connectAsync(rt, loopback(port), null).get());
            assertInstanceOf(ConnectException.class, async.getCause());
            // by name: every address of localhost is refused; the first failure is thrown
            ConnectException byName = assertThrows(ConnectException.class,
                    () -> on(rt, () -> TcpStream.connect(rt, "localhost", port)));
            assertTrue(byName.getMessage().contains("localhost"), byName.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void addressInUseIsABindException(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener first = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
             UdpSocket udp = UdpSocket.bind(rt, ANY_LOOPBACK)) {
            InetSocketAddress taken = loopback(first.port());
            BindException e = assertThrows(BindException.class,
                    () -> TcpListener.bind(rt, taken, TcpListener.Options.defaults()));
            assertTrue(e.getMessage().contains(":" + first.port()), e.getMessage());
            assertEquals(Errno.EADDRINUSE, ErrnoException.errnoOf(e));
            BindException u = assertThrows(BindException.class, () -> UdpSocket.bind(rt, udp.localAddress()));
            assertEquals(Errno.EADDRINUSE, ErrnoException.errnoOf(u));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void connectByHostNameResolvesOffTheLoops(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            var server = rt.spawn(() -> {
                for (int i = 0; i < 2; i++) {
                    try (TcpStream s = l.accept()) {
                        s.writeAll(ByteBuffer.wrap(new byte[] {(byte) i}));
                    }
                }
                return null;
            });
            on(rt, () -> {
                // localhost may list ::1 before 127.0.0.1: a refused address is skipped for the next
                try (TcpStream c = TcpStream.connect(rt, "localhost", l.port())) {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    c.readFully(b);
                    assertEquals(0, b.get(0));
                }
                return null;
            });
            try (TcpStream c = TcpStream.connectAsync(rt, InetSocketAddress.createUnresolved("localhost", l.port()),
                    Duration.ofSeconds(10)).get()) {
                ByteBuffer b = ByteBuffer.allocate(1);
                on(rt, () -> {
                    c.readFully(b);
                    return null;
                });
                assertEquals(1, b.get(0));
            }
            server.join();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void unknownHostAndClosedStream(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> on(rt, () -> TcpStream.connect(rt, UNKNOWN_HOST, 80)));
            assertTrue(e.getMessage().contains(UNKNOWN_HOST), e.getMessage());
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> TcpStream.connectAsync(rt, InetSocketAddress.createUnresolved(UNKNOWN_HOST, 80), null).get());
            assertInstanceOf(UnknownHostException.class, async.getCause());
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            c.close();
            assertThrows(ClosedChannelException.class, () -> on(rt, () -> c.read(ByteBuffer.allocate(1))));
            assertThrows(ClosedChannelException.class, () -> on(rt, () -> c.write(ByteBuffer.allocate(1))));
            assertThrows(ClosedChannelException.class, c::localAddress);
            l.close();
            assertThrows(ClosedChannelException.class, () -> on(rt, () -> l.accept()));
        }
    }
}
