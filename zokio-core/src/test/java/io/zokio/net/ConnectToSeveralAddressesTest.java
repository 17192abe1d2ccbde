package io.zokio.net;

import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.testing.TestNamesResolverProvider;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connecting by a name with several addresses tries them in the resolver's order: a refusal moves on to the
 * next, the first that accepts wins, and when all refuse the first refusal is thrown with the others
 * suppressed in it; a resolver that fails with an unchecked exception becomes an {@link UnknownHostException}
 * naming the host (with that exception as its cause, where the JDK passed it on).
 * Blocking and async, on each backend. The names come from {@link TestNamesResolverProvider}.
 */
@Timeout(60)
class ConnectToSeveralAddressesTest {
    @BeforeAll
    static void testNamesResolve() throws Exception {
        assertTrue(TestNamesResolverProvider.installed(), "the test resolver provider was not installed");
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static InetSocketAddress byName(String name, int port) {
        return InetSocketAddress.createUnresolved(name, port);
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aRefusedFirstAddressFallsThroughToTheNextOne(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, new InetSocketAddress("127.0.0.1", 0),
                     TcpListener.Options.defaults())) {
            InetSocketAddress target = byName(TestNamesResolverProvider.REFUSED_THEN_LOOPBACK, l.port());
            InetSocketAddress expected = new InetSocketAddress("127.0.0.1", l.port());
            on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, target, Duration.ofSeconds(10));
                     TcpStream s = l.accept(Duration.ofSeconds(10))) {
                    assertEquals(expected.getAddress(), c.remoteAddress().getAddress());
                    assertEquals(c.localAddress(), s.remoteAddress());
                }
                return null;
            });
            try (TcpStream c = TcpStream.connectAsync(rt, target, null).get();
                 TcpStream s = on(rt, () -> l.accept(Duration.ofSeconds(10)))) {
                assertEquals(expected.getAddress(), c.remoteAddress().getAddress());
                assertEquals(c.localAddress(), s.remoteAddress());
            }
        }
    }

    private static void assertFirstRefusalWithTheSecondSuppressed(Throwable t, int port) {
        ConnectException e = assertInstanceOf(ConnectException.class, t);
        assertTrue(e.getMessage().startsWith("Connection refused: ") && e.getMessage().contains("127.0.0.2")
                && e.getMessage().endsWith(":" + port), e.getMessage());
        assertEquals(1, e.getSuppressed().length, "the second address's refusal");
        ConnectException second = assertInstanceOf(ConnectException.class, e.getSuppressed()[0]);
        assertTrue(second.getMessage().contains("127.0.0.3"), second.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void whenEveryAddressRefusesTheFirstRefusalCarriesTheOthers(BackendKind kind) throws Exception {
        int port = freePort();
        InetSocketAddress target = byName(TestNamesResolverProvider.TWO_REFUSING, port);
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            ConnectException blocking = assertThrows(ConnectException.class,
                    () -> on(rt, () -> TcpStream.connect(rt, target, Duration.ofSeconds(10))));
            assertFirstRefusalWithTheSecondSuppressed(blocking, port);
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> TcpStream.connectAsync(rt, target, Duration.ofSeconds(10)).get());
            assertFirstRefusalWithTheSecondSuppressed(async.getCause(), port);
        }
    }

    /** The JDK keeps a failed lookup for a while and answers a repeated one without the first one's cause. */
    private static void causedByTheResolverIfTheJdkKeptIt(UnknownHostException e) {
        if (e.getCause() != null) {
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aResolverThatThrowsBecomesAnUnknownHostException(BackendKind kind) throws Exception {
        InetSocketAddress target = byName(TestNamesResolverProvider.BROKEN, 80);
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            UnknownHostException blocking = assertThrows(UnknownHostException.class,
                    () -> on(rt, () -> TcpStream.connect(rt, target, Duration.ofSeconds(10))));
            assertTrue(blocking.getMessage().startsWith(TestNamesResolverProvider.BROKEN), blocking.getMessage());
            causedByTheResolverIfTheJdkKeptIt(blocking);
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> TcpStream.connectAsync(rt, target, null).get());
            UnknownHostException e = assertInstanceOf(UnknownHostException.class, async.getCause());
            assertTrue(e.getMessage().startsWith(TestNamesResolverProvider.BROKEN), e.getMessage());
            causedByTheResolverIfTheJdkKeptIt(e);
        }
    }
}
