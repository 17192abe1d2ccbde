package io.zokio.testkit.fault;

import io.zokio.loop.Completion;

/**
 * One submission inside a {@link FaultyBackend}: the caller's completion, its shadow in the inner loop, and its
 * result once known. States (see the package doc): {@link #QUEUED}, {@link #INNER}, {@link #DONE}.
 *
 * <p><b>Threading:</b> loop-thread only.
 */
final class FaultEntry {
    /** Accepted by submit, not yet handed to the inner loop. */
    static final int QUEUED = 0;
    /** Its shadow is in flight in the inner loop. */
    static final int INNER = 1;
    /** Its result is known and held until delivery. */
    static final int DONE = 2;

    final Completion original;
    Completion shadow;
    int state = QUEUED;
    int result;
    /** A multishot this backend stopped to end it with this (negated) errno instead of its real final result, or 0. */
    int endWith;
    /** Polls to wait before delivery (a delay fault). */
    int pollsLeft;

    FaultEntry(Completion original) {
        this.original = original;
    }
}
