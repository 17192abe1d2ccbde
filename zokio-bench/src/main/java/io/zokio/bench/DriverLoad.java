package io.zokio.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
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
 * server's CPU time over the window; {@link Rounds} keeps one figure per interleaved round and gives medians.
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

    /** The windows of one impl and workload, one per round. */
    static final class Rounds {
        final List<Window> windows = new ArrayList<>();
        String failure;

        void add(Window w) {
            windows.add(w);
        }

        double medianOpsPerSec() {
            return median(windows.stream().mapToDouble(w -> w.ops() / w.secs()).toArray());
        }

        double medianClientCpuPer100k() {
            return median(windows.stream().mapToDouble(w -> w.clientCpuSecs() * 100_000 / w.ops()).toArray());
        }

        double medianServerCpuPer100k() {
            return median(windows.stream().mapToDouble(w -> w.serverCpuSecs() * 100_000 / w.ops()).toArray());
        }

        long ops() {
            return windows.stream().mapToLong(Window::ops).sum();
        }

        double secs() {
            return windows.stream().mapToDouble(Window::secs).sum();
        }

        /** {@code round_ops_per_sec=a,b,c}: each round's figure, for judging the spread. */
        String perRound() {
            List<String> l = new ArrayList<>();
            for (Window w : windows) {
                l.add(String.format(Locale.ROOT, "%.0f", w.ops() / w.secs()));
            }
            return String.join(",", l);
        }

        static double median(double[] v) {
            List<Double> l = new ArrayList<>();
            for (double d : v) {
                l.add(d);
            }
            Collections.sort(l);
            int n = l.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? l.get(n / 2) : (l.get(n / 2 - 1) + l.get(n / 2)) / 2;
        }
    }

    /**
     * Reports each impl's rounds (ops and secs summed; medians, per-round figures, CPU per 100k operations in the
     * extras), then a note with the ratios of {@code impl} to {@code baseline} from the medians.
     */
    static void report(Reporter reporter, String bench, String workload, String impl, Rounds r,
            java.util.Map<String, String> fixed) {
        java.util.Map<String, String> extras = new java.util.LinkedHashMap<>();
        extras.put("workload", workload);
        extras.putAll(fixed);
        if (r.failure != null || r.windows.isEmpty()) {
            reporter.skipped(bench, impl, extras, r.failure == null ? "no window measured" : r.failure);
            return;
        }
        extras.put("rounds", Integer.toString(r.windows.size()));
        extras.put("median_ops_per_sec", String.format(Locale.ROOT, "%.0f", r.medianOpsPerSec()));
        extras.put("round_ops_per_sec", r.perRound());
        extras.put("client_cpu_s_per_100k", String.format(Locale.ROOT, "%.3f", r.medianClientCpuPer100k()));
        extras.put("server_cpu_s_per_100k", String.format(Locale.ROOT, "%.3f", r.medianServerCpuPer100k()));
        reporter.measured(bench, impl, r.ops(), r.secs(), extras);
    }

    static void ratioNote(Reporter reporter, String bench, String workload, String impl, Rounds r, String baseline,
            Rounds b) {
        if (r.failure != null || b.failure != null || r.windows.isEmpty() || b.windows.isEmpty()) {
            return;
        }
        reporter.note(String.format(Locale.ROOT,
                "%s workload=%s %s/%s (medians of %d rounds): throughput %.2fx, client CPU per op %.2fx, "
                        + "server CPU per op %.2fx",
                bench, workload, impl, baseline, r.windows.size(), r.medianOpsPerSec() / b.medianOpsPerSec(),
                r.medianClientCpuPer100k() / b.medianClientCpuPer100k(),
                r.medianServerCpuPer100k() / b.medianServerCpuPer100k()));
    }
}
