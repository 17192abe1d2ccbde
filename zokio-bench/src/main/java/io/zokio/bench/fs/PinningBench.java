package io.zokio.bench.fs;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.fs.AsyncFile;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * <b>Threading:</b> {@link #run} on the main thread; readers and the pinger are virtual threads of the JDK's
 * default scheduler in both impls (Zokio runs with CarrierMode.SHARED), so only the file I/O path differs.
 *
 * <p>{@code pinning}: {@value #READERS} virtual threads read 4 KiB pages at random from a page-cached file in a
 * closed loop while one more virtual thread sleeps 1 ms again and again and records how late each wake-up is
 * (actual sleep minus 1 ms). A read that pins its carrier (FileChannel on a virtual thread) holds the carrier
 * the sleeper needs; a read that parks (Zokio) does not. {@code ops} are pings; reported: lateness p50, p99 and
 * max in ms, and the readers' reads per second, each the median over the {@link Rounds rounds} (each round
 * starts its readers, pinger and runtime afresh). Impl {@code zokio} (AsyncFile.read), baseline
 * {@code filechannel} (FileChannel.read). Impl {@code zokio-affine} runs the same readers and pinger as tasks of
 * a runtime in its default carrier mode (AFFINE where the hooks are open, as in the launcher), where reads of
 * cached pages are served inline with a yield every few dozen reads, and the pinger sleeps on the runtime's
 * timer wheel ({@code Zokio.sleep}).
 */
public final class PinningBench implements Bench {
    static final int READERS = 1_000;

    @Override
    public String name() {
        return "pinning";
    }

    static long fileSize(Options o) {
        return Math.min(BenchFile.sizeFor(o.scale()), 256L << 20);
    }

    @Override
    public String header(Options o) {
        return "pinning: " + READERS + " virtual threads doing 4 KiB random reads of a page-cached "
                + (fileSize(o) >> 20) + " MiB file while one virtual thread sleeps 1 ms in a loop; ops = pings, "
                + "late_* = sleep overshoot; a warm-up round, then " + Rounds.count(o.scale()) + " interleaved rounds of "
                + "a " + Window.measureMs(o.scale()) + " ms window after " + Window.roundWarmupMs(o.scale()) + " ms "
                + "of load; late_*, pings and reads_per_s are medians of the rounds; impl zokio (AsyncFile.read, "
                + "CarrierMode.SHARED, default backend); baseline filechannel (FileChannel.read on virtual threads); "
                + "both on the JDK's default virtual-thread scheduler; impl zokio-affine (the same as runtime tasks, "
                + "default carrier mode, Zokio.sleep)";
    }

    @Override
    public List<String> baselines() {
        return List.of("filechannel");
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        List<String> impls = List.of("zokio", "zokio-affine", "filechannel");
        Map<String, Map<String, String>> extras = new LinkedHashMap<>();
        try (BenchFile file = BenchFile.create("pinning", fileSize(o))) {
            Map<String, Rounds.Outcome> out = Rounds.run(o, impls, (impl, round) ->
                    measure(impl, file, o, round, extras.computeIfAbsent(impl, k -> new LinkedHashMap<>())));
            for (String impl : impls) {
                Rounds.Outcome oc = out.get(impl);
                Map<String, String> x = new LinkedHashMap<>(extras.getOrDefault(impl, Map.of()));
                x.put("readers", Integer.toString(READERS));
                oc.putMedians(x, "%.0f", "pings");
                oc.putMedians(x, "%.3f", "late_p50_ms", "late_p99_ms", "late_max_ms");
                oc.putMedians(x, "%.0f", "reads_per_s");
                reporter.outcome(name(), impl, oc, x);
            }
        }
    }

    private interface PageReader {
        void read(int reader, long offset) throws Exception;
    }

    /** Starts the readers and the pinger: plain virtual threads, or tasks of a runtime. */
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

    /** One round of {@code impl}: its pings, their lateness and the readers' rate; {@code x} gets its settings. */
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
                if (impl.equals("zokio")) {
                    b.carrierMode(CarrierMode.SHARED);
                }
                Runtime r = b.build();
                rt = r;
                if (impl.equals("zokio-affine")) {
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
            Window w = new Window(1);
            LongAdder reads = new LongAdder();
            long[] late = new long[1 << 16];
            java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
            Starter st = starter;
            Runnable pinger = st.start(() -> {
                try {
                    do { // at least one ping under load, even when the load starves the pinger
                        long t0 = System.nanoTime();
                        st.sleep1ms();
                        long over = System.nanoTime() - t0 - 1_000_000L;
                        late[count.get() & (late.length - 1)] = over;
                        count.incrementAndGet(); // publishes the sample to the main thread
                        w.add(0, 1);
                    } while (!w.stopped());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            while (count.get() == 0) {
                Thread.sleep(1); // the pinger runs before the load starts: a starved ping then counts as late
            }
            int firstLoaded = count.get();
            List<Runnable> threads = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                int id = i;
                threads.add(st.start(() -> {
                    SplittableRandom rnd = new SplittableRandom(id);
                    try {
                        while (!w.stopped()) {
                            reader.read(id, file.randomPage(rnd));
                            reads.increment();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            long r0 = reads.sum();
            w.measure(o.scale(), round);
            long r1 = reads.sum();
            pinger.run();
            for (Runnable join : threads) {
                join.run();
            }
            // pings that started under load, including the one in progress when the window closed (its lateness
            // is how long the load starved it)
            int n = Math.min(count.get() - firstLoaded, late.length);
            long[] sorted = new long[Math.max(n, 1)];
            for (int i = 0; i < n; i++) {
                sorted[i] = late[(firstLoaded + i) & (late.length - 1)];
            }
            n = Math.max(n, 1);
            Arrays.sort(sorted);
            return Sample.of(Math.max(1, w.ops), w.secs)
                    .with("pings", count.get() - firstLoaded)
                    .with("late_p50_ms", sorted[n / 2] / 1e6)
                    .with("late_p99_ms", sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6)
                    .with("late_max_ms", sorted[n - 1] / 1e6)
                    .with("reads_per_s", (r1 - r0) / w.secs);
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
