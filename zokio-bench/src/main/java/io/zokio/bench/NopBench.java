package io.zokio.bench;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> runs each loop on the calling thread.
 *
 * <p>{@code nop}: NOP completions per second through one {@link EventLoop}, in batches of {@value #BATCH}: submit
 * 64 NOPs, run the loop with {@link RunMode#NO_WAIT} until all 64 callbacks ran, repeat. This is the loop's
 * fixed cost per operation (submission, one kernel round trip per batch on io_uring, callback dispatch).
 * Implementations {@code zokio-uring} and {@code zokio-nio}. The C baseline is {@code tools/nop-cost.c}: the same
 * batches of 64 NOPs straight through liburing, on a ring set up as Zokio's default (4096 SQEs, 8192 CQEs,
 * COOP_TASKRUN | TASKRUN_FLAG | SUBMIT_ALL) with the same single {@code io_uring_enter} per batch (submit, get
 * events, no wait). {@link NopCProbe} compiles it; it runs as a third case of the interleaved rounds, a fresh
 * process each round (with a short warm-up of its own) measuring for the round's time. Its median is printed on
 * the zokio-uring line as {@code c_ops_per_sec=}, with {@code vs_c=} (zokio-uring's median over it), or
 * {@code c_ops_per_sec=NA} (the reason on stderr) when it cannot be built or run here. It has no line of its
 * own, so the ratio table still shows io_uring against NIO.
 */
public final class NopBench implements Bench, Callback {
    static final int BATCH = 64;
    /** The case of the C baseline in the rounds, next to the {@link ZokioImpl}s. */
    private static final String C_CASE = "liburing-c";

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
                + " interleaved rounds of " + roundMs(o) + " ms; impls zokio-uring, zokio-nio; C baseline "
                + "tools/nop-cost.c (liburing, same batches, ring setup and one io_uring_enter per batch; a process "
                + "per round, " + NopCProbe.PROCESS_WARMUP_MS + " ms warm-up of its own) as c_ops_per_sec= and "
                + "vs_c= on the zokio-uring line; ratio table: uring vs nio";
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
        NopCProbe probe = null;
        String cMissing = null;
        try {
            probe = NopCProbe.build(o.scale() != Scale.TINY); // a smoke run installs nothing
        } catch (IOException e) {
            cMissing = e.getMessage();
        }
        try (OpenLoops loops = new OpenLoops(o.idleMode()); NopCProbe c = probe) {
            List<Object> cases = new ArrayList<>(List.of(ZokioImpl.values()));
            if (c != null) {
                cases.add(C_CASE);
            }
            Map<Object, Rounds.Outcome> out = Rounds.run(o, cases, (key, round) -> {
                long ms = round == Rounds.WARMUP ? warmupMs(o) : roundMs(o);
                if (key instanceof ZokioImpl impl) {
                    EventLoop l = loops.get(impl);
                    return Rounds.timed(ms, () -> runBatches(l));
                }
                return c.run(ms);
            });
            double cRate = Double.NaN;
            if (c != null) {
                Rounds.Outcome co = out.get(C_CASE);
                if (co.failure() == null) {
                    cRate = co.spread().median();
                } else {
                    cMissing = co.failure();
                }
            }
            if (cMissing != null) {
                System.err.println("nop: c_ops_per_sec=NA: " + cMissing);
            }
            for (ZokioImpl impl : ZokioImpl.values()) {
                Rounds.Outcome oc = out.get(impl);
                Map<String, String> extras = Result.pairs("batch", Integer.toString(BATCH),
                        "backend", loops.backend(impl));
                if (impl == ZokioImpl.URING) {
                    boolean both = !Double.isNaN(cRate) && oc.failure() == null;
                    extras.put("c_ops_per_sec", Double.isNaN(cRate) ? "NA" : Result.rateText(cRate));
                    extras.put("vs_c", both
                            ? String.format(Locale.ROOT, "%.2f", oc.spread().median() / cRate) : "NA");
                }
                reporter.outcome(name(), impl.implName(), oc, extras);
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
