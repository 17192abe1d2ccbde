package io.zokio.examples.soak;

import io.zokio.runtime.Channel;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Scope;
import io.zokio.runtime.Task;
import io.zokio.Zokio;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * <b>Threading:</b> as {@link Load}.
 *
 * <p>Task churn with cancellations, each round checked: {@link #TASKS} tasks of four kinds (return at once,
 * sleep then return, yield a few times, or wait on a channel nobody sends to); all waiters and a random share of
 * the sleepers are cancelled. Each task's completion callback must run exactly once, a task whose cancel
 * succeeded must end cancelled, and the others must return their value. Then a {@link Scope} whose close
 * cancels its waiting children.
 */
final class TaskLoad extends Load {
    static final int TASKS = 200;
    private final long seed;

    TaskLoad(SoakErrors errors, long seed) {
        super("tasks", errors);
        this.seed = seed;
    }

    @Override
    void start(Runtime rt) {
        SplittableRandom random = new SplittableRandom(seed);
        loop(rt, "churn", () -> round(rt, random));
    }

    @SuppressWarnings("unchecked")
    private void round(Runtime rt, SplittableRandom random) throws Exception {
        Channel<Integer> never = Channel.bounded(1);
        Task<Integer>[] tasks = new Task[TASKS];
        AtomicIntegerArray callbacks = new AtomicIntegerArray(TASKS);
        int[] kind = new int[TASKS];
        for (int i = 0; i < TASKS; i++) {
            int id = i;
            kind[i] = random.nextInt(4);
            long sleepNs = random.nextLong(10_000_000);
            tasks[i] = switch (kind[i]) {
                case 0 -> rt.spawn(() -> id);
                case 1 -> rt.spawn(() -> {
                    rt.sleep(Duration.ofNanos(sleepNs));
                    return id;
                });
                case 2 -> rt.spawn(() -> {
                    for (int y = 0; y < 3; y++) {
                        Zokio.yieldNow();
                    }
                    return id;
                });
                default -> rt.spawn(() -> never.receive());
            };
            tasks[i].onComplete((v, e) -> callbacks.incrementAndGet(id));
        }
        rt.sleep(Duration.ofMillis(2));
        boolean[] cancelled = new boolean[TASKS];
        for (int i = 0; i < TASKS; i++) {
            if (kind[i] == 3 || (kind[i] == 1 && random.nextInt(3) == 0)) {
                cancelled[i] = tasks[i].cancel();
                if (kind[i] == 3 && !cancelled[i]) {
                    errors.record(name, "cancel of a task waiting on a channel returned false");
                }
            }
        }
        for (int i = 0; i < TASKS; i++) {
            check(tasks[i], i, cancelled[i]);
        }
        for (int i = 0; i < TASKS; i++) {
            // the callback runs on the finishing thread just after the outcome is set, so join() can return
            // first; wait for it (bounded: a callback that never runs is an error)
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (callbacks.get(i) == 0 && System.nanoTime() < deadline) {
                rt.sleep(Duration.ofMillis(1));
            }
            if (callbacks.get(i) != 1) {
                errors.record(name, "a completion callback ran " + callbacks.get(i) + " times");
            }
        }
        scope(rt, never);
        progress(TASKS);
    }

    private void check(Task<Integer> t, int id, boolean cancelled) throws InterruptedException {
        try {
            int v = t.join();
            if (cancelled || v != id) {
                errors.record(name, "task " + id + " returned " + v + " though cancelled=" + cancelled);
            }
        } catch (CancellationException e) {
            if (!cancelled) {
                errors.record(name, "task " + id + " ended cancelled though no cancel succeeded");
            }
        } catch (CompletionException e) {
            errors.record(name, "task " + id + " failed: " + e.getCause());
        }
    }

    private void scope(Runtime rt, Channel<Integer> never) throws InterruptedException {
        Task<Integer> waiter;
        try (Scope scope = rt.scope()) {
            waiter = scope.spawn(never::receive);
            scope.spawn(() -> 1);
        }
        if (!waiter.isCancelled()) {
            errors.record(name, "a scope's close left its waiting child not cancelled");
        }
    }
}
