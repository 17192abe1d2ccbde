package io.zokio.bench;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import java.util.List;
import java.util.Map;

/**
 * <b>Threading:</b> runs each loop on the calling thread.
 *
 * <p>{@code nop}: NOP completions per second through one {@link EventLoop}, in batches of {@value #BATCH}: submit
 * 64 NOPs, run the loop with {@link RunMode#NO_WAIT} until all 64 callbacks ran, repeat. This is the loop's
 * fixed cost per operation (submission, one kernel round trip per batch on io_uring, callback dispatch).
 * Implementations {@code zokio-uring} and {@code zokio-nio}; there is no external baseline (the table shows
 * io_uring against NIO).
 */
public final class NopBench implements Bench, Callback {
    static final int BATCH = 64;

    private final Completion[] batch = new Completion[BATCH];
    private int delivered;

    public NopBench() {
        for (int i = 0; i < BATCH; i++) {
            batch[i] = new Completion().prepNop().callback(this);
        }
    }

    @Override
    public String name() {
        return "nop";
    }

    @Override
    public String header(Options o) {
        return "nop: NOP completions through EventLoop, batches of " + BATCH + " submitted then run(NO_WAIT) until "
                + "delivered; warm-up " + warmupMs(o) + " ms, measured " + measureMs(o) + " ms; impls zokio-uring, "
                + "zokio-nio; no external baseline (ratio is uring vs nio)";
    }

    @Override
    public List<String> baselines() {
        return List.of();
    }

    private static long warmupMs(Options o) {
        return o.scale().millis(3000, 100);
    }

    private static long measureMs(Options o) {
        return o.scale().millis(10_000, 200);
    }

    @Override
    public void run(Options o, Reporter reporter) {
        for (ZokioImpl impl : ZokioImpl.values()) {
            try (EventLoop loop = impl.open(o.idleMode())) {
                runBatches(loop, warmupMs(o) * 1_000_000L);
                long t0 = System.nanoTime();
                long ops = runBatches(loop, measureMs(o) * 1_000_000L);
                double secs = (System.nanoTime() - t0) / 1e9;
                reporter.measured(name(), impl.implName(), ops, secs,
                        Result.pairs("batch", Integer.toString(BATCH), "backend", loop.backendName()));
            } catch (ZokioImpl.Unavailable e) {
                reporter.skipped(name(), impl.implName(), Map.of(), e.getMessage());
            }
        }
    }

    /** Runs batches for about {@code durationNs}; returns the NOPs completed. */
    private long runBatches(EventLoop loop, long durationNs) {
        long deadline = System.nanoTime() + durationNs;
        long ops = 0;
        do {
            for (int rep = 0; rep < 16; rep++) { // read the clock every 1024 NOPs, not every batch
                delivered = 0;
                for (Completion c : batch) {
                    loop.submit(c);
                }
                while (delivered < BATCH) {
                    loop.run(RunMode.NO_WAIT);
                }
                ops += BATCH;
            }
        } while (System.nanoTime() < deadline);
        return ops;
    }

    @Override
    public Action onComplete(EventLoop loop, Completion completion, int result) {
        if (result != 0) {
            throw new IllegalStateException("NOP completed with " + result);
        }
        delivered++;
        return Action.DISARM;
    }
}
