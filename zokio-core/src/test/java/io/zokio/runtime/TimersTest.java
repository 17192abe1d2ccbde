package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** sleep and timeout on the workers' timer wheels. Lower bounds only: a timer must never fire early. */
class TimersTest {

    @Test
    @Timeout(20)
    void sleepParksAtLeastTheDuration() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            long elapsed = rt.blockOn(() -> {
                long t0 = System.nanoTime();
                Zokio.sleep(Duration.ofMillis(30));
                return System.nanoTime() - t0;
            });
            assertTrue(elapsed >= 30_000_000L, "woke early: " + elapsed + " ns");
        }
    }

    @Test
    @Timeout(30)
    void manySleepersNeverWakeEarly() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            SplittableRandom rnd = new SplittableRandom(42);
            List<Task<Long>> tasks = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                long ms = rnd.nextInt(0, 100);
                tasks.add(rt.spawn(() -> {
                    long t0 = System.nanoTime();
                    Zokio.sleep(Duration.ofMillis(ms));
                    return System.nanoTime() - t0 - ms * 1_000_000L;
                }));
            }
            for (Task<Long> t : tasks) {
                long early = -t.join();
                assertTrue(early <= 0, "woke " + early + " ns early");
            }
        }
    }

    @Test
    @Timeout(20)
    void cancelWakesASleeperAtOnce() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            CountDownLatch sleeping = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Task<Object> t = rt.spawn(() -> {
                sleeping.countDown();
                try {
                    Zokio.sleep(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    thrown.set(e);
                }
                return null;
            });
            sleeping.await();
            t.cancel();
            assertThrows(CancellationException.class, t::join);
            assertTrue(thrown.get() instanceof InterruptedException);
        }
    }

    @Test
    @Timeout(20)
    void timeoutReturnsTheValueOfAFastBody() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            assertEquals(42, rt.blockOn(() -> Zokio.timeout(Duration.ofHours(1), () -> 42)));
        }
    }

    @Test
    @Timeout(20)
    void timeoutCancelsASlowBody() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            AtomicInteger bodyInterrupted = new AtomicInteger();
            Throwable e = rt.blockOn(() -> {
                try {
                    Zokio.timeout(Duration.ofMillis(20), () -> {
                        try {
                            Zokio.sleep(Duration.ofHours(1));
                        } catch (InterruptedException ie) {
                            bodyInterrupted.incrementAndGet();
                            throw ie;
                        }
                        return 1;
                    });
                    return null;
                } catch (TimeoutException te) {
                    return te;
                }
            });
            assertTrue(e instanceof TimeoutException, String.valueOf(e));
            assertEquals(1, bodyInterrupted.get());
        }
    }

    @Test
    @Timeout(20)
    void timeoutCancelsPendingIoAndReapsItBeforeReturning() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2); Arena arena = Arena.ofShared()) {
            int lfd = rt.onLoop(0, loop -> loop.sockets().openTcpListener(IoAwaitTest.LOOPBACK, 16, false));
            InetSocketAddress addr = rt.onLoop(0, loop -> loop.sockets().localAddress(lfd));
            int cfd = rt.blockOn(() -> {
                int fd = rt.onLoop(0, loop -> loop.sockets().openTcpSocket(false));
                assertEquals(0, rt.submitAndAwait(0, new Completion().prepConnect(fd, addr)));
                return fd;
            });
            int sfd = rt.blockOn(() -> rt.submitAndAwait(0, new Completion().prepAccept(lfd)));
            Completion recv = new Completion().prepRecv(sfd, arena.allocate(64), 0);
            AtomicReference<Integer> result = new AtomicReference<>();
            boolean timedOut = rt.blockOn(() -> {
                try {
                    Zokio.timeout(Duration.ofMillis(20), () -> {
                        result.set(rt.submitAndAwait(0, recv));
                        return null;
                    });
                    return false;
                } catch (TimeoutException te) {
                    return true;
                }
            });
            assertTrue(timedOut);
            assertEquals(-Errno.ECANCELED, result.get()); // reaped before the timed-out task ended
            boolean active = rt.onLoop(0, loop -> recv.isActive());
            assertFalse(active);
            for (int fd : new int[] {cfd, sfd, lfd}) {
                rt.onLoop(0, loop -> {
                    loop.sockets().closeNow(fd);
                    return null;
                });
            }
        }
    }

    @Test
    @Timeout(20)
    void sleepOnAWorkerThreadFailsFast() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            AtomicReference<Throwable> err = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            rt.executeOnLoop(() -> {
                try {
                    rt.sleep(Duration.ofMillis(1));
                } catch (Throwable t) {
                    err.set(t);
                }
                done.countDown();
            });
            done.await();
            assertTrue(err.get() instanceof IllegalStateException, String.valueOf(err.get()));
        }
    }
}
