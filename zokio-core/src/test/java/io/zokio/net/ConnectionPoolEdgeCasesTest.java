package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ConnectionPool: its configuration checks, a returned lease, a failing health check, an interrupted waiter, and
 * the pool after close; on each backend.
 */
@Timeout(60)
class ConnectionPoolEdgeCasesTest {

    private static Task<Void> keepAll(Runtime rt, TcpListener l, List<TcpStream> accepted) {
        return rt.spawn(() -> {
            while (true) {
                try {
                    accepted.add(l.accept());
                } catch (java.nio.channels.ClosedChannelException closed) {
                    return null;
                }
            }
        });
    }

    @Test
    void builderRefusesNonPositiveLimits() throws Exception {
        try (Runtime rt = NetTestSupport.open(BackendKind.NIO, 1)) {
            ConnectionPool.Builder b = ConnectionPool.builder(rt);
            IllegalArgumentException max = assertThrows(IllegalArgumentException.class, () -> b.maxPerAddress(0));
            assertEquals("maxPerAddress must be positive: 0", max.getMessage());
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> b.idleTimeout(Duration.ZERO));
            assertEquals("idleTimeout must be positive: PT0S", zero.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.idleTimeout(Duration.ofSeconds(-1)));
            assertThrows(NullPointerException.class, () -> b.idleTimeout(null));
            assertThrows(NullPointerException.class, () -> b.healthCheck(null));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void failingHealthCheckReplacesTheIdleConnection(BackendKind kind) throws Exception {
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger checks = new AtomicInteger();
        ConnectionPool.HealthCheck failing = s -> {
            checks.incrementAndGet();
            throw new IOException("probe failed");
        };
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
             ConnectionPool pool = ConnectionPool.builder(rt).maxPerAddress(1).healthCheck(failing).build()) {
            Task<Void> server = keepAll(rt, l, accepted);
            InetSocketAddress addr = loopback(l.port());
            on(rt, () -> {
                ConnectionPool.Lease a = pool.lease(addr, null);
                TcpStream first = a.stream();
                a.close();
                IllegalStateException returned = assertThrows(IllegalStateException.class, a::stream);
                assertEquals("lease already returned", returned.getMessage());
                a.close(); // idempotent
                a.discard(); // after close: nothing more to do
                assertEquals(1, pool.idle(addr));
                try (ConnectionPool.Lease b = pool.lease(addr, null)) {
                    assertEquals(1, checks.get());
                    assertNotSame(first, b.stream(), "an idle connection whose check threw is not reused");
                    assertFalse(first.isOpen(), "and it is closed");
                    assertEquals(1, pool.total(addr));
                }
                return null;
            });
            l.close();
            server.join();
            for (TcpStream s : accepted) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void interruptedWaiterAndClosedPool(BackendKind kind) throws Exception {
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            Task<Void> server = keepAll(rt, l, accepted);
            InetSocketAddress addr = loopback(l.port());
            InetSocketAddress unknown = loopback(1);
            ConnectionPool pool = ConnectionPool.builder(rt).maxPerAddress(1).build();
            assertEquals(0, pool.total(unknown), "an address never leased has no connections");
            assertEquals(0, pool.idle(unknown));
            on(rt, () -> {
                ConnectionPool.Lease held = pool.lease(addr, null);
                Thread.currentThread().interrupt();
                InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> pool.lease(addr, null));
                assertEquals("interrupted while waiting for a connection", e.getMessage());
                assertTrue(Thread.interrupted(), "the interrupt status is kept");
                pool.close();
                IllegalStateException closed = assertThrows(IllegalStateException.class,
                        () -> pool.lease(addr, null));
                assertEquals("connection pool is closed", closed.getMessage());
                TcpStream s = held.stream();
                held.close();
                assertFalse(s.isOpen(), "a lease returned to a closed pool is closed");
                assertEquals(0, pool.total(addr));
                return null;
            });
            l.close();
            server.join();
            for (TcpStream s : accepted) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aLeaseReturnedByAnInterruptedThreadIsDiscarded(BackendKind kind) throws Exception {
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
             ConnectionPool pool = ConnectionPool.builder(rt).build()) {
            Task<Void> server = keepAll(rt, l, accepted);
            InetSocketAddress addr = loopback(l.port());
            on(rt, () -> {
                ConnectionPool.Lease a = pool.lease(addr, null);
                TcpStream s = a.stream();
                Thread.currentThread().interrupt();
                a.close();
                assertTrue(Thread.interrupted(), "the caller's interrupt status is left as it was");
                assertFalse(s.isOpen(), "an interrupted exchange may be cut short: not reused");
                assertEquals(0, pool.total(addr));
                assertEquals(0, pool.idle(addr));
                return null;
            });
            l.close();
            server.join();
            for (TcpStream s : accepted) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aLeaseWithAPendingReadIsDiscardedAndAnIdleStreamClosedMeanwhileIsNotHandedOut(BackendKind kind)
            throws Exception {
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
             ConnectionPool pool = ConnectionPool.builder(rt).maxPerAddress(1).build()) {
            Task<Void> server = keepAll(rt, l, accepted);
            InetSocketAddress addr = loopback(l.port());
            on(rt, () -> {
                ConnectionPool.Lease a = pool.lease(addr, null);
                TcpStream pending = a.stream();
                var read = pending.readAsync(java.nio.ByteBuffer.allocate(1), null);
                a.close();
                assertFalse(pending.isOpen(), "a stream with a read still pending is not reused");
                var e = assertThrows(java.util.concurrent.ExecutionException.class, read::get);
                assertTrue(e.getCause() instanceof java.nio.channels.AsynchronousCloseException, e.toString());
                assertEquals(0, pool.total(addr));

                ConnectionPool.Lease b = pool.lease(addr, null);
                TcpStream kept = b.stream();
                b.close();
                assertEquals(1, pool.idle(addr));
                kept.close(); // a caller that kept the stream closes it while it is idle
                try (ConnectionPool.Lease c = pool.lease(addr, null)) {
                    assertNotSame(kept, c.stream(), "the closed idle stream is replaced");
                    assertTrue(c.stream().isOpen());
                    assertEquals(1, pool.total(addr));
                }
                return null;
            });
            l.close();
            server.join();
            for (TcpStream s : accepted) {
                s.close();
            }
        }
    }
}
