package io.zokio.net;

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
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connecting by host name when every resolved address refuses, blocking and async, with and without a timeout. */
@Timeout(60)
class ConnectByNameFailureTest {
    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, loopback(0).getAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void assertRefused(Throwable t, int port) {
        ConnectException e = assertInstanceOf(ConnectException.class, t);
        assertTrue(e.getMessage().startsWith("Connection refused: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(":" + port), e.getMessage());
        assertEquals(Errno.ECONNREFUSED, ErrnoException.errnoOf(e));
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncConnectByNameFailsWithTheRefusal(BackendKind kind) throws Exception {
        int port = freePort();
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            InetSocketAddress byName = InetSocketAddress.createUnresolved("localhost", port);
            ExecutionException untimed = assertThrows(ExecutionException.class,
                    () -> TcpStream.connectAsync(rt, byName, null).get());
            assertRefused(untimed.getCause(), port);
            ExecutionException timed = assertThrows(ExecutionException.class,
                    () -> TcpStream.connectAsync(rt, byName, Duration.ofSeconds(10)).get());
            assertRefused(timed.getCause(), port);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void blockingConnectByNameWithATimeoutFailsWithTheRefusalNotATimeout(BackendKind kind) throws Exception {
        int port = freePort();
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            InetSocketAddress byName = InetSocketAddress.createUnresolved("localhost", port);
            ConnectException e = assertThrows(ConnectException.class,
                    () -> on(rt, () -> TcpStream.connect(rt, byName, Duration.ofSeconds(10))));
            assertRefused(e, port);
        }
    }
}
