package io.zokio.bench.fs;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.bench.Scale;
import io.zokio.fs.AsyncFile;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * <b>Threading:</b> {@link #run} on the main thread; each impl's readers and pingers are virtual threads (of the JDK's
 * scheduler, or tasks of a Zokio runtime), its pacer a platform thread.
 *
 * <p>{@code pinning}: {@value #READERS} virtual threads read 4 KiB pages at random from a page-cached file at a fixed
 * offered rate shared among them ({@link ReadPacer}: {@value #DEFAULT_OFFERED_PER_S} reads/s unless
 * {@code -Dzokio.bench.pinning.rate} says otherwise, the same for every impl), while {@value #PINGERS} more virtual
 * threads sleep 1 ms again and again and record how late each wake-up is (actual sleep minus 1 ms). A read that
 * pins its carrier (FileChannel on a virtual thread) holds a carrier a sleeper needs; a read that parks (Zokio)
 * does not. Every impl does the same reads per second, so lateness is compared at equal work. Only pings asleep
 * inside the measured window count ({@link PingLog}); the warm-up's do not. {@code ops} are the reads done in the
 * window ({@code ops_per_sec} the achieved rate, also {@code achieved_per_s=} beside {@code offered_per_s=});
 * reported: lateness p50, p99 and max in ms over the window's pings, their count, and the process's CPU per read
 * over the window ({@code cpu_us_per_op}), each the median over the {@link Rounds rounds} (each round starts its
 * readers, pingers, pacer and runtime afresh).
 *
 * <p>Impls: {@code zokio} runs readers and pingers as tasks of a runtime in its default carrier mode (AFFINE where
 * the JDK hooks are open, as in the launcher; {@code carrier=} says which), reading with AsyncFile.read and
 * sleeping on the runtime's timer wheel ({@code Zokio.sleep}); {@code zokio-shared} reads with AsyncFile.read from
 * plain virtual threads of the JDK's scheduler (runtime in CarrierMode.SHARED), sleeping with Thread.sleep;
 * baseline {@code filechannel} (FileChannel.read and Thread.sleep on the JDK's virtual threads).
 */
public final class PinningBench implements Bench {
    static final int READERS = 1_000;
    static final int PINGERS = 8;
    private static final long SLEEP_NS = 1_000_000L;
    /**
     * Reads per second offered to every impl, so that every impl sustains it on a 2-core machine: about half the
     * paced rate at which the slowest impl (AsyncFile.read from the JDK's virtual threads) fell behind in short
     * runs there, and about a tenth of its closed-loop rate (some 1 M reads/s).
     */
    static final long DEFAULT_OFFERED_PER_S = 100_000;
    static final List<String> IMPLS = List.of("zokio", "zokio-shared", "filechannel");

    @Override
    public String name() {
        return "pinning";
    }

    static long fileSize(Options o) {
        return Math.min(BenchFile.sizeFor(o.scale()), 256L << 20);
    }

    static long offeredPerSecond() {
        return Long.getLong("zokio.bench.pinning.rate", DEFAULT_OFFERED_PER_S);
    }

    /** The measured window of a round: long enough for thousands of pings ({@value #PINGERS} sleepers of 1 ms). */
    static long windowMs(Scale s) {
        return s.millis(2_000, 100);
    }

    @Override
    public String header(Options o) {
        return "pinning: " + READERS + " virtual threads doing 4 KiB random reads of a page-cached "
                + (fileSize(o) >> 20) + " MiB file at a fixed offered rate of " + offeredPerSecond() + " reads/s in "
                + "all (paced by a platform thread) while " + PINGERS + " virtual threads each sleep 1 ms in a loop; "
                + "ops = reads in the window (ops_per_sec = achieved rate), late_* = sleep overshoot of the pings "
                + "asleep in the window (warm-up pings excluded), cpu_us_per_op = process CPU per read over the "
                + "window (/proc, 10 ms ticks); a warm-up round, then " + Rounds.count(o.scale()) + " interleaved "
                + "rounds of a " + windowMs(o.scale()) + " ms window after " + Window.roundWarmupMs(o.scale())
                + " ms of load; late_*, pings, achieved_per_s and cpu_us_per_op are medians of the rounds; impl zokio "
                + "(readers and pingers as runtime tasks, default carrier mode, AsyncFile.read, Zokio.sleep, default "
                + "backend); zokio-shared "
                + "(AsyncFile.read from the JDK's virtual threads, CarrierMode.SHARED, Thread.sleep); baseline "
                + "filechannel (FileChannel.read and Thread.sleep on the JDK's virtual threads)";
    }

    @Override
    public List<String> baselines() {
        return List.of("filechannel");
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        Map<String, Map<String, String>> extras = new LinkedHashMap<>();
        try (BenchFile file = BenchFile.create("pinning", fileSize(o))) {
            Map<String, Rounds.Outcome> out = Rounds.run(o, IMPLS, (impl, round) ->
                    measure(impl, file, o, round, extras.computeIfAbsent(impl, k -> new LinkedHashMap<>())));
            for (String impl : IMPLS) {
                Rounds.Outcome oc = out.get(impl);
                Map<String, String> x = new LinkedHashMap<>(extras.getOrDefault(impl, Map.of()));
                x.put("readers", Integer.toString(READERS));
                x.put("pingers", Integer.toString(PINGERS));
                x.put("offered_per_s", Long.toString(offeredPerSecond()));
                oc.putMedians(x, "%.0f", "achieved_per_s", "pings");
                oc.putMedians(x, "%.3f", "late_p50_ms", "late_p99_ms", "late_max_ms");
                oc.putMedians(x, "%.2f", "cpu_us_per_op");
                reporter.outcome(name(), impl, oc, x);
            }
        }
    }

    private interface PageReader {
        void read(int reader, long offset) throws Exception;
    }

    /** Starts the readers and the pingers: plain virtual threads, or tasks of a runtime. */
    private interface Starter {
        Runnable start(Runnable body); // returns a join action

        void sleep1ms() throws InterruptedException;
    }

    /** Something that can be waited for: a thread or a task. */
    private interface Joinable {
        void join() throws InterruptedException;
    }

    /** A join action that turns an interrupt into a failure (the bench's main thread is never interrupted). */
    private static Runnable joiner(Joinable j) {
        return () -> {
            try {
                j.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Starter jdkThreads() {
        return new Starter() {
            public Runnable start(Runnable body) {
                return joiner(Thread.ofVirtual().start(body)::join);
            }

            public void sleep1ms() throws InterruptedException {
                Thread.sleep(1);
            }
        };
    }

    private static Starter runtimeTasks(Runtime rt) {
        return new Starter() {
            public Runnable start(Runnable body) {
                io.zokio.runtime.Task<Void> t = rt.spawn(() -> {
                    body.run();
                    return null;
                });
                return joiner(t::join);
            }

            public void sleep1ms() throws InterruptedException {
                io.zokio.Zokio.sleep(java.time.Duration.ofMillis(1));
            }
        };
    }

    /** One round of {@code impl}: its reads and its pings' lateness; {@code x} gets its settings. */
    private static Sample measure(String impl, BenchFile file, Options o, int round, Map<String, String> x)
            throws Exception {
        Runtime rt = null;
        AsyncFile af = null;
        FileChannel fc = null;
        try (Arena arena = Arena.ofShared()) {
            PageReader reader;
            Starter starter = jdkThreads();
            if (impl.startsWith("zokio")) {
                var b = Runtime.builder().idleMode(o.idleMode());
                if (impl.equals("zokio-shared")) {
                    b.carrierMode(CarrierMode.SHARED);
                }
                Runtime r = b.build();
                rt = r;
                if (impl.equals("zokio")) {
                    starter = runtimeTasks(r);
                }
                x.put("backend", r.backendName());
                x.put("carrier", r.carrierMode().name().toLowerCase(Locale.ROOT));
                x.put("inline_reads", System.getProperty("zokio.fs.inlineReads", "auto")); // see io.zokio.fs.InlineReads
                AsyncFile f = r.spawn(() -> AsyncFile.open(r, file.path, StandardOpenOption.READ)).join();
                af = f;
                MemorySegment[] bufs = new MemorySegment[READERS];
                for (int i = 0; i < READERS; i++) {
                    bufs[i] = arena.allocate(BenchFile.PAGE, BenchFile.PAGE);
                }
                reader = (i, off) -> f.read(bufs[i], off);
            } else {
                FileChannel ch = FileChannel.open(file.path, StandardOpenOption.READ);
                fc = ch;
                ByteBuffer[] bufs = new ByteBuffer[READERS];
                for (int i = 0; i < READERS; i++) {
                    bufs[i] = ByteBuffer.allocateDirect(BenchFile.PAGE);
                }
                reader = (i, off) -> ch.read(bufs[i].clear(), off);
            }
            Window w = new Window(READERS);
            ReadPacer pacer = new ReadPacer(offeredPerSecond());
            Starter st = starter;
            List<PingLog> logs = new ArrayList<>();
            List<Runnable> joins = new ArrayList<>();
            for (int i = 0; i < PINGERS; i++) {
                PingLog log = new PingLog();
                logs.add(log);
                joins.add(st.start(() -> {
                    try {
                        do {
                            long t0 = System.nanoTime();
                            st.sleep1ms();
                            log.record(t0, System.nanoTime() - t0 - SLEEP_NS);
                        } while (!w.stopped());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (int i = 0; i < READERS; i++) {
                int id = i;
                joins.add(st.start(() -> {
                    SplittableRandom rnd = new SplittableRandom(id);
                    try {
                        while (true) {
                            pacer.take();
                            if (w.stopped()) {
                                return;
                            }
                            reader.read(id, file.randomPage(rnd));
                            w.add(id, 1);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            pacer.start();
            try {
                w.measure(o.scale(), round, windowMs(o.scale()));
            } finally {
                pacer.stop(READERS);
            }
            for (Runnable join : joins) {
                join.run();
            }
            long[] late = PingLog.latenessIn(logs, SLEEP_NS, w.startNanos, w.endNanos);
            if (late.length == 0) { // each pinger sleeps until after the window's end: never, unless one died
                throw new IllegalStateException("no ping in the window");
            }
            return Sample.of(w.ops, w.secs)
                    .with("achieved_per_s", w.ops / w.secs)
                    .with("cpu_us_per_op", w.cpuSecs * 1e6 / Math.max(w.ops, 1))
                    .with("pings", late.length)
                    .with("late_p50_ms", PingLog.quantile(late, 0.50) / 1e6)
                    .with("late_p99_ms", PingLog.quantile(late, 0.99) / 1e6)
                    .with("late_max_ms", late[late.length - 1] / 1e6);
        } finally {
            if (af != null) {
                AsyncFile f = af;
                rt.spawn(() -> {
                    f.close();
                    return null;
                }).join();
            }
            if (rt != null) {
                rt.close();
            }
            if (fc != null) {
                fc.close();
            }
        }
    }
}
