package io.zokio.runtime;

import io.zokio.time.TimerEntry;

/**
 * <b>Threading:</b> the owning worker's thread only, except {@link #requestedDeadlineNs} and {@link #worker},
 * which the requesting thread writes before handing the timer over through {@code loop.execute} (that
 * hand-over is the happens-before edge).
 *
 * <p>A timer on a worker's {@link io.zokio.time.TimerWheel}. The timer is its own {@link Runnable}: running it
 * on the worker's loop arms it, so a cross-thread request allocates nothing beyond the timer itself. The
 * requester computes the absolute deadline from the runtime's clock (the loops' clock) at the moment of the
 * request: the loop's turn time cannot be used, because a turn may have read its time before the request
 * was made, and the timer would then fire early.
 */
abstract class RuntimeTimer extends TimerEntry implements Runnable {
    /** Absolute deadline on the runtime's clock; set by the requesting thread before the hand-over. */
    long requestedDeadlineNs;
    /** The worker whose wheel holds (or will hold) this timer. */
    Worker worker;

    /** Arms the timer; runs on the worker's loop thread. */
    @Override
    public final void run() {
        worker.armTimer(this);
    }

    /** The deadline passed. Worker thread; must not block. */
    abstract void fire();

    /** The timer will never fire: it was cancelled, or the runtime shut down. Worker thread; must not block. */
    abstract void abandon();
}
