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

    /** One line stating the workload and the baselines, printed before the bench starts. */
    String header(Options options);

    /** Implementations that are baselines (ratios are computed against each); may be empty. */
    List<String> baselines();

    /** Runs every implementation, baselines included, reporting each result as soon as it is known. */
    void run(Options options, Reporter reporter) throws Exception;
}
