package io.zokio.runtime;

/**
 * <b>Threading:</b> any thread.
 *
 * <p>An action scheduled with {@link Runtime#schedule}: exactly one of {@link #cancel()} and the firing wins
 * (a compare-and-set on one state word), so an action never runs after a successful cancel.
 */
public interface Scheduled {
    /**
     * Stops the action from running. Returns true when this call stopped it; false when it already ran, is
     * running, was cancelled before, or was abandoned at shutdown.
     */
    boolean cancel();

    /** True once the action started (it may still be running). */
    boolean isFired();

    /** True once a {@link #cancel()} succeeded. */
    boolean isCancelled();
}
