package io.zokio.bench;

import java.util.List;

/**
 * <b>Threading:</b> {@link #run} is called from the main thread, once per invocation; it may start and
 * join its own threads and processes, and must leave none behind.
 *
 * <p>One benchmark: a workload, the implementations it measures and the baselines they are compared with.
 */
public interface Bench {
    /** The {@code name=} value, e.g. {@code pingpong}. */
    String name();

    /**
     * One line stating the workload, the baselines, the length of a round and which figures are medians of the
     * rounds, printed before the bench starts.
     */
    String header(Options options);

    /** Implementations that are baselines (ratios are computed against each); may be empty. */
    List<String> baselines();

    /**
     * Runs every implementation, baselines included, in the interleaved rounds of {@link Rounds}, and reports
     * each implementation's line ({@link Reporter#outcome}) once its rounds are done.
     */
    void run(Options options, Reporter reporter) throws Exception;
}
