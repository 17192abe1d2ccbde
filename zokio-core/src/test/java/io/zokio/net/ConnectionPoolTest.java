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
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ConnectionPool: bound, reuse, lease timeout, waiters, idle eviction, health check, and that a lease whose
 * exchange was abandoned (timeout, cancelled task) is never reused; on each backend.
 */
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

    /**
     * A request-reply server: one line in, "price-of-" + line out. A request starting with "slow" is answered
     * only once {@code release} opens; {@code slowArrived} counts slow requests received.
     */
    private static Task<Void> priceServer(Runtime rt, TcpListener l, List<TcpStream> accepted,
            CountDownLatch slowArrived, CountDownLatch release) {
        return rt.spawn(() -> {
            while (true) {
                TcpStream s;
                try {
                    s = l.accept();
                } catch (java.nio.channels.ClosedChannelException closed) {
                    return null;
                }
                accepted.add(s);
                rt.spawn(() -> {
                    try {
                        while (true) {
                            String req = readLine(s);
                            if (req.startsWith("slow")) {
                                slowArrived.countDown();
                                release.await();
                            }
                            s.writeAll(ByteBuffer.wrap(("price-of-" + req + "\n").getBytes(StandardCharsets.US_ASCII)));
                        }
                    } catch (IOException gone) {
                        return null; // the client closed (or discarded) the connection
                    }
                });
            }
        });
    }

    private static String readLine(TcpStream s) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (s.read(one) < 0) {
                throw new EOFException("end of stream after '" + sb + "'");
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return sb.toString();
            }
            sb.append(c);
        }
    }

    private static String call(ConnectionPool.Lease lease, String request, Duration timeout) throws IOException {
        TcpStream s = lease.stream();
        s.writeAll(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.US_ASCII)));
        s.setReadTimeout(timeout);
        return readLine(s);
    }

    enum Abandon { READ_TIMEOUT, TASK_CANCELLED }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void abandonedExchangeIsNotReusedAfterReadTimeout(BackendKind kind) throws Exception {
        abandonedExchangeIsNotReused(kind, Abandon.READ_TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void abandonedExchangeIsNotReusedAfterTaskCancel(BackendKind kind) throws Exception {
        abandonedExchangeIsNotReused(kind, Abandon.TASK_CANCELLED);
    }

    /**
     * A caller sends "slowX" and gives up before the reply (its read times out, or its task is cancelled while
     * it reads). The next caller of the same pool must get the reply to its own request, not "price-of-slowX":
     * the slow reply is released only after the next request was written, so a reused connection would show it.
     */
    private void abandonedExchangeIsNotReused(BackendKind kind, Abandon how) throws Exception {
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        CountDownLatch slowArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
             ConnectionPool pool = ConnectionPool.builder(rt).maxPerAddress(1).build()) {
            Task<Void> server = priceServer(rt, l, accepted, slowArrived, release);
            InetSocketAddress addr = loopback(l.port());
            try {
                on(rt, () -> {
                    try (ConnectionPool.Lease warm = pool.lease(addr, null)) {
                        assertEquals("price-of-warm", call(warm, "warm", null));
                    }
                    assertEquals(1, pool.idle(addr), "a clean exchange returns the connection");
                    if (how == Abandon.READ_TIMEOUT) {
                        try (ConnectionPool.Lease slow = pool.lease(addr, null)) {
                            assertThrows(SocketTimeoutException.class, () -> call(slow, "slowX", Duration.ofMillis(20)));
                        }
                    } else {
                        Task<String> caller = rt.spawn(() -> {
                            try (ConnectionPool.Lease slow = pool.lease(addr, null)) {
                                return call(slow, "slowX", null);
                            }
                        });
                        slowArrived.await(); // the request was sent and the caller waits for the reply
                        caller.cancel();
                        // join returns once the body ended: its lease was closed by its try-with-resources
                        assertThrows(CancellationException.class, caller::join);
                    }
                    try (ConnectionPool.Lease next = pool.lease(addr, Duration.ofSeconds(10))) {
                        TcpStream s = next.stream();
                        s.writeAll(ByteBuffer.wrap("fresh\n".getBytes(StandardCharsets.US_ASCII)));
                        release.countDown(); // a reused connection now receives the slow reply first
                        assertEquals("price-of-fresh", readLine(s), "next call for key 'fresh'");
                    }
                    return null;
                });
            } finally {
                release.countDown();
                l.close();
                server.join();
                for (TcpStream s : accepted) {
                    s.close();
                }
            }
        }
    }
}
