package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import io.zokio.testing.TestClock;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ConnectionPool: bound, reuse, lease timeout, waiters, idle eviction, health check; on each backend. */
@Timeout(60)
class ConnectionPoolTest {

    /** A server that accepts every connection and keeps it (closing those named by {@code closeNext}). */
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

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void boundedReuseAndLeaseTimeout(BackendKind kind) throws Exception {
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
             ConnectionPool pool = ConnectionPool.builder(rt).maxPerAddress(2).build()) {
            Task<Void> server = keepAll(rt, l, accepted);
            InetSocketAddress addr = loopback(l.port());
            on(rt, () -> {
                ConnectionPool.Lease a = pool.lease(addr, null);
                ConnectionPool.Lease b = pool.lease(addr, null);
                assertNotSame(a.stream(), b.stream());
                assertEquals(2, pool.total(addr));
                // exhausted: a bounded wait ends with LeaseTimeoutException
                assertThrows(ConnectionPool.LeaseTimeoutException.class, () -> pool.lease(addr, Duration.ofMillis(20)));
                TcpStream first = a.stream();
                a.close();
                assertEquals(1, pool.idle(addr));
                ConnectionPool.Lease again = pool.lease(addr, Duration.ofSeconds(5));
                assertSame(first, again.stream(), "an idle healthy connection is reused");
                // a waiter parks until a lease is returned
                Task<TcpStream> waiter = rt.spawn(() -> {
                    try (ConnectionPool.Lease w = pool.lease(addr, null)) {
                        return w.stream();
                    }
                });
                TcpStream bs = b.stream();
                b.close();
                assertSame(bs, waiter.join());
                again.discard();
                assertEquals(1, pool.total(addr));
                assertThrows(IllegalArgumentException.class, () -> pool.lease(addr, Duration.ofSeconds(-1)));
                assertThrows(NullPointerException.class, () -> pool.lease(null, null));
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
    void idleTimeoutAndHealthCheck(BackendKind kind) throws Exception {
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        TestClock clock = new TestClock();
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
             ConnectionPool pool = ConnectionPool.builder(rt).maxPerAddress(4).idleTimeout(Duration.ofSeconds(30))
                     .clock(clock).build()) {
            Task<Void> server = keepAll(rt, l, accepted);
            InetSocketAddress addr = loopback(l.port());
            on(rt, () -> {
                ConnectionPool.Lease a = pool.lease(addr, null);
                TcpStream first = a.stream();
                a.close();
                clock.advance(Duration.ofSeconds(31).toNanos());
                assertEquals(1, pool.evictIdle());
                assertEquals(0, pool.total(addr));
                assertEquals(false, first.isOpen());

                // the peer closes an idle connection: the health check drops it and a new one is made
                ConnectionPool.Lease b = pool.lease(addr, null);
                TcpStream second = b.stream();
                b.close();
                while (accepted.size() < 2) {
                    Thread.onSpinWait(); // the acceptor task records the server side
                    Thread.yield();
                }
                accepted.get(1).close();
                // wait until the FIN has arrived: a read on our side would see it, but our stream is idle in the
                // pool, so probe with the health check itself until it reports unhealthy
                while (second.probeIdle()) {
                    Thread.yield();
                }
                ConnectionPool.Lease c = pool.lease(addr, null);
                assertNotSame(second, c.stream());
                assertEquals(false, second.isOpen());
                // the new connection works
                c.stream().writeAll(ByteBuffer.wrap(new byte[] {1}));
                c.close();
                return null;
            });
            l.close();
            server.join();
            List<TcpStream> all = new ArrayList<>(accepted);
            for (TcpStream s : all) {
                s.close();
            }
        }
    }
}
