package io.zokio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.testing.ExpectIoUring;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each socket call ends exactly once, counted at the API: reads, writes, accepts and connects, blocking (on
 * virtual threads outside the runtime) and async (future chains), on both backends, while a seeded plan closes
 * streams and listeners and then the runtime at chosen call numbers. Every call must end once, with a result or
 * an {@code IOException}; none may be left waiting once the runtime has closed. Under the test kit the same
 * class runs over fault-injecting backends, whose own check counts every completion.
 */
@ExtendWith(ExpectIoUring.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketCallOutcomesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long[] SEEDS = {7, 0x5EED, 0xC105E};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (BackendKind kind : new BackendKind[] {BackendKind.NIO, BackendKind.IO_URING}) {
            for (long seed : SEEDS) {
                out.add(Arguments.of(kind, seed));
            }
        }
        return out.stream();
    }

    /** One run's state: the runtime, what may be closed, and the seeded plan of closes by call number. */
    private static final class Run {
        final Runtime rt;
        final Random plan;
        final long runtimeCloseAt;
        final Set<Long> streamCloses = new TreeSet<>();
        final long listenerCloseAt;
        final List<TcpStream> streams = new CopyOnWriteArrayList<>();
        final List<TcpListener> listeners = new CopyOnWriteArrayList<>();
        final CountDownLatch closeRuntime = new CountDownLatch(1);
        volatile boolean stopping;

        Run(Runtime rt, long seed) {
            this.rt = rt;
            this.plan = new Random(seed);
            this.runtimeCloseAt = 300 + plan.nextInt(300);
            for (int i = 0; i < 12; i++) {
                streamCloses.add(20L + plan.nextInt((int) runtimeCloseAt + 40));
            }
            this.listenerCloseAt = runtimeCloseAt - 20 + plan.nextInt(60); // before or after the runtime's
        }

        /** Runs on the thread starting call {@code id}: the planned close of that moment, if any. */
        void onCall(long id) {
            if (id == runtimeCloseAt) {
                stopping = true;
                closeRuntime.countDown(); // a platform thread closes it: never a worker
            }
            if (id == listenerCloseAt && !listeners.isEmpty()) {
                closeQuietly(listeners.get(pick(listeners.size())));
            }
            if (streamCloses.contains(id) && !streams.isEmpty()) {
                closeQuietly(streams.get(pick(streams.size())));
            }
        }

        private int pick(int n) {
            synchronized (plan) {
                return plan.nextInt(n);
            }
        }
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("cases")
    void everyCallEndsOnceWhileStreamsListenersAndTheRuntimeClose(BackendKind kind, long seed) throws Exception {
        Runtime rt = NetTestSupport.open(kind, 2);
        Run run = new Run(rt, seed);
        CallLedger ledger = new CallLedger(run::onCall);
        String where = kind + " seed=" + seed + " (runtime closes at call " + run.runtimeCloseAt + ")";
        TcpListener blockingListener = NetTestSupport.on(rt,
                () -> TcpListener.bind(rt, NetTestSupport.ANY_LOOPBACK, TcpListener.Options.defaults()));
        TcpListener asyncListener = NetTestSupport.on(rt,
                () -> TcpListener.bind(rt, NetTestSupport.ANY_LOOPBACK, TcpListener.Options.defaults()));
        run.listeners.add(blockingListener);
        run.listeners.add(asyncListener);

        Thread closer = Thread.ofPlatform().name("runtime-closer").start(() -> {
            try {
                run.closeRuntime.await();
            } catch (InterruptedException e) {
                return;
            }
            rt.close();
        });
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofVirtual().start(() -> acceptBlocking(run, ledger, blockingListener, threads)));
        for (int i = 0; i < 3; i++) {
            threads.add(Thread.ofVirtual().start(() -> clientBlocking(run, ledger, blockingListener.localAddress())));
        }
        List<CompletableFuture<?>> chains = new CopyOnWriteArrayList<>();
        chains.add(acceptAsync(run, ledger, asyncListener, chains));
        for (int i = 0; i < 2; i++) {
            chains.add(clientAsync(run, ledger, asyncListener.localAddress(), chains));
        }

        closer.join(TimeUnit.SECONDS.toMillis(100));
        assertFalse(closer.isAlive(), "the runtime was never closed, or its close hangs: " + where);
        for (int i = 0; i < threads.size(); i++) { // the acceptor may add echo threads while we wait
            Thread t = threads.get(i);
            assertTrue(t.join(WAIT), "a blocking call never ended after the runtime closed: " + where + ", open "
                    + ledger.open());
        }
        for (int i = 0; i < chains.size(); i++) { // chains may add more while we wait
            try {
                chains.get(i).handle((v, t) -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("an async call never completed after the runtime closed: " + where + ", open " + ledger.open());
            }
        }

        assertEquals(Set.of(), ledger.open().keySet(), () -> "calls never ended (" + where + "): " + ledger.open());
        assertEquals(List.of(), List.copyOf(ledger.failures()), where);
        for (TcpStream s : run.streams) {
            assertFalse(s.isOpen(), "a stream open after the runtime closed: " + where);
        }
        for (String call : new String[] {"accept", "connect", "read", "write", "acceptAsync", "connectAsync",
                "readAsync", "writeAsync"}) {
            assertTrue(ledger.count(call + " ok") > 0, () -> call + " never succeeded, so the run proves little ("
                    + where + "): " + ledger.outcomes());
        }
        System.out.println("socket call outcomes " + where + ": " + ledger.started() + " calls " + ledger.outcomes());
    }

    // ------------------------------------------------------------------ blocking style

    private static void acceptBlocking(Run run, CallLedger ledger, TcpListener l, List<Thread> threads) {
        while (!run.stopping) {
            try {
                TcpStream s = ledger.call("accept", () -> l.accept(WAIT));
                run.streams.add(s);
                threads.add(Thread.ofVirtual().start(() -> echoBlocking(ledger, s)));
            } catch (IOException e) {
                if (!l.isOpen()) {
                    return;
                }
            }
        }
    }

    private static void echoBlocking(CallLedger ledger, TcpStream s) {
        ByteBuffer b = ByteBuffer.allocate(256);
        try {
            while (true) {
                b.clear();
                int n = ledger.call("read", () -> s.read(b, WAIT));
                if (n < 0) {
                    return;
                }
                b.flip();
                ledger.call("write", () -> s.write(b, WAIT));
            }
        } catch (IOException e) {
            // the stream, or the runtime, closed: this echo is over
        } finally {
            closeQuietly(s);
        }
    }

    private static void clientBlocking(Run run, CallLedger ledger, InetSocketAddress address) {
        ByteBuffer b = ByteBuffer.allocate(64);
        while (!run.stopping) {
            TcpStream s = null;
            try {
                s = ledger.call("connect", () -> TcpStream.connect(run.rt, address, WAIT));
                run.streams.add(s);
                TcpStream c = s;
                for (int i = 0; i < 4; i++) {
                    b.clear();
                    ledger.call("write", () -> c.write(b, WAIT));
                    b.clear();
                    if (ledger.call("read", () -> c.read(b, WAIT)) < 0) {
                        break;
                    }
                }
            } catch (IOException e) {
                // closed by the plan, refused after the listener closed, or the runtime closed: next round
            } finally {
                closeQuietly(s);
            }
        }
    }

    // ------------------------------------------------------------------ async style

    private static CompletableFuture<?> acceptAsync(Run run, CallLedger ledger, TcpListener l,
            List<CompletableFuture<?>> chains) {
        return ledger.async("acceptAsync", () -> l.acceptAsync(WAIT)).handle((s, t) -> {
            if (s != null) {
                run.streams.add(s);
                chains.add(echoAsync(ledger, s, ByteBuffer.allocateDirect(256)));
            }
            if (!run.stopping && l.isOpen()) {
                chains.add(acceptAsync(run, ledger, l, chains));
            }
            return null;
        });
    }

    private static CompletableFuture<?> echoAsync(CallLedger ledger, TcpStream s, ByteBuffer b) {
        b.clear();
        return ledger.async("readAsync", () -> s.readAsync(b, WAIT)).thenCompose(n -> {
            if (n < 0) {
                return CompletableFuture.completedFuture(null);
            }
            b.flip();
            return ledger.async("writeAsync", () -> s.writeAsync(b, WAIT)).thenCompose(w -> echoAsync(ledger, s, b));
        }).whenComplete((v, t) -> closeQuietly(s));
    }

    private static CompletableFuture<?> clientAsync(Run run, CallLedger ledger, InetSocketAddress address,
            List<CompletableFuture<?>> chains) {
        return ledger.async("connectAsync", () -> TcpStream.connectAsync(run.rt, address, WAIT)).handle((s, t) -> {
            if (s != null) {
                run.streams.add(s);
                chains.add(exchangeAsync(ledger, s, ByteBuffer.allocateDirect(64), 4)
                        .whenComplete((v, e) -> {
                            closeQuietly(s);
                            if (!run.stopping) {
                                chains.add(clientAsync(run, ledger, address, chains));
                            }
                        }));
            } else if (!run.stopping) {
                chains.add(clientAsync(run, ledger, address, chains));
            }
            return null;
        });
    }

    private static CompletableFuture<?> exchangeAsync(CallLedger ledger, TcpStream s, ByteBuffer b, int left) {
        if (left == 0) {
            return CompletableFuture.completedFuture(null);
        }
        b.clear();
        return ledger.async("writeAsync", () -> s.writeAsync(b, WAIT)).thenCompose(w -> {
            b.clear();
            return ledger.async("readAsync", () -> s.readAsync(b, WAIT));
        }).thenCompose(n -> n < 0 ? CompletableFuture.completedFuture(null) : exchangeAsync(ledger, s, b, left - 1));
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // the outcome under test is the calls', not the close's
        }
    }
}
