package io.zokio.bench.rt;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.ProcessCpuClock;
import io.zokio.bench.Reporter;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * <b>Threading:</b> {@link #run} on the main thread; the tasks run on the scheduler under test.
 *
 * <p>The scheduler benches, in the shapes of Tokio's {@code benches/rt_multi_threaded.rs}, on two workers, for
 * every {@link SchedImpl} (three Zokio kinds of task; baselines {@code jdk-fjp}, {@code jdk-vthreads},
 * {@code netty-loop}). One class, five {@link Shape}s, each its own bench name:
 * <ul>
 *   <li>{@code spawn_many} (Tokio's {@code spawn_many_local}): one task spawns 10,000 tasks that each
 *       decrement a counter; the last releases the main thread. Repeated.</li>
 *   <li>{@code spawn_remote} (Tokio's {@code spawn_many_remote_idle}): the same 10,000 tasks spawned by the
 *       main thread, from outside the scheduler. Repeated.</li>
 *   <li>{@code yield_many}: 1,000 tasks spawned from outside, each yielding 1,000 times (Tokio: 200 x
 *       1,000); ops are yields.</li>
 *   <li>{@code ping_pong}: a task spawns 1,000 tasks; each makes two oneshots, spawns a partner that waits on
 *       the first and sends on the second, sends on the first and waits on the second. Repeated; ops are
 *       pings (two spawns and two wakeups each).</li>
 *   <li>{@code chained_spawn}: each task spawns the next, 1,000 deep. Repeated; ops are spawns.</li>
 * </ul>
 * The impls take turns in {@link Rounds}: in the warm-up round each runs iterations for a while; in each
 * measured round each builds its scheduler, runs iterations unmeasured for a short while (its threads start),
 * then repeats iterations until the round's time has passed (at least one), and closes it.
 *
 * <p>Yields differ by family: a callback task yields by re-submitting itself, which on a worker thread goes
 * to that worker's own queue: to the back of it for Zokio (a task re-submitting itself while it runs) and the
 * Netty loop (its FIFO task queue), as Tokio's {@code yield_now} defers; onto ForkJoinPool's LIFO deque, where it
 * mostly runs again at once. Virtual threads yield with {@link Thread#yield()}.
 */
public final class SchedBench implements Bench {

    /** A workload; sizes are per iteration. */
    public enum Shape {
        SPAWN_MANY("spawn_many", 10_000),
        SPAWN_REMOTE("spawn_remote", 10_000),
        YIELD_MANY("yield_many", 1_000),
        PING_PONG("ping_pong", 1_000),
        CHAINED_SPAWN("chained_spawn", 1_000);

        final String benchName;
        /** Tasks per iteration (yield_many: tasks; its yields per task are {@link #yields}). */
        final int size;

        Shape(String benchName, int size) {
            this.benchName = benchName;
            this.size = size;
        }
    }

    private final Shape shape;

    public SchedBench(Shape shape) {
        this.shape = shape;
    }

    @Override
    public String name() {
        return shape.benchName;
    }

    /** Measured time per impl and round, in milliseconds: iterations repeat until it has passed (at least one). */
    static long roundMs(Options o) {
        return pick(o, 1_000, 200, 0);
    }

    /**
     * Warm-up per impl in the warm-up round, in milliseconds: iterations run until it has passed (at least one),
     * so that every impl is measured compiled and in steady state, as criterion's warm-up does for Tokio's
     * benches; a fixed count of iterations would measure the JIT of whichever impl has the deeper call graph.
     */
    static long warmupMs(Options o) {
        return pick(o, 1_000, 200, 0);
    }

    /** Unmeasured iterations at the start of each measured round, on the round's new scheduler. */
    static long roundWarmupMs(Options o) {
        return pick(o, 200, 20, 0);
    }

    /** yield_many: yields per task. */
    static int yields(Options o) {
        return pick(o, 1_000, 1_000, 10);
    }

    private static int pick(Options o, int full, int quick, int tiny) {
        return switch (o.scale()) {
            case FULL -> full;
            case QUICK -> quick;
            case TINY -> tiny;
        };
    }

    /** Operations in one iteration. */
    long opsPerIteration(Options o) {
        return shape == Shape.YIELD_MANY ? (long) shape.size * yields(o) : shape.size;
    }

    @Override
    public String header(Options o) {
        String what = switch (shape) {
            case SPAWN_MANY -> "a task spawns " + shape.size + " tasks that each decrement a counter (Tokio "
                    + "spawn_many_local)";
            case SPAWN_REMOTE -> "the main thread (outside the scheduler) spawns " + shape.size + " tasks that each "
                    + "decrement a counter (Tokio spawn_many_remote_idle)";
            case YIELD_MANY -> shape.size + " tasks spawned from outside, each yielding " + yields(o)
                    + " times (Thread.yield / re-submitting itself); ops are yields";
            case PING_PONG -> "a task spawns " + shape.size + " tasks, each pings a partner it spawns through a "
                    + "oneshot and waits for its pong on another; ops are pings";
            case CHAINED_SPAWN -> "each task spawns the next, " + shape.size + " deep; ops are spawns";
        };
        return shape.benchName + ": " + what + "; iterations of " + opsPerIteration(o) + " ops repeated for "
                + roundMs(o) + " ms per impl and round (at least one) after " + roundWarmupMs(o) + " ms unmeasured on "
                + "the round's new scheduler; a warm-up round of " + warmupMs(o) + " ms per impl, then "
                + Rounds.count(o.scale()) + " interleaved rounds; " + SchedImpl.WORKERS + " workers; impls zokio-task (Runtime.executeOnLoop), "
                + "zokio-vt-affine, zokio-vt-shared (Runtime.spawn; oneshot = io.zokio.runtime.Oneshot); "
                + "baselines jdk-fjp (ForkJoinPool(2).execute), jdk-vthreads (Thread.startVirtualThread, default "
                + "scheduler; oneshot = CompletableFuture), netty-loop (MultiThreadIoEventLoopGroup(2, NIO): on a loop "
                + "its own executor, else group.next(); no stealing); callback executors wait with a continuation re-submitted on wakeup; zokio idle="
                + o.idleMode() + "; cpu_us_per_op: CPU of the process's threads (/proc/self/task/*/schedstat) over a "
                + "round's measured iterations, per op, the median of the rounds";
    }

    @Override
    public List<String> baselines() {
        return SchedImpl.BASELINES;
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        Map<String, Map<String, String>> extras = new LinkedHashMap<>();
        Map<String, Rounds.Outcome> out = Rounds.run(o, SchedImpl.selected(), (name, round) -> {
            try (SchedImpl impl = SchedImpl.open(name, o)) {
                extras.putIfAbsent(name, impl.extras());
                Sample warm = Rounds.timed(round == Rounds.WARMUP ? warmupMs(o) : roundWarmupMs(o),
                        () -> iteration(impl, o));
                if (round == Rounds.WARMUP) {
                    return warm;
                }
                long cpu0 = ProcessCpuClock.nanos(); // the scheduler's threads started with the unmeasured part
                Sample s = Rounds.timed(roundMs(o), () -> iteration(impl, o));
                return s.with("cpu_us_per_op", (ProcessCpuClock.nanos() - cpu0) / 1e3 / Math.max(1, s.ops()));
            }
        });
        for (String name : SchedImpl.selected()) {
            Map<String, String> x = new LinkedHashMap<>(extras.getOrDefault(name, Map.of()));
            out.get(name).putMedians(x, "%.4f", "cpu_us_per_op");
            reporter.outcome(name(), name, out.get(name), x);
        }
    }

    /** One iteration of the shape; returns the operations it did. */
    long iteration(SchedImpl impl, Options o) throws Exception {
        int n = shape.size;
        switch (shape) {
            case SPAWN_MANY -> {
                Done done = new Done(n);
                Runnable leaf = done::arrive;
                impl.spawn(() -> {
                    for (int i = 0; i < n; i++) {
                        impl.spawn(leaf);
                    }
                });
                done.await();
            }
            case SPAWN_REMOTE -> {
                Done done = new Done(n);
                Runnable leaf = done::arrive;
                for (int i = 0; i < n; i++) {
                    impl.spawn(leaf);
                }
                done.await();
            }
            case YIELD_MANY -> {
                int y = yields(o);
                Done done = new Done(n);
                for (int i = 0; i < n; i++) {
                    if (impl.threaded()) {
                        impl.spawn(() -> {
                            for (int k = 0; k < y; k++) {
                                impl.yieldNow();
                            }
                            done.arrive();
                        });
                    } else {
                        impl.spawn(new Yielder(impl, y, done));
                    }
                }
                done.await();
            }
            case PING_PONG -> {
                Done done = new Done(n);
                Runnable ping = impl.threaded() ? () -> threadPing(impl, done) : () -> callbackPing(impl, done);
                impl.spawn(() -> {
                    for (int i = 0; i < n; i++) {
                        impl.spawn(ping);
                    }
                });
                done.await();
            }
            case CHAINED_SPAWN -> {
                Done done = new Done(1);
                impl.spawn(new Chain(impl, n, done));
                done.await();
            }
        }
        return opsPerIteration(o);
    }

    private static void threadPing(SchedImpl impl, Done done) {
        SchedImpl.Signal ping = impl.newSignal();
        SchedImpl.Signal pong = impl.newSignal();
        impl.spawn(() -> {
            ping.await();
            pong.send();
        });
        ping.send();
        pong.await();
        done.arrive();
    }

    private static void callbackPing(SchedImpl impl, Done done) {
        CallbackOneshot ping = new CallbackOneshot(impl);
        CallbackOneshot pong = new CallbackOneshot(impl);
        impl.spawn(() -> ping.then(pong::send));
        ping.send();
        pong.then(done::arrive);
    }

    /** A callback task that yields by submitting itself again until its budget is spent. */
    private static final class Yielder implements Runnable {
        private final SchedImpl impl;
        private final Done done;
        /** Touched only by the task, which runs on one thread at a time (each submit happens-before its run). */
        private int left;

        Yielder(SchedImpl impl, int yields, Done done) {
            this.impl = impl;
            this.left = yields;
            this.done = done;
        }

        @Override
        public void run() {
            if (left-- > 0) {
                impl.spawn(this);
            } else {
                done.arrive();
            }
        }
    }

    /** One link of chained_spawn: spawns the next until the depth is reached. */
    private record Chain(SchedImpl impl, int left, Done done) implements Runnable {
        @Override
        public void run() {
            if (left == 0) {
                done.arrive();
            } else {
                impl.spawn(new Chain(impl, left - 1, done));
            }
        }
    }
}
