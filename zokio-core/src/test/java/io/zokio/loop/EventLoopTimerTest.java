package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zokio.loop.conformance.CallbackRecorder;
import io.zokio.sys.Errno;
import io.zokio.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property tests of loop timers under a {@link TestClock} moved in random steps, the loop driven with
 * {@link RunMode#NO_WAIT}: every timer fires exactly once, never before its deadline and in the first turn
 * whose time reached it; a cancel and its timer race so that exactly one of them wins.
 */
@Timeout(30)
class EventLoopTimerTest {
    private final TestClock clock = new TestClock(5_000);
    private final FakeBackend backend = new FakeBackend();
    private final EventLoop loop = new EventLoop(backend, clock, IdleMode.POWER_SAVE);

    /** Per-timer bookkeeping for the properties. */
    private static final class TimerCase {
        final Completion timer = new Completion();
        long deadlineNs;
        int fired;
        long firedAtNs = -1;
        int result;
        final List<Completion> cancels = new ArrayList<>();
        /** Whether the timer was still active when its first cancel was submitted. */
        Boolean activeAtFirstCancel;
        /** When set, this timer's callback cancels {@code victim} with {@code cancelOnFire}. */
        TimerCase victim;
        Completion cancelOnFire;
        CallbackRecorder cancelRecorder;
    }

    private void arm(TimerCase tc, long durationNs, List<String> errors) {
        tc.deadlineNs = loop.now() + durationNs;
        tc.timer.prepTimeout(durationNs).callback((l, c, r) -> {
            tc.fired++;
            tc.firedAtNs = l.now();
            tc.result = r;
            if (r == 0 && l.now() < tc.deadlineNs) {
                errors.add("timer fired early: now " + l.now() + " < deadline " + tc.deadlineNs);
            }
            if (tc.victim != null) {
                if (tc.victim.activeAtFirstCancel == null) {
                    tc.victim.activeAtFirstCancel = tc.victim.timer.isActive();
                }
                tc.cancelRecorder.submit(l, tc.cancelOnFire);
            }
            return Action.DISARM;
        });
        loop.submit(tc.timer);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234567, 987654321})
    void timersFireExactlyOnceAndNeverEarly(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> errors = new ArrayList<>();
        List<TimerCase> cases = new ArrayList<>();
        int total = 3000;
        while (cases.size() < total || cases.stream().anyMatch(tc -> tc.fired == 0)) {
            // arm a random batch at the current loop time (some durations 0, some equal)
            int batch = cases.size() < total ? rnd.nextInt(0, 200) : 0;
            for (int i = 0; i < batch && cases.size() < total; i++) {
                TimerCase tc = new TimerCase();
                long d = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> rnd.nextLong(1, 1_000);
                    case 2 -> 1_000 * rnd.nextLong(1, 10);
                    default -> rnd.nextLong(1, 20_000_000);
                };
                arm(tc, d, errors);
                cases.add(tc);
            }
            clock.advance(rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1, 300_000));
            loop.run(RunMode.NO_WAIT);
            long now = loop.now();
            assertEquals(clock.nanoTime(), now, "a turn reads the clock");
            for (TimerCase tc : cases) {
                boolean due = tc.deadlineNs <= now;
                if (tc.fired != (due ? 1 : 0)) {
                    fail("seed " + seed + ": timer with deadline " + tc.deadlineNs + " fired " + tc.fired
                            + " times by loop time " + now);
                }
            }
            assertTrue(errors.isEmpty(), () -> "seed " + seed + ": " + errors);
        }
        for (TimerCase tc : cases) {
            assertEquals(0, tc.result);
            assertTrue(tc.firedAtNs >= tc.deadlineNs);
        }
        assertEquals(0, loop.active());
        assertTrue(backend.submitted.isEmpty(), "timers never reach the backend");
    }

    @Test
    void timersExpiringInOneTurnFireInDeadlineOrder() {
        List<Long> order = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            long d = rnd.nextLong(0, 1_000_000);
            long deadline = loop.now() + d;
            loop.submit(new Completion().prepTimeout(d).callback((l, c, r) -> {
                order.add(deadline);
                return Action.DISARM;
            }));
        }
        clock.advance(1_000_000);
        assertEquals(1000, loop.run(RunMode.NO_WAIT));
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i - 1) <= order.get(i), "out of order at " + i);
        }
    }

    @Test
    void cancelBeforeRunWinsEvenWhenTheDeadlinePassed() {
        CallbackRecorder rec = new CallbackRecorder();
        Completion timer = rec.submit(loop, new Completion().prepTimeout(1_000));
        clock.advance(10_000); // due, but no turn ran yet
        Completion cancel = rec.submit(loop, new Completion().prepCancel(timer));
        loop.run(RunMode.NO_WAIT);
        rec.assertOnce(timer, -Errno.ECANCELED);
        rec.assertOnce(cancel, 0);
    }

    @Test
    void secondCancelOfACancelledTimerIsEALREADYAndLaterOnesENOENT() {
        CallbackRecorder rec = new CallbackRecorder();
        Completion timer = rec.submit(loop, new Completion().prepTimeout(1_000_000));
        Completion c1 = rec.submit(loop, new Completion().prepCancel(timer));
        Completion c2 = rec.submit(loop, new Completion().prepCancel(timer));
        loop.run(RunMode.NO_WAIT);
        Completion c3 = rec.submit(loop, new Completion().prepCancel(timer));
        loop.run(RunMode.NO_WAIT);
        rec.assertOnce(timer, -Errno.ECANCELED);
        rec.assertOnce(c1, 0);
        rec.assertOnce(c2, -Errno.EALREADY);
        rec.assertOnce(c3, -Errno.ENOENT);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 77, 31337})
    void cancelAndFireRaceExactlyOneWins(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        CallbackRecorder cancels = new CallbackRecorder();
        List<String> errors = new ArrayList<>();
        List<TimerCase> cases = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            TimerCase tc = new TimerCase();
            arm(tc, rnd.nextLong(0, 5_000_000), errors);
            cases.add(tc);
        }
        // some timers cancel others from inside their own callback (same turn or later)
        for (TimerCase tc : cases) {
            if (rnd.nextInt(5) == 0) {
                TimerCase victim = cases.get(rnd.nextInt(cases.size()));
                if (victim != tc) {
                    tc.victim = victim;
                    tc.cancelOnFire = new Completion().prepCancel(victim.timer);
                    tc.cancelRecorder = cancels;
                    victim.cancels.add(tc.cancelOnFire);
                }
            }
        }
        while (cases.stream().anyMatch(tc -> tc.fired == 0) || cancels.outstanding() > 0) {
            // cancels from outside the loop between turns, sometimes two for the same timer
            for (int k = rnd.nextInt(0, 30); k > 0; k--) {
                TimerCase victim = cases.get(rnd.nextInt(cases.size()));
                for (int rep = rnd.nextInt(4) == 0 ? 2 : 1; rep > 0; rep--) {
                    if (victim.activeAtFirstCancel == null) {
                        victim.activeAtFirstCancel = victim.timer.isActive();
                    }
                    Completion cancel = new Completion().prepCancel(victim.timer);
                    victim.cancels.add(cancel);
                    cancels.submit(loop, cancel);
                }
            }
            clock.advance(rnd.nextLong(0, 200_000));
            loop.run(RunMode.NO_WAIT);
            assertTrue(errors.isEmpty(), () -> "seed " + seed + ": " + errors);
        }
        cancels.assertAllDelivered();
        for (TimerCase tc : cases) {
            assertEquals(1, tc.fired, "each timer completes exactly once");
            int wins = 0;
            for (Completion cancel : tc.cancels) {
                int r = cancels.result(cancel);
                if (r == 0) {
                    wins++;
                } else if (r != -Errno.ENOENT && r != -Errno.EALREADY) {
                    fail("unexpected cancel result " + CallbackRecorder.describe(r));
                }
            }
            if (tc.result == -Errno.ECANCELED) {
                assertEquals(1, wins, "a cancelled timer has exactly one winning cancel");
                assertEquals(Boolean.TRUE, tc.activeAtFirstCancel);
            } else {
                assertEquals(0, tc.result);
                assertEquals(0, wins, "a timer that fired has no winning cancel");
                assertTrue(tc.firedAtNs >= tc.deadlineNs);
                if (tc.activeAtFirstCancel != null) {
                    assertEquals(Boolean.FALSE, tc.activeAtFirstCancel,
                            "a cancel submitted while the timer was active must win");
                }
            }
        }
        assertEquals(0, loop.active());
    }
}
