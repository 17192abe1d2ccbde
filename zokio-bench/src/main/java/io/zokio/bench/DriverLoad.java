package io.zokio.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * <b>Threading:</b> {@link #run} is called by one thread; it starts the workers through the given starter and waits
 * for all of them.
 *
 * <p>The closed-loop load of the {@code pg} and {@code redis} benches: a number of workers (virtual threads) each
 * take a connection from a pool, run one operation, put the connection back, until the window's end. Measures the
 * operations, the seconds, this JVM's own CPU time (all its threads: the driver, the sockets, Zokio's loops) and the
 * server's CPU time over the window; each window is one {@link Rounds round}'s {@link Sample}.
 */
final class DriverLoad {
    private DriverLoad() {
    }

    /** One operation on a pooled connection; returns the operations it counts for (a pipelined batch: many). */
    interface Op<S> {
        int run(S connection) throws Exception;
    }

    record Window(long ops, double secs, double clientCpuSecs, double serverCpuSecs) {
    }

    /**
     * Runs {@code workers} loops, each started by {@code starter} (a virtual thread of the impl's kind), for
     * {@code windowNs}.
     *
     * @throws Exception the first operation failure
     */
    static <S> Window run(Consumer<Runnable> starter, BlockingQueue<S> pool, int workers, long windowNs, Op<S> op,
            DoubleSupplier serverCpu) throws Exception {
        LongAdder ops = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(workers);
        double server0 = serverCpu.getAsDouble();
        double cpu0 = processCpuSecs();
        long t0 = System.nanoTime();
        long end = t0 + windowNs;
        for (int i = 0; i < workers; i++) {
            starter.accept(() -> {
                try {
                    while (System.nanoTime() - end < 0 && failure.get() == null) {
                        S c = pool.take();
                        try {
                            ops.add(op.run(c));
                        } finally {
                            pool.put(c);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(windowNs + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("workers still running 60 s after the window's end");
        }
        long t1 = System.nanoTime();
        double cpu1 = processCpuSecs();
        double server1 = serverCpu.getAsDouble();
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
        return new Window(ops.sum(), (t1 - t0) / 1e9, cpu1 - cpu0, server1 - server0);
    }

    /** CPU seconds of this JVM so far (user + system, all threads). */
    static double processCpuSecs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** A window as a sample of its round, with the client's and the server's CPU per 100k operations. */
    static Sample sample(Window w) {
        Sample s = Sample.of(w.ops(), w.secs());
        return w.ops() == 0 ? s : s.with("client_cpu_s_per_100k", w.clientCpuSecs() * 100_000 / w.ops())
                .with("server_cpu_s_per_100k", w.serverCpuSecs() * 100_000 / w.ops());
    }

    /** Reports one impl's rounds: the medians (rate, CPU per 100k operations) and each round's rate. */
    static void report(Reporter reporter, String bench, String workload, String impl, Rounds.Outcome r,
            java.util.Map<String, String> fixed) {
        java.util.Map<String, String> extras = new java.util.LinkedHashMap<>();
        extras.put("workload", workload);
        extras.putAll(fixed);
        if (r.failure() == null) {
            List<String> perRound = new ArrayList<>();
            for (Sample s : r.samples()) {
                perRound.add(String.format(Locale.ROOT, "%.0f", s.rate()));
            }
            extras.put("round_ops_per_sec", String.join(",", perRound));
            r.putMedians(extras, "%.3f", "client_cpu_s_per_100k", "server_cpu_s_per_100k");
        }
        reporter.outcome(bench, impl, r, extras);
    }

    /** A note with the ratios of {@code impl} to {@code baseline} from the medians of their rounds. */
    static void ratioNote(Reporter reporter, String bench, String workload, String impl, Rounds.Outcome r,
            String baseline, Rounds.Outcome b) {
        if (r.failure() != null || b.failure() != null) {
            return;
        }
        reporter.note(String.format(Locale.ROOT,
                "%s workload=%s %s/%s (medians of %d rounds): throughput %.2fx, client CPU per op %.2fx, "
                        + "server CPU per op %.2fx",
                bench, workload, impl, baseline, r.samples().size(), r.spread().median() / b.spread().median(),
                r.median("client_cpu_s_per_100k") / b.median("client_cpu_s_per_100k"),
                r.median("server_cpu_s_per_100k") / b.median("server_cpu_s_per_100k")));
    }
}
