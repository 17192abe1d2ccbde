package io.zokio.testkit.fault;

/**
 * What a {@link FaultyBackend} did so far: operations in and out, and each fault it injected. A snapshot taken
 * on the loop thread.
 *
 * <p><b>Threading:</b> immutable.
 *
 * @param submitted operations the loop submitted
 * @param delivered final results handed back (equals {@code submitted} once the backend closed)
 * @param delayed completions held back for one poll or more
 * @param reorderedPolls polls whose deliveries were shuffled
 * @param sqFullPolls polls in which queued submissions were refused (submission queue full)
 * @param overflowed completions kept for a later poll because a poll's delivery limit was reached
 * @param interrupted submission attempts that failed with EINTR or EAGAIN and were retried
 * @param canceled operations ended with an injected {@code -ECANCELED}
 * @param connReset operations ended with an injected {@code -ECONNRESET}
 * @param noBufs operations ended with an injected {@code -ENOBUFS}
 * @param shortTransfers transfers whose length was cut
 * @param acceptErrors retryable accept errors injected into multishot accepts (final or intermediate)
 */
public record FaultCounts(long submitted, long delivered, long delayed, long reorderedPolls, long sqFullPolls,
        long overflowed, long interrupted, long canceled, long connReset, long noBufs, long shortTransfers,
        long acceptErrors) {

    /** Counts without accept errors. */
    public FaultCounts(long submitted, long delivered, long delayed, long reorderedPolls, long sqFullPolls,
            long overflowed, long interrupted, long canceled, long connReset, long noBufs, long shortTransfers) {
        this(submitted, delivered, delayed, reorderedPolls, sqFullPolls, overflowed, interrupted, canceled, connReset,
                noBufs, shortTransfers, 0);
    }

    /** Every fault injected, summed. */
    public long faults() {
        return delayed + reorderedPolls + sqFullPolls + overflowed + interrupted + canceled + connReset + noBufs
                + shortTransfers + acceptErrors;
    }

    /** Operations submitted and not delivered (0 after close, or the backend lost one). */
    public long lost() {
        return submitted - delivered;
    }
}
