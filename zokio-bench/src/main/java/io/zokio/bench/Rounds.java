package io.zokio.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * <b>Threading:</b> call from the bench thread; every trial runs on it, one at a time.
 *
 * <p>The measurement protocol of every bench: one warm-up round, then {@link #count} measured rounds. In each
 * round every case (an impl, or an impl at one level such as a connection count) runs once; the order of the
 * cases of a group is rotated by one place from round to round, so that no impl always runs first or always
 * after the same neighbour; before each case {@link System#gc()} runs and the thread pauses {@value #PAUSE_MS} ms,
 * so that no case pays for the garbage or the threads of the one before. A case that fails stops running and is
 * reported as skipped with its reason; the others go on. The line of a case prints the median of its per-round
 * rates with the lowest and highest ({@link Spread}), and the medians of its further figures.
 */
public final class Rounds {
    /** The round index a trial gets for the warm-up round (its sample is discarded). */
    public static final int WARMUP = -1;
    static final long PAUSE_MS = 20;

    private Rounds() {
    }

    /** One round of one case. */
    public interface Trial<K> {
        /** Runs {@code key} once; {@code round} is {@link #WARMUP} or the measured round's index from 0. */
        Sample run(K key, int round) throws Exception;
    }

    /** Work repeated until a round's time has passed. */
    public interface Work {
        /** Does one unit of work; returns the operations it did. */
        long run() throws Exception;
    }

    /** Measured rounds of a run at this scale: five, except the smoke run's two. */
    public static int count(Scale scale) {
        return scale == Scale.TINY ? 2 : 5;
    }

    /** Runs {@code work} until {@code ms} have passed (at least once); its operations over the time taken. */
    public static Sample timed(long ms, Work work) throws Exception {
        long t0 = System.nanoTime();
        long end = t0 + ms * 1_000_000L;
        long ops = 0;
        long t1;
        do {
            ops += work.run();
            t1 = System.nanoTime();
        } while (t1 - end < 0);
        return Sample.of(ops, Math.max(t1 - t0, 1) / 1e9);
    }

    /** Runs the warm-up round and {@link #count} measured rounds of {@code cases}, all in one group. */
    public static <K> Map<K, Outcome> run(Options o, List<K> cases, Trial<K> trial) throws InterruptedException {
        return run(count(o.scale()), cases, k -> "", trial);
    }

    /**
     * Runs the warm-up round and {@link #count} measured rounds of {@code cases}; groups (by {@code groupOf}) run in
     * the order of their first case, and within a group the order rotates from round to round.
     */
    public static <K> Map<K, Outcome> run(Options o, List<K> cases, Function<K, ?> groupOf, Trial<K> trial)
            throws InterruptedException {
        return run(count(o.scale()), cases, groupOf, trial);
    }

    /**
     * As {@link #run(Options, List, Function, Trial)} with {@code rounds} measured rounds, for a bench whose rounds
     * are short single measurements and want more of them (at least {@link #count}).
     */
    public static <K> Map<K, Outcome> run(int rounds, List<K> cases, Function<K, ?> groupOf, Trial<K> trial)
            throws InterruptedException {
        Map<K, Outcome> out = new LinkedHashMap<>();
        for (K k : cases) {
            out.put(k, new Outcome());
        }
        for (int round = WARMUP; round < rounds; round++) {
            for (K k : order(cases, groupOf, Math.max(round, 0))) {
                Outcome oc = out.get(k);
                if (oc.failure != null) {
                    continue;
                }
                System.gc();
                Thread.sleep(PAUSE_MS);
                try {
                    Sample s = trial.run(k, round);
                    if (round != WARMUP) {
                        oc.samples.add(s);
                    }
                } catch (ZokioImpl.Unavailable e) {
                    oc.failure = e.getMessage();
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    oc.failure = (round == WARMUP ? "warm-up failed: " : "failed: ") + Reporter.reason(e);
                }
            }
        }
        return out;
    }

    /** {@code cases} with each group's cases rotated left by {@code round} places; groups keep their order. */
    static <K> List<K> order(List<K> cases, Function<K, ?> groupOf, int round) {
        Map<Object, List<K>> groups = new LinkedHashMap<>();
        for (K k : cases) {
            groups.computeIfAbsent(groupOf.apply(k), g -> new ArrayList<>()).add(k);
        }
        List<K> ordered = new ArrayList<>(cases.size());
        for (List<K> g : groups.values()) {
            for (int i = 0; i < g.size(); i++) {
                ordered.add(g.get((i + round) % g.size()));
            }
        }
        return ordered;
    }

    /** The measured rounds of one case, or why it stopped. */
    public static final class Outcome {
        private final List<Sample> samples = new ArrayList<>();
        private String failure;

        /** Why the case stopped, or null; a case with no measured round has a failure too. */
        public String failure() {
            return failure != null ? failure : samples.isEmpty() ? "no round measured" : null;
        }

        public List<Sample> samples() {
            return List.copyOf(samples);
        }

        public Spread spread() {
            return Spread.of(samples);
        }

        /**
         * Puts the median of each of {@code figures}, formatted with {@code format}, into {@code extras} under the
         * figure's name; nothing when the case failed (its line is then skipped).
         */
        public void putMedians(Map<String, String> extras, String format, String... figures) {
            if (failure() != null) {
                return;
            }
            for (String f : figures) {
                extras.put(f, String.format(java.util.Locale.ROOT, format, median(f)));
            }
        }

        /** Median of one further figure over the rounds (NaN when no round recorded it). */
        public double median(String figure) {
            return Spread.median(samples.stream().filter(s -> s.figures().containsKey(figure))
                    .mapToDouble(s -> s.figures().get(figure)).toArray());
        }
    }
}
