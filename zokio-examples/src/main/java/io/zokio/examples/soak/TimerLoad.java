package io.zokio.examples.soak;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.Scheduled;
import io.zokio.runtime.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * <b>Threading:</b> as {@link Load}.
 *
 * <p>Timer traffic, each round checked: {@link #SLEEPERS} tasks sleep random times and none may wake before
 * its time; {@link #SCHEDULED} callbacks are scheduled and about half cancelled, after which each must have
 * either fired once or been cancelled, never both and never twice; and timeouts that must expire (a body that
 * sleeps past them) and timeouts that must not.
 */
final class TimerLoad extends Load {
    static final int SLEEPERS = 100;
    static final int SCHEDULED = 500;
    private final long seed;

    TimerLoad(SoakErrors errors, long seed) {
        super("timers", errors);
        this.seed = seed;
    }

    @Override
    void start(Runtime rt) {
        SplittableRandom sleepRandom = new SplittableRandom(seed);
        loop(rt, "sleepers", () -> sleepers(rt, sleepRandom));
        SplittableRandom scheduleRandom = new SplittableRandom(seed + 1);
        loop(rt, "scheduled", () -> scheduled(rt, scheduleRandom));
        SplittableRandom timeoutRandom = new SplittableRandom(seed + 2);
        loop(rt, "timeouts", () -> timeouts(rt, timeoutRandom));
    }

    private void sleepers(Runtime rt, SplittableRandom random) throws Exception {
        List<Task<Void>> tasks = new ArrayList<>(SLEEPERS);
        for (int i = 0; i < SLEEPERS; i++) {
            long nanos = random.nextLong(20_000_000);
            tasks.add(rt.spawn(() -> {
                long start = System.nanoTime();
                rt.sleep(Duration.ofNanos(nanos));
                long slept = System.nanoTime() - start;
                if (slept < nanos) {
                    errors.record(name, "a sleep of " + nanos + " ns ended after " + slept + " ns");
                }
                return null;
            }));
        }
        for (Task<Void> t : tasks) {
            t.join();
        }
        progress(SLEEPERS);
    }

    private void scheduled(Runtime rt, SplittableRandom random) throws Exception {
        AtomicIntegerArray fired = new AtomicIntegerArray(SCHEDULED);
        Scheduled[] handles = new Scheduled[SCHEDULED];
        boolean[] cancelled = new boolean[SCHEDULED];
        for (int i = 0; i < SCHEDULED; i++) {
            int id = i;
            handles[i] = rt.schedule(Duration.ofNanos(random.nextLong(30_000_000)), () -> fired.incrementAndGet(id));
        }
        rt.sleep(Duration.ofMillis(random.nextInt(15)));
        for (int i = 0; i < SCHEDULED; i++) {
            if (random.nextBoolean()) {
                cancelled[i] = handles[i].cancel();
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0; i < SCHEDULED; i++) {
            while (!cancelled[i] && fired.get(i) == 0 && System.nanoTime() < deadline) {
                rt.sleep(Duration.ofMillis(5));
            }
        }
        rt.sleep(Duration.ofMillis(40)); // past every deadline: a cancelled action that still fires shows now
        for (int i = 0; i < SCHEDULED; i++) {
            int f = fired.get(i);
            if (cancelled[i] ? f != 0 || handles[i].isFired() : f != 1) {
                errors.record(name, "scheduled action " + i + " fired " + f + " times, cancelled=" + cancelled[i]);
            }
        }
        progress(SCHEDULED);
    }

    private void timeouts(Runtime rt, SplittableRandom random) throws Exception {
        try {
            rt.timeout(Duration.ofMillis(1 + random.nextInt(5)), () -> {
                rt.sleep(Duration.ofSeconds(10));
                return null;
            });
            errors.record(name, "a timeout did not expire around a 10 s sleep");
        } catch (TimeoutException expected) {
            // the body was cancelled
        }
        int v = rt.timeout(Duration.ofSeconds(10), () -> {
            rt.sleep(Duration.ofMillis(random.nextInt(3)));
            return 42;
        });
        if (v != 42) {
            errors.record(name, "a timeout returned " + v);
        }
        progress(2);
    }
}
