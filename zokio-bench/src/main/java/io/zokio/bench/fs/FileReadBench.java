package io.zokio.bench.fs;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.bench.Spread;
import io.zokio.fs.AsyncFile;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * <b>Threading:</b> {@link #run} on the main thread; each impl starts {@value #IN_FLIGHT} readers (threads,
 * tasks or completion chains) and joins or drains them before the next impl starts.
 *
 * <p>{@code file_read}: 4 KiB reads at random page-aligned offsets of a page-cached file (1 GiB; 128 MiB with
 * --quick), {@value #IN_FLIGHT} in flight, closed loop. Impls: {@code zokio-vt} (64 virtual-thread tasks calling
 * AsyncFile.read), {@code zokio-vt-registered} (the same with the file registered: {@code
 * ZokioOpenOption.REGISTERED}, reads name a registered-file index), {@code zokio-async} (64 chains of AsyncFile.readAsync, each completion starting the next
 * read); baselines {@code filechannel-vt} (FileChannel.read on 64 virtual threads), {@code filechannel-platform}
 * (64 platform threads), {@code jdk-async-file-channel} (AsynchronousFileChannel, 64 CompletionHandler chains)
 * and, when {@code fio} is on the PATH, {@code fio-io_uring} (fio's io_uring engine, iodepth 64, one job).
 * Reports {@code cpu_s} (process CPU over the window) and {@code ops_per_cpu_s} for per-core comparisons.
 */
public final class FileReadBench implements Bench {
    static final int IN_FLIGHT = 64;
    static final List<String> IMPLS = List.of("zokio-vt", "zokio-vt-registered", "zokio-async", "filechannel-vt",
            "filechannel-platform",
            "jdk-async-file-channel", "fio-io_uring");

    @Override
    public String name() {
        return "file_read";
    }

    @Override
    public String header(Options o) {
        return "file_read: 4 KiB random page-aligned reads of a page-cached " + (BenchFile.sizeFor(o.scale()) >> 20)
                + " MiB file, " + IN_FLIGHT + " in flight, closed loop; a warm-up round (" + Window.warmupMs(o.scale())
                + " ms), then " + Rounds.count(o.scale()) + " interleaved rounds of a " + Window.measureMs(o.scale())
                + " ms window after " + Window.roundWarmupMs(o.scale()) + " ms of warm-up, each impl starting its "
                + "readers afresh; cpu_s and ops_per_cpu_s are medians of the rounds; impls zokio-vt (virtual threads, "
                + "AsyncFile.read), zokio-vt-registered (the same, file opened REGISTERED: registered-file index), "
                + "zokio-async (AsyncFile.readAsync chains), Zokio runtime with default workers and "
                + "backend; baselines filechannel-vt, filechannel-platform (64 threads), jdk-async-file-channel, "
                + "fio-io_uring (iodepth 64, 1 job, page cache kept, registered file and buffers, batches of 32; "
                + "when fio is on PATH, one run of whole seconds per round)";
    }

    @Override
    public List<String> baselines() {
        return List.of("filechannel-vt", "filechannel-platform", "jdk-async-file-channel", "fio-io_uring");
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        try (BenchFile file = BenchFile.create("file-read", BenchFile.sizeFor(o.scale()))) {
            Map<String, Map<String, String>> extras = new LinkedHashMap<>();
            for (String impl : IMPLS) {
                Map<String, String> x = new LinkedHashMap<>();
                x.put("in_flight", Integer.toString(IN_FLIGHT));
                x.put("file_mb", Long.toString(file.sizeBytes >> 20));
                extras.put(impl, x);
            }
            Map<String, Rounds.Outcome> out = Rounds.run(o, IMPLS, (impl, round) -> {
                Map<String, String> x = extras.get(impl);
                return switch (impl) {
                    case "zokio-vt" -> zokio(file, o, round, false, false, x).sample();
                    case "zokio-vt-registered" -> zokio(file, o, round, false, true, x).sample();
                    case "zokio-async" -> zokio(file, o, round, true, false, x).sample();
                    case "filechannel-vt" -> fileChannel(file, o, round, true).sample();
                    case "filechannel-platform" -> fileChannel(file, o, round, false).sample();
                    case "jdk-async-file-channel" -> asyncChannel(file, o, round).sample();
                    default -> round == Rounds.WARMUP ? null : Fio.run(file, IN_FLIGHT, o);
                };
            });
            for (String impl : IMPLS) {
                Rounds.Outcome oc = out.get(impl);
                Map<String, String> x = extras.get(impl);
                if (oc.failure() == null) {
                    double[] perCpu = oc.samples().stream().mapToDouble(s -> s.ops() / Math.max(s.figures()
                            .get("cpu_s"), 0.01)).toArray();
                    oc.putMedians(x, "%.2f", "cpu_s");
                    x.put("ops_per_cpu_s", String.format(Locale.ROOT, "%.0f", Spread.median(perCpu)));
                    Rounds.Outcome fc = out.get("filechannel-vt");
                    if (impl.startsWith("zokio") && fc.failure() == null) {
                        x.put("round_ratio_fc_vt", roundRatios(oc.samples(), fc.samples()));
                    }
                }
                reporter.outcome(name(), impl, oc, x);
            }
        }
    }

    /** {@code a}'s rate over {@code b}'s, round by round: {@code 1.02,0.97,...}. */
    private static String roundRatios(List<Sample> a, List<Sample> b) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            r.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", a.get(i).rate() / b.get(i).rate()));
        }
        return r.toString();
    }

    private static Window zokio(BenchFile file, Options o, int round, boolean async, boolean registered, Map<String, String> x)
            throws Exception {
        Window w = new Window(IN_FLIGHT);
        // the runtime's default carrier mode (AFFINE where the hooks are open, as in the launcher's JVMs: a read
        // is submitted on the reader's own carrier), or -Dzokio.bench.carrier=shared|affine
        String carrier = System.getProperty("zokio.bench.carrier", "auto").toUpperCase(Locale.ROOT);
        var builder = Runtime.builder().idleMode(o.idleMode());
        if (!carrier.equals("AUTO")) {
            builder.carrierMode(io.zokio.runtime.CarrierMode.valueOf(carrier));
        }
        try (Runtime rt = builder.build();
             Arena arena = Arena.ofShared()) {
            x.put("backend", rt.backendName());
            x.put("carrier", rt.carrierMode().name().toLowerCase(Locale.ROOT));
            x.put("inline_reads", System.getProperty("zokio.fs.inlineReads", "auto")); // see io.zokio.fs.InlineReads
            x.put("workers", Integer.toString(rt.workers()));
            AsyncFile f = rt.spawn(() -> registered
                    ? AsyncFile.open(rt, file.path, StandardOpenOption.READ, io.zokio.fs.ZokioOpenOption.REGISTERED)
                    : AsyncFile.open(rt, file.path, StandardOpenOption.READ)).join();
            if (registered) {
                if (!f.isRegistered()) { // soft failure: say so instead of reporting plain reads under this name
                    String why = rt.registeredFilesUnavailable();
                    rt.spawn(() -> {
                        f.close();
                        return null;
                    }).join();
                    throw new IllegalStateException("file not registered: " + (why == null ? "table full" : why));
                }
                x.put("registered", "true");
            }
            if (async) {
                CountDownLatch done = new CountDownLatch(IN_FLIGHT);
                for (int i = 0; i < IN_FLIGHT; i++) {
                    new Chain(f, file, w, i, arena.allocate(BenchFile.PAGE, BenchFile.PAGE), done).next();
                }
                w.measure(o.scale(), round);
                done.await();
            } else {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    int id = i;
                    MemorySegment buf = arena.allocate(BenchFile.PAGE, BenchFile.PAGE);
                    tasks.add(rt.spawn(() -> {
                        SplittableRandom rnd = new SplittableRandom(id);
                        while (!w.stopped()) {
                            f.read(buf, file.randomPage(rnd));
                            w.add(id, 1);
                        }
                        return null;
                    }));
                }
                w.measure(o.scale(), round);
                for (Task<Void> t : tasks) {
                    t.join();
                }
            }
            rt.spawn(() -> {
                f.close();
                return null;
            }).join();
        }
        return w;
    }

    /** One in-flight asynchronous read that starts the next from its completion (on the loop thread). */
    private static final class Chain {
        final AsyncFile f;
        final BenchFile file;
        final Window w;
        final int id;
        final MemorySegment buf;
        final CountDownLatch done;
        final SplittableRandom rnd;

        Chain(AsyncFile f, BenchFile file, Window w, int id, MemorySegment buf, CountDownLatch done) {
            this.f = f;
            this.file = file;
            this.w = w;
            this.id = id;
            this.buf = buf;
            this.done = done;
            this.rnd = new SplittableRandom(id);
        }

        void next() {
            if (w.stopped()) {
                done.countDown();
                return;
            }
            f.readAsync(buf, file.randomPage(rnd)).whenComplete((n, e) -> {
                if (e != null) {
                    done.countDown();
                    return;
                }
                w.add(id, 1);
                next();
            });
        }
    }

    private static Window fileChannel(BenchFile file, Options o, int round, boolean virtual) throws Exception {
        Window w = new Window(IN_FLIGHT);
        try (FileChannel ch = FileChannel.open(file.path, StandardOpenOption.READ)) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                int id = i;
                Runnable body = () -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(BenchFile.PAGE);
                    SplittableRandom rnd = new SplittableRandom(id);
                    try {
                        while (!w.stopped()) {
                            ch.read(b.clear(), file.randomPage(rnd));
                            w.add(id, 1);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
                threads.add(virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().daemon().start(body));
            }
            w.measure(o.scale(), round);
            for (Thread t : threads) {
                t.join();
            }
        }
        return w;
    }

    /** One AsynchronousFileChannel read chain: each completion starts the next read (on the JDK's pool). */
    private static final class AsyncReader implements CompletionHandler<Integer, Void> {
        final AsynchronousFileChannel ch;
        final BenchFile file;
        final Window w;
        final int id;
        final ByteBuffer b;
        final SplittableRandom rnd;
        final CountDownLatch done;

        AsyncReader(AsynchronousFileChannel ch, BenchFile file, Window w, int id, ByteBuffer b, SplittableRandom rnd,
                    CountDownLatch done) {
            this.ch = ch;
            this.file = file;
            this.w = w;
            this.id = id;
            this.b = b;
            this.rnd = rnd;
            this.done = done;
        }

        @Override
        public void completed(Integer n, Void a) {
            w.add(id, 1);
            start();
        }

        @Override
        public void failed(Throwable e, Void a) {
            done.countDown();
        }

        void start() {
            if (w.stopped()) {
                done.countDown();
            } else {
                ch.read(b.clear(), file.randomPage(rnd), null, this);
            }
        }
    }

    private static Window asyncChannel(BenchFile file, Options o, int round) throws Exception {
        Window w = new Window(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(IN_FLIGHT);
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(file.path, StandardOpenOption.READ)) {
            for (int i = 0; i < IN_FLIGHT; i++) {
                int id = i;
                ByteBuffer b = ByteBuffer.allocateDirect(BenchFile.PAGE);
                SplittableRandom rnd = new SplittableRandom(id);
                AsyncReader h = new AsyncReader(ch, file, w, id, b, rnd, done);
                h.start();
            }
            w.measure(o.scale(), round);
            done.await();
        }
        return w;
    }
}
