package io.zokio.testkit.fault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.SplittableRandom;

/**
 * The finished operations of a {@link FaultyBackend} waiting for delivery, and the result-preserving faults
 * applied to them: a delay of 1..N polls, a shuffled delivery order, and a per-poll delivery limit (a
 * completion queue that overflowed: the rest waits, in order, ahead of younger results).
 *
 * <p><b>Threading:</b> loop-thread only; draws from its backend's random source, in loop order.
 */
final class HeldResults {
    private final FaultConfig config;
    private final SplittableRandom rng;
    /** In finishing order (overflowed results are put back at the front). */
    private ArrayList<FaultEntry> held = new ArrayList<>();
    private ArrayList<FaultEntry> spare = new ArrayList<>();
    private final ArrayList<FaultEntry> ready = new ArrayList<>();
    private long delayed;
    private long reorderedPolls;
    private long overflowed;

    HeldResults(FaultConfig config, SplittableRandom rng) {
        this.config = config;
        this.rng = rng;
    }

    /** Holds {@code e}; with {@code mayDelay} the plan may keep it back for some polls. */
    void add(FaultEntry e, boolean mayDelay) {
        e.pollsLeft = 0;
        if (mayDelay && chance(config.delay())) {
            e.pollsLeft = 1 + rng.nextInt(config.maxDelayPolls());
            delayed++;
        }
        held.add(e);
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** One poll: ages every delay, appends to {@code out} what this poll delivers, in delivery order. */
    void takeDue(ArrayDeque<FaultEntry> out) {
        ArrayList<FaultEntry> keep = spare;
        keep.clear();
        ready.clear();
        for (FaultEntry e : held) {
            if (e.pollsLeft > 0) {
                e.pollsLeft--;
                keep.add(e);
            } else {
                ready.add(e);
            }
        }
        if (ready.size() > 1 && chance(config.reorder())) {
            reorderedPolls++;
            for (int i = ready.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                ready.set(i, ready.set(j, ready.get(i)));
            }
        }
        if (chance(config.cqOverflow())) {
            int limit = 1 + rng.nextInt(config.cqLimit());
            if (ready.size() > limit) {
                overflowed += ready.size() - limit;
                keep.addAll(0, ready.subList(limit, ready.size()));
                ready.subList(limit, ready.size()).clear();
            }
        }
        spare = held;
        held = keep;
        out.addAll(ready);
        ready.clear();
    }

    /** Appends everything held to {@code out}, whatever its delay (close). */
    void takeAll(ArrayDeque<FaultEntry> out) {
        out.addAll(held);
        held.clear();
    }

    long delayed() {
        return delayed;
    }

    long reorderedPolls() {
        return reorderedPolls;
    }

    long overflowed() {
        return overflowed;
    }

    private boolean chance(double p) {
        return p > 0 && rng.nextDouble() < p;
    }
}
