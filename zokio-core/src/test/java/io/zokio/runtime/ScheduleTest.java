package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.testing.TestClock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Runtime#schedule}: callback timers on the workers' wheels, driven by a manual clock. */
class ScheduleTest {
    private static final long MS = 1_000_000L;

    private static Runtime open(TestClock clock) {
        return Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend()).clock(clock).build();
    }

    /** Property: each action runs once, never before its delay, by the first worker turn at its deadline. */
    @Test
    @Timeout(30)
    void actionsRunOnceNeverEarlyAndCancelledOnesNever() throws Exception {
        TestClock clock = new TestClock(0);
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 400;
        long[] deadline = new long[n];
        AtomicLongArray firedAt = new AtomicLongArray(n);
        AtomicInteger[] runs = new AtomicInteger[n];
        Scheduled[] handles = new Scheduled[n];
        boolean[] cancelled = new boolean[n];
        try (Runtime rt = open(clock)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                runs[i] = new AtomicInteger();
                long delay = rnd.nextLong(0, 2_000 * MS);
                deadline[i] = clock.nanoTime() + delay;
                handles[i] = rt.schedule(Duration.ofNanos(delay), () -> {
                    runs[k].incrementAndGet();
                    firedAt.set(k, clock.nanoTime());
                });
            }
            for (int i = 0; i < n; i += 5) {
                cancelled[i] = handles[i].cancel(); // before any time passed: these win unless delay was 0
            }
            for (long now = 0; now <= 2_100 * MS; now += rnd.nextLong(1, 40 * MS)) {
                clock.advance(now - clock.nanoTime());
                TimerTestClockTest.sync(rt);
                for (int i = 0; i < n; i++) {
                    if (!cancelled[i] && deadline[i] <= clock.nanoTime()) {
                        assertEquals(1, runs[i].get(), "timer " + i + " due at " + deadline[i] + " by " + now);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (cancelled[i]) {
                    assertEquals(0, runs[i].get(), "a cancelled action ran: " + i);
                    assertTrue(handles[i].isCancelled());
                    assertFalse(handles[i].cancel(), "cancel succeeds once");
                } else {
                    assertEquals(1, runs[i].get(), "timer " + i);
                    assertTrue(firedAt.get(i) >= deadline[i], "timer " + i + " fired early");
                    assertTrue(handles[i].isFired());
                    assertFalse(handles[i].cancel(), "cancel after firing loses");
                }
            }
        }
    }

    @Test
    @Timeout(10)
    void badArgumentsAndShutdownAreRejected() {
        TestClock clock = new TestClock(0);
        Runtime rt = open(clock);
        assertThrows(IllegalArgumentException.class, () -> rt.schedule(Duration.ofMillis(-1), () -> { }));
        assertThrows(NullPointerException.class, () -> rt.schedule(Duration.ZERO, null));
        rt.close();
        assertThrows(RejectedExecutionException.class, () -> rt.schedule(Duration.ZERO, () -> { }));
    }

    /**
     * Timers from another thread while the worker is parked: one due before the worker's own wake-up must
     * wake it (it fires long before the 30 s timer the worker parks for), one due after it is queued without a
     * wakeup and must still be taken in at that wake-up (it fires long before the worker's next idle park would
     * end), for both backends' loops.
     */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    @Timeout(60)
    void timersFromAnotherThreadWakeAParkedWorkerOnlyWhenDueFirst(BackendKind kind) throws Exception {
        try (Runtime rt = IoAwaitTest.open(kind, 1)) {
            CountDownLatch far = new CountDownLatch(1);
            rt.schedule(Duration.ofSeconds(30), far::countDown); // the worker parks until this one's deadline
            CountDownLatch early = new CountDownLatch(1);
            rt.schedule(Duration.ofMillis(20), early::countDown);
            assertTrue(early.await(10, TimeUnit.SECONDS), "a timer due first woke the parked worker");
            assertEquals(1, far.getCount());

            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch later = new CountDownLatch(1);
            rt.schedule(Duration.ofMillis(300), first::countDown); // the worker's next wake-up
            for (int i = 0; i < 50; i++) { // all due after it: queued without a wakeup while it is parked
                rt.schedule(Duration.ofMillis(400 + i), later::countDown);
            }
            assertTrue(first.await(10, TimeUnit.SECONDS));
            assertTrue(later.await(10, TimeUnit.SECONDS), "timers queued for the worker's wake-up fired");
            assertEquals(1, far.getCount(), "the 30 s timer is still pending");
        }
    }
}
