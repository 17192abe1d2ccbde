package io.zokio.bench.fs;

import io.zokio.bench.ProcCpu;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.bench.Scale;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * <b>Threading:</b> {@link #add} from each worker on its own slot (opaque stores, no contention: slots are
 * 128 bytes apart); {@link #measure} and {@link #stopped} reads from anywhere.
 *
 * <p>A timed measurement window for closed-loop benches: workers count completed operations in their slot
 * until {@link #stopped()}; the driver lets them warm up, snapshots the counts, waits the window and snapshots
 * again. The process CPU time over the window is recorded too, for per-core comparisons.
 */
final class Window {
    private static final int STRIDE = 16; // longs: 128 bytes between slots, no false sharing

    private final AtomicLongArray counts;
    private volatile boolean stop;
    long ops;
    double secs;
    double cpuSecs;
    /** {@link System#nanoTime} at the window's start and end. */
    long startNanos;
    long endNanos;

    Window(int workers) {
        counts = new AtomicLongArray(workers * STRIDE);
    }

    /** The warm-up before the window of the warm-up round ({@link Rounds#WARMUP}). */
    static long warmupMs(Scale s) {
        return s.millis(2_000, 50);
    }

    /** The warm-up before the window of a measured round: the new threads and files reach steady state. */
    static long roundWarmupMs(Scale s) {
        return s.millis(250, 20);
    }

    /** The measured window of a round. */
    static long measureMs(Scale s) {
        return s.millis(1_000, 100);
    }

    void add(int worker, long n) {
        int i = worker * STRIDE;
        counts.setOpaque(i, counts.getPlain(i) + n); // single writer per slot
    }

    boolean stopped() {
        return stop;
    }

    private long total() {
        long t = 0;
        for (int i = 0; i < counts.length(); i += STRIDE) {
            t += counts.getOpaque(i);
        }
        return t;
    }

    /** This window as a sample of its round, with the process CPU seconds as figure {@code cpu_s}. */
    Sample sample() {
        return Sample.of(ops, secs).with("cpu_s", cpuSecs);
    }

    /** Warms up (longer in the warm-up round), measures one window, then tells the workers to stop. */
    void measure(Scale scale, int round) throws InterruptedException, IOException {
        measure(scale, round, measureMs(scale));
    }

    /** As {@link #measure(Scale, int)} with a window of {@code windowMs}. */
    void measure(Scale scale, int round, long windowMs) throws InterruptedException, IOException {
        Thread.sleep(round == Rounds.WARMUP ? warmupMs(scale) : roundWarmupMs(scale));
        long pid = ProcessHandle.current().pid();
        double cpu0 = ProcCpu.cpuSeconds(pid);
        long c0 = total();
        long t0 = System.nanoTime();
        Thread.sleep(windowMs);
        long c1 = total();
        long t1 = System.nanoTime();
        cpuSecs = ProcCpu.cpuSeconds(pid) - cpu0;
        stop = true;
        ops = c1 - c0;
        secs = (t1 - t0) / 1e9;
        startNanos = t0;
        endNanos = t1;
    }
}
