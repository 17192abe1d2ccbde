package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.Zokio;
import io.zokio.testing.TestClock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Worker timers under a manual clock: time moves only when the test says so, and a sync (two round trips
 * through the worker's loop) guarantees the worker has fired everything due at the current time.
 */
class TimerTestClockTest {
    private static final long MS = 1_000_000L;

    private static Runtime open(TestClock clock) {
        return Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend()).clock(clock).build();
    }

    /**
     * After this, the worker has polled its wheel at the clock's current time: a barrier timer due now fires
     * in such a poll (every entry due by then fires in that poll, on the worker thread), and the round trip
     * that follows runs on the worker after that poll has returned. (Round trips alone are not enough: a loop
     * turn may run several of them, and it reads its time before it runs them.)
     */
    static void sync(Runtime rt) throws Exception {
        Barrier b = new Barrier();
        rt.worker(0).submitTimer(b, 0);
        b.fired.get();
        rt.onLoop(0, l -> null);
    }

    private static int armed(Runtime rt) throws InterruptedException {
        return rt.onLoop(0, l -> rt.worker(0).timersArmed());
    }

    @Test
    @Timeout(20)
    void sleepWakesExactlyWhenTheClockReachesTheDeadline() throws Exception {
        TestClock clock = new TestClock(1_000 * MS);
        try (Runtime rt = open(clock)) {
            Task<Long> sleeper = rt.spawn(() -> {
                long t0 = clock.nanoTime();
                Zokio.sleep(Duration.ofMillis(100));
                return clock.nanoTime() - t0;
            });
            while (armed(rt) == 0) {
                Thread.onSpinWait(); // the sleeper has not reached the worker yet: a round trip per check
            }
            clock.advance(100 * MS - 1);
            sync(rt);
            assertEquals(1, armed(rt), "fired early");
            clock.advance(1);
            sync(rt);
            assertEquals(0, armed(rt));
            assertEquals(100 * MS, sleeper.join());
        }
    }

    /** Property: a timer never fires early, fires at most once, and fires in the first turn at its deadline. */
    @Test
    @Timeout(30)
    void timersFireOnceNeverEarlyAndByTheNextTurn() throws Exception {
        TestClock clock = new TestClock(0);
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 500;
        try (Runtime rt = open(clock)) {
            Probe[] probes = new Probe[n];
            Worker w = rt.worker(0);
            for (int i = 0; i < n; i++) {
                probes[i] = new Probe(clock);
                w.submitTimer(probes[i], rnd.nextLong(0, 3_000 * MS));
            }
            sync(rt);
            for (long now = 0; now <= 3_100 * MS; ) {
                long step = rnd.nextLong(1, 40 * MS);
                clock.advance(step);
                now += step;
                sync(rt);
                for (Probe p : probes) {
                    assertTrue(p.fires.get() <= 1, "fired twice");
                    if (p.fires.get() == 1) {
                        assertTrue(p.firedAtNs >= p.requestedDeadlineNs, "fired early");
                    } else {
                        assertTrue(clock.nanoTime() < p.requestedDeadlineNs, "due but not fired");
                    }
                }
            }
        }
    }

    /** Property: exactly one of cancel and fire wins, whatever their order on the worker. */
    @Test
    @Timeout(30)
    void exactlyOneOfCancelAndFireWins() throws Exception {
        TestClock clock = new TestClock(0);
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 300;
        try (Runtime rt = open(clock)) {
            Worker w = rt.worker(0);
            Probe[] probes = new Probe[n];
            for (int i = 0; i < n; i++) {
                probes[i] = new Probe(clock);
                w.submitTimer(probes[i], rnd.nextLong(0, 100 * MS));
            }
            for (int round = 0; round < 20; round++) {
                clock.advance(rnd.nextLong(0, 10 * MS));
                for (int k = 0; k < 10; k++) {
                    Probe p = probes[rnd.nextInt(n)];
                    w.loop.execute(() -> w.cancelTimer(p));
                }
                sync(rt);
            }
            clock.advance(200 * MS);
            sync(rt);
            for (Probe p : probes) {
                assertEquals(1, p.fires.get() + p.abandons.get(), "fire and cancel both won, or neither");
            }
        }
    }

    /** Completes a future when it fires. */
    static final class Barrier extends RuntimeTimer {
        final java.util.concurrent.CompletableFuture<Void> fired = new java.util.concurrent.CompletableFuture<>();

        @Override
        void fire() {
            fired.complete(null);
        }

        @Override
        void abandon() {
            fired.completeExceptionally(new IllegalStateException("abandoned"));
        }
    }

    /** Records its firing time (on the runtime's clock) and how often each outcome happened. */
    static final class Probe extends RuntimeTimer {
        private final TestClock clock;
        final AtomicInteger fires = new AtomicInteger();
        final AtomicInteger abandons = new AtomicInteger();
        volatile long firedAtNs = -1;

        Probe(TestClock clock) {
            this.clock = clock;
        }

        @Override
        void fire() {
            firedAtNs = clock.nanoTime();
            fires.incrementAndGet();
        }

        @Override
        void abandon() {
            abandons.incrementAndGet();
        }
    }
}
