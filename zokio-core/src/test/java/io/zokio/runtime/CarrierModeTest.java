package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.Zokio;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The virtual-thread scenarios in both carrier modes. AFFINE needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it the runtime falls back to SHARED and the
 * AFFINE cases skip with that reason.
 */
class CarrierModeTest {

    static Runtime open(CarrierMode mode, int workers) {
        Runtime rt = Runtime.builder().workers(workers).backend(RuntimeTestSupport.testBackend())
                .carrierMode(mode).build();
        if (rt.carrierMode() != mode) {
            rt.close();
            Assumptions.abort("AFFINE unavailable: " + AffineCarriers.UNAVAILABLE_CAUSE);
        }
        return rt;
    }

    @ParameterizedTest
    @EnumSource(CarrierMode.class)
    @Timeout(20)
    void tasksRunOnTheExpectedCarriers(CarrierMode mode) throws Exception {
        try (Runtime rt = open(mode, 2)) {
            boolean onWorker = rt.blockOn(() -> AffineCarriers.carrierWorker() != null);
            if (AffineCarriers.available()) { // the carrier is only observable with the hooks
                assertEquals(mode == CarrierMode.AFFINE, onWorker);
            }
            assertTrue(rt.blockOn(() -> Thread.currentThread().isVirtual() && !Runtime.isWorkerThread()));
        }
    }

    @ParameterizedTest
    @EnumSource(CarrierMode.class)
    @Timeout(20)
    void runtimeCurrentNamesTheTasksRuntimeAfterItMovedBetweenCarriers(CarrierMode mode) throws Exception {
        try (Runtime rt = open(mode, 2); Runtime other = open(mode, 1)) {
            assertTrue(Runtime.current() == null, "the test thread is outside any runtime");
            for (int i = 0; i < 50; i++) {
                assertTrue(rt.blockOn(() -> {
                    boolean before = Runtime.current() == rt;
                    Zokio.sleep(Duration.ofMillis(1)); // may resume on another carrier
                    Zokio.yieldNow();
                    return before && Runtime.current() == rt;
                }));
                assertTrue(other.blockOn(() -> Runtime.current() == other));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CarrierMode.class)
    @Timeout(30)
    void hundredThousandTasksSleepingYieldingAndJoining(CarrierMode mode) throws Exception {
        try (Runtime rt = open(mode, 2)) {
            List<Task<Integer>> ts = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                int v = i;
                ts.add(rt.spawn(() -> {
                    if (v % 1000 == 0) {
                        Zokio.sleep(Duration.ofMillis(1));
                    }
                    Zokio.yieldNow();
                    return v;
                }));
            }
            long sum = 0;
            for (Task<Integer> t : ts) {
                sum += t.join();
            }
            assertEquals(100_000L * 99_999 / 2, sum);
        }
    }

    @ParameterizedTest
    @EnumSource(CarrierMode.class)
    @Timeout(20)
    void channelPingPong(CarrierMode mode) throws Exception {
        try (Runtime rt = open(mode, 2)) {
            Channel<Integer> ping = Channel.bounded(1);
            Channel<Integer> pong = Channel.bounded(1);
            Task<Object> echo = rt.spawn(() -> {
                for (int i = 0; i < 10_000; i++) {
                    pong.send(ping.receive() + 1);
                }
                return null;
            });
            int last = rt.blockOn(() -> {
                int v = 0;
                for (int i = 0; i < 10_000; i++) {
                    ping.send(v);
                    v = pong.receive();
                }
                return v;
            });
            echo.join();
            assertEquals(10_000, last);
        }
    }

    @ParameterizedTest
    @EnumSource(CarrierMode.class)
    @Timeout(20)
    void echoAndCancelOfAPendingRecv(CarrierMode mode) throws Exception {
        Set<Thread> before = RuntimeTestSupport.zokioThreads();
        try (Runtime rt = open(mode, 2); Arena arena = Arena.ofShared()) {
            int lfd = rt.onLoop(0, loop -> loop.sockets().openTcpListener(IoAwaitTest.LOOPBACK, 16, false));
            InetSocketAddress addr = rt.onLoop(0, loop -> loop.sockets().localAddress(lfd));
            int cfd = rt.blockOn(() -> {
                int fd = rt.onLoop(0, loop -> loop.sockets().openTcpSocket(false));
                assertEquals(0, rt.submitAndAwait(0, new Completion().prepConnect(fd, addr)));
                return fd;
            });
            int sfd = rt.blockOn(() -> rt.submitAndAwait(0, new Completion().prepAccept(lfd)));
            String got = rt.blockOn(() -> {
                assertEquals(2, rt.submitAndAwait(0, new Completion().prepSend(cfd, IoAwaitTest.bytes(arena, "hi"), 0)));
                var buf = arena.allocate(16);
                int n = rt.submitAndAwait(0, new Completion().prepRecv(sfd, buf, 0));
                return IoAwaitTest.string(buf, n);
            });
            assertEquals("hi", got);
            AtomicReference<Integer> result = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Task<Object> reader = rt.spawn(() -> {
                started.countDown();
                result.set(rt.submitAndAwait(0, new Completion().prepRecv(sfd, arena.allocate(16), 0)));
                return null;
            });
            started.await();
            reader.cancel();
            assertThrows(CancellationException.class, reader::join);
            assertEquals(-Errno.ECANCELED, result.get());
            for (int fd : new int[] {cfd, sfd, lfd}) {
                rt.onLoop(0, loop -> {
                    loop.sockets().closeNow(fd);
                    return null;
                });
            }
        }
        RuntimeTestSupport.assertNoNewThreads(before);
    }
}
