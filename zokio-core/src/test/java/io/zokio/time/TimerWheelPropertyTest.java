package io.zokio.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property tests of {@link TimerWheel} against a trivial model: random schedules (past, sub-tick, every level,
 * overflow), random clock steps (sub-tick, per level, jumps to {@link TimerWheel#nextDeadlineNs()}), random
 * cancels and re-arms, some made from inside the expiry handler, random batch limits. Seeded
 * {@link java.util.Random}; a failure names its seed.
 *
 * <p>Checked after every step: a timer never fires early, fires at most once per arming, a cancelled timer
 * never fires, cancel returns true exactly when the timer had not fired, every armed timer whose deadline has
 * passed fires in an unlimited poll, {@code nextDeadlineNs} is never later than the earliest armed deadline and
 * (after an unlimited poll) never at or before now, size matches, and the wheel's structural invariants hold.
 */
class TimerWheelPropertyTest {
    private static final int SEEDS = Integer.getInteger("zokio.test.seeds", 80);
    private static final int STEPS = 1000;
    private static final long[] TICKS = {1_000_000L, 1_000L, 1L, 7L, 250_000L};

    /** An entry that counts its firings; {@code armed} is the model's view. */
    private static final class Probe extends TimerEntry {
        boolean armed;
        long modelDeadlineNs;
        int firings;
    }

    @Test
    @Timeout(120)
    void randomSchedulesCancelsAndClockSteps() {
        long base = 0x5EED_0000L;
        for (int i = 0; i < SEEDS; i++) {
            long seed = base + i;
            try {
                run(new Random(seed));
            } catch (Throwable t) {
                fail("seed " + seed + ": " + t, t);
            }
        }
    }

    private static void run(Random rnd) {
        long tickNs = TICKS[rnd.nextInt(TICKS.length)];
        long startNs = rnd.nextBoolean() ? rnd.nextLong(-(1L << 60), 1L << 60) : 0;
        TimerWheel wheel = new TimerWheel(startNs, tickNs);
        Probe[] probes = new Probe[1 + rnd.nextInt(300)];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = new Probe();
        }
        long[] now = {startNs + (rnd.nextBoolean() ? 0 : rnd.nextLong(tickNs * 100))};
        int[] armedCount = {0};

        for (int step = 0; step < STEPS; step++) {
            int op = rnd.nextInt(10);
            if (op < 4) {
                Probe p = probes[rnd.nextInt(probes.length)];
                long deadline = now[0] + delta(rnd, tickNs);
                if (p.armed) {
                    wheel.reschedule(p, deadline);
                } else {
                    wheel.schedule(p, deadline);
                    armedCount[0]++;
                }
                p.armed = true;
                p.modelDeadlineNs = deadline;
            } else if (op < 6) {
                Probe p = probes[rnd.nextInt(probes.length)];
                boolean wasArmed = p.armed;
                assertEquals(wasArmed, wheel.cancel(p), "cancel wins iff the timer has not fired");
                if (wasArmed) {
                    armedCount[0]--;
                }
                p.armed = false;
            } else {
                now[0] += step(rnd, tickNs, wheel, now[0]);
                boolean unlimited = rnd.nextInt(4) != 0;
                int limit = unlimited ? Integer.MAX_VALUE : 1 + rnd.nextInt(8);
                int n = wheel.poll(now[0], e -> {
                    Probe p = (Probe) e;
                    assertTrue(p.armed, "fired while not armed (cancelled or fired twice)");
                    assertTrue(p.modelDeadlineNs <= now[0], "fired early");
                    assertTrue(!p.isArmed(), "armed inside its handler");
                    p.armed = false;
                    p.firings++;
                    armedCount[0]--;
                    int r = rnd.nextInt(8);
                    if (r == 0) { // re-arm from the handler, never at or before now (that would loop)
                        long d = now[0] + 1 + rnd.nextLong(tickNs * 200);
                        wheel.schedule(p, d);
                        p.armed = true;
                        p.modelDeadlineNs = d;
                        armedCount[0]++;
                    } else if (r == 1) { // cancel some other entry from the handler
                        Probe q = probes[rnd.nextInt(probes.length)];
                        boolean wasArmed = q.armed;
                        assertEquals(wasArmed, wheel.cancel(q));
                        if (wasArmed) {
                            armedCount[0]--;
                        }
                        q.armed = false;
                    }
                }, limit);
                assertTrue(n <= limit);
                if (unlimited || n < limit) {
                    for (Probe p : probes) {
                        assertTrue(!p.armed || p.modelDeadlineNs > now[0], "armed and past its deadline: " + p);
                    }
                    assertTrue(wheel.nextDeadlineNs() > now[0], "next deadline not after now: would spin");
                }
            }
            assertEquals(armedCount[0], wheel.size());
            long earliest = TimerWheel.NO_DEADLINE;
            for (Probe p : probes) {
                assertEquals(p.armed, p.isArmed());
                if (p.armed) {
                    earliest = Math.min(earliest, p.modelDeadlineNs);
                }
            }
            assertTrue(wheel.nextDeadlineNs() <= earliest, "next deadline later than the earliest");
            if (earliest == TimerWheel.NO_DEADLINE) {
                assertEquals(TimerWheel.NO_DEADLINE, wheel.nextDeadlineNs());
            }
            TimerWheelInvariants.check(wheel);
        }

        // Time passes every deadline: each armed timer fires exactly once.
        long[] firingsBefore = new long[probes.length];
        for (int i = 0; i < probes.length; i++) {
            firingsBefore[i] = probes[i].firings;
        }
        long end = Long.MAX_VALUE;
        wheel.poll(end, e -> {
            Probe p = (Probe) e;
            assertTrue(p.armed);
            p.armed = false;
            p.firings++;
        }, Integer.MAX_VALUE);
        for (int i = 0; i < probes.length; i++) {
            assertTrue(!probes[i].armed && !probes[i].isArmed());
            assertTrue(probes[i].firings - firingsBefore[i] <= 1);
        }
        assertEquals(0, wheel.size());
        assertEquals(TimerWheel.NO_DEADLINE, wheel.nextDeadlineNs());
        TimerWheelInvariants.check(wheel);
    }

    /** A deadline offset: past, this tick, and every level up to beyond the wheel. */
    private static long delta(Random rnd, long tickNs) {
        return switch (rnd.nextInt(8)) {
            case 0 -> -rnd.nextLong(tickNs * 1000 + 1);
            case 1 -> rnd.nextLong(tickNs + 1);
            case 2 -> rnd.nextLong(tickNs * 64);
            case 3 -> rnd.nextLong(tickNs * 4096);
            case 4, 5 -> rnd.nextLong(tickNs << (6 * (1 + rnd.nextInt(6))));
            case 6 -> (TimerWheel.WHEEL_SPAN_TICKS + rnd.nextLong(TimerWheel.WHEEL_SPAN_TICKS * 3))
                    * Math.min(tickNs, 1000);
            default -> 0;
        };
    }

    /** A clock step: none, sub-tick, per level, or straight to the wheel's next deadline. */
    private static long step(Random rnd, long tickNs, TimerWheel wheel, long now) {
        return switch (rnd.nextInt(7)) {
            case 0 -> 0;
            case 1 -> rnd.nextLong(tickNs + 1);
            case 2 -> rnd.nextLong(tickNs * 70);
            case 3 -> rnd.nextLong(tickNs << (6 * (1 + rnd.nextInt(6))));
            default -> {
                long next = wheel.nextDeadlineNs();
                yield next == TimerWheel.NO_DEADLINE || next <= now ? rnd.nextLong(tickNs * 8) : next - now;
            }
        };
    }
}
