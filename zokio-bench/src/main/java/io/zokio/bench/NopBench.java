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
                + "delivered; a loop per impl, warm-up " + warmupMs(o) + " ms, then " + Rounds.count(o.scale())
                + " interleaved rounds of " + roundMs(o) + " ms; impls zokio-uring, zokio-nio; no external baseline "
                + "(ratio is uring vs nio)";
    }

    @Override
    public List<String> baselines() {
        return List.of();
    }

    private static long warmupMs(Options o) {
        return o.scale().millis(3000, 100);
    }

    private static long roundMs(Options o) {
        return o.scale().millis(1_000, 100);
    }

    @Override
    public void run(Options o, Reporter reporter) throws InterruptedException {
        try (OpenLoops loops = new OpenLoops(o.idleMode())) {
            Map<ZokioImpl, Rounds.Outcome> out = Rounds.run(o, List.of(ZokioImpl.values()), (impl, round) -> {
                EventLoop l = loops.get(impl);
                return Rounds.timed(round == Rounds.WARMUP ? warmupMs(o) : roundMs(o), () -> runBatches(l));
            });
            for (ZokioImpl impl : ZokioImpl.values()) {
                reporter.outcome(name(), impl.implName(), out.get(impl), Result.pairs("batch", Integer.toString(BATCH),
                        "backend", loops.backend(impl)));
            }
        }
    }

    /** Runs 16 batches (the clock is read every 1024 NOPs, not every batch); returns the NOPs completed. */
    private long runBatches(EventLoop loop) {
        for (int rep = 0; rep < 16; rep++) {
            delivered = 0;
            for (Completion c : batch) {
                loop.submit(c);
            }
            while (delivered < BATCH) {
                loop.run(RunMode.NO_WAIT);
            }
        }
        return 16L * BATCH;
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
