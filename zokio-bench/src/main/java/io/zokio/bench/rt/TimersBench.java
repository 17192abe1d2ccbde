package io.zokio.bench.rt;

import io.netty.util.HashedWheelTimer;
import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.ProcessCpuClock;
import io.zokio.bench.Reporter;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.bench.Scale;
import io.zokio.bench.ZokioImpl;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> {@link #run} on the main thread, which also requests every timer; timers fire on the
 * impl's threads, each writing only its own slot of the lateness array.
 *
 * <p>{@code timers}: the main thread requests {@value #FULL_TIMERS} timers (fewer in {@code --quick}) as fast as
 * it can, each with a delay drawn uniformly from 0..{@value #SPAN_MS} ms (fixed seed: every impl gets the same
 * delays). A timer's deadline is the time of its request plus its delay; its lateness is the time its code
 * runs minus that deadline. A round's {@code secs} run from the first request to the last firing (so at least the
 * span); the line reports the medians over the rounds of the lateness mean, p99 and max, and of {@code cpu_s}: the
 * CPU seconds the whole process (requesting thread, the impl's threads, GC and JIT) used from the first request
 * until the main thread saw the last firing, per million timers ({@link ProcessCpuClock}). Rounds run one impl at
 * a time (the one before is closed), so that CPU time is the impl's and the requesting thread's. Each round opens
 * the impl afresh and runs one warm-up batch before the measured one.
 *
 * <p>Impls: {@code zokio}: {@link Runtime#schedule} callbacks on the runtime's per-worker timer wheels (the
 * requesting thread's home worker; 1 ms ticks with exact sub-tick expiry); the action runs on the worker.
 * Baselines: {@code netty-hwt} ({@code HashedWheelTimer}, tick {@value #NETTY_TICK_MS} ms like Zokio's wheel
 * (Netty's default tick is 100 ms), {@value #NETTY_BUCKETS} buckets: the span in one turn; its worker thread wakes
 * every tick) and {@code jdk-stpe} ({@code ScheduledThreadPoolExecutor} with 2 threads).
 */
public final class TimersBench implements Bench {
    static final int FULL_TIMERS = 1_000_000;
    static final int SPAN_MS = 1_000;
    static final int NETTY_TICK_MS = 1;
    static final int NETTY_BUCKETS = 1024;

    /** One timer service: {@link #schedule} runs {@code fire(i)} after {@code delayNs}. */
    private abstract static class Impl implements AutoCloseable {
        final String name;
        final Map<String, String> extras = new LinkedHashMap<>();

        Impl(String name) {
            this.name = name;
        }

        /** Requests timer {@code i}: {@code h.fire(i)} after {@code delayNs}, whose deadline is {@code deadlineNs}. */
        abstract void schedule(Harness h, int i, long delayNs, long deadlineNs);

        @Override
        public abstract void close();
    }

    @Override
    public String name() {
        return "timers";
    }

    static int timers(Options o) {
        return switch (o.scale()) {
            case FULL -> FULL_TIMERS;
            case QUICK -> 200_000;
            case TINY -> 2_000;
        };
    }

    /** The delay span; the smoke run shortens it so the tests stay fast. */
    static int spanMs(Options o) {
        return o.scale() == Scale.TINY ? 50 : SPAN_MS;
    }

    @Override
    public String header(Options o) {
        return "timers: " + timers(o) + " timers requested by one thread, delays uniform in 0.." + spanMs(o)
                + " ms (same seed for all); secs = first request to last firing, lateness = firing - (request + "
                + "delay); impls zokio (Runtime.schedule callbacks on the runtime's timer wheel; 2 workers, idle="
                + o.idleMode() + "); a warm-up round of batches of " + Math.max(100, timers(o) / 10)
                + " timers over 0..100 ms for " + warmupMs(o) + " ms per impl, then " + Rounds.count(o.scale())
                + " interleaved rounds of one such batch and the measured timers (about " + spanMs(o) + " ms), each "
                + "on a new impl; cpu_s = process CPU seconds (all threads; "
                + (ProcessCpuClock.precise() ? "/proc/self/task/*/schedstat" : "OperatingSystemMXBean")
                + ") from the first request until the last firing is seen, per million timers; late_*, "
                + "request_secs, cpu_s and early are medians of the rounds; baselines netty-hwt (HashedWheelTimer, "
                + "tick " + NETTY_TICK_MS + " ms (Netty's default is "
                + "100 ms), " + NETTY_BUCKETS + " buckets), jdk-stpe (ScheduledThreadPoolExecutor, 2 threads)";
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-hwt", "jdk-stpe");
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        int n = timers(o);
        long spanNs = TimeUnit.MILLISECONDS.toNanos(spanMs(o));
        long[] delays = delays(n, spanNs, 42);
        int warmN = Math.max(100, n / 10);
        long[] warmDelays = delays(warmN, Math.min(spanNs, TimeUnit.MILLISECONDS.toNanos(100)), 7);
        List<String> names = List.of("zokio", "netty-hwt", "jdk-stpe");
        Map<String, Map<String, String>> extras = new LinkedHashMap<>();
        Map<String, Rounds.Outcome> out = Rounds.run(o, names, (name, round) -> {
            try (Impl impl = open(name, o)) {
                extras.putIfAbsent(name, impl.extras);
                // warm-up batches for a fixed time, so that every impl is measured compiled (one small batch
                // left the request path of the deeper implementations in the interpreter)
                long warmEnd = System.nanoTime() + (round == Rounds.WARMUP ? warmupMs(o) : 0) * 1_000_000L;
                do {
                    new Harness(warmDelays).run(impl);
                } while (System.nanoTime() - warmEnd < 0);
                Harness h = new Harness(delays);
                long cpu0 = ProcessCpuClock.nanos();
                double secs = h.run(impl);
                long cpu1 = ProcessCpuClock.nanos();
                return h.lateness(Sample.of(n, secs)).with("cpu_s", (cpu1 - cpu0) / 1e9 * 1e6 / n);
            }
        });
        for (String name : names) {
            Map<String, String> x = new LinkedHashMap<>();
            x.put("timers", Integer.toString(n));
            x.put("span_ms", Integer.toString(spanMs(o)));
            Rounds.Outcome oc = out.get(name);
            oc.putMedians(x, "%.3f", "late_mean_ms", "late_p99_ms", "late_max_ms", "request_secs", "cpu_s");
            oc.putMedians(x, "%.0f", "early");
            x.putAll(extras.getOrDefault(name, Map.of()));
            reporter.outcome(name(), name, oc, x);
        }
    }

    /** Warm-up per impl: batches of a tenth of the timers over 0..100 ms until this has passed. */
    static long warmupMs(Options o) {
        return switch (o.scale()) {
            case FULL -> 2_000;
            case QUICK -> 600;
            case TINY -> 0;
        };
    }

    static long[] delays(int n, long spanNs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextLong(spanNs + 1);
        }
        return d;
    }

    private static Impl open(String name, Options o) throws ZokioImpl.Unavailable {
        return switch (name) {
            case "zokio" -> new ZokioTimers(o);
            case "netty-hwt" -> new NettyHwt();
            case "jdk-stpe" -> new Stpe();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** One measured batch: requests every timer, waits for every firing, keeps the lateness of each. */
    static final class Harness {
        private final long[] delays;
        private final long[] deadlines;
        /** Slot i written once by timer i's firing thread; read after {@link Done#await}. */
        private final long[] late;
        private final Done done;
        private double requestSecs;

        Harness(long[] delays) {
            this.delays = delays;
            this.deadlines = new long[delays.length];
            this.late = new long[delays.length];
            this.done = new Done(delays.length);
        }

        void fire(int i) {
            late[i] = System.nanoTime() - deadlines[i];
            done.arrive();
        }

        long deadline(int i) {
            return deadlines[i];
        }

        /** Returns seconds from the first request to the last firing. */
        double run(Impl impl) throws Exception {
            long t0 = System.nanoTime();
            for (int i = 0; i < delays.length; i++) {
                // written before the hand-over to the timer service, which orders it before fire(i)
                deadlines[i] = System.nanoTime() + delays[i];
                impl.schedule(this, i, delays[i], deadlines[i]);
            }
            requestSecs = (System.nanoTime() - t0) / 1e9;
            return (done.await() - t0) / 1e9;
        }

        /** {@code sample} with this batch's lateness figures (mean, p99, max in ms), request time and early count. */
        Sample lateness(Sample sample) {
            long[] s = late.clone();
            Arrays.sort(s);
            double sum = 0;
            for (long v : s) {
                sum += v;
            }
            return sample.with("late_mean_ms", sum / s.length / 1e6)
                    .with("late_p99_ms", s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1e6)
                    .with("late_max_ms", s[s.length - 1] / 1e6)
                    .with("request_secs", requestSecs)
                    .with("early", Arrays.stream(s).filter(v -> v < 0).count());
        }
    }

    /** {@link Runtime#schedule} callbacks on the runtime's timer wheel; each fires on a worker. */
    private static final class ZokioTimers extends Impl {
        private final Runtime rt;

        ZokioTimers(Options o) throws ZokioImpl.Unavailable {
            super("zokio");
            Runtime r;
            try {
                r = SchedImpl.runtime(name, o, CarrierMode.AFFINE);
            } catch (ZokioImpl.Unavailable affineMissing) {
                r = SchedImpl.runtime(name, o, CarrierMode.SHARED);
            }
            rt = r;
            extras.putAll(SchedImpl.zokioExtras(o, rt));
        }

        @Override
        void schedule(Harness h, int i, long delayNs, long deadlineNs) {
            rt.schedule(Duration.ofNanos(delayNs), () -> h.fire(i)); // a callback on a worker's wheel
        }

        @Override
        public void close() {
            rt.close();
        }
    }

    private static final class NettyHwt extends Impl {
        private final HashedWheelTimer timer;

        NettyHwt() {
            super("netty-hwt");
            timer = new HashedWheelTimer(r -> {
                Thread t = new Thread(r, "netty-hwt");
                t.setDaemon(true);
                return t;
            }, NETTY_TICK_MS, TimeUnit.MILLISECONDS, NETTY_BUCKETS);
            extras.put("tick_ms", Integer.toString(NETTY_TICK_MS));
            extras.put("buckets", Integer.toString(NETTY_BUCKETS));
        }

        @Override
        void schedule(Harness h, int i, long delayNs, long deadlineNs) {
            timer.newTimeout(t -> h.fire(i), delayNs, TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            timer.stop();
        }
    }

    private static final class Stpe extends Impl {
        private final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2);

        Stpe() {
            super("jdk-stpe");
            extras.put("threads", "2");
        }

        @Override
        void schedule(Harness h, int i, long delayNs, long deadlineNs) {
            pool.schedule(() -> h.fire(i), delayNs, TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
