package io.zokio.runtime;

import io.zokio.time.TimerEntry;

/**
 * <b>Threading:</b> the owning worker's thread only, except {@link #delayNs}, which the requesting thread
 * writes before handing the timer over through {@code loop.execute} (that hand-over is the happens-before
 * edge).
 *
 * <p>A timer on a worker's {@link io.zokio.time.TimerWheel}. The timer is its own {@link Runnable}: running it
 * on the worker's loop arms it at the loop time of that turn plus {@link #delayNs}, so a cross-thread request
 * allocates nothing beyond the timer itself, and the deadline is never earlier than the request plus the
 * delay.
 */
abstract class RuntimeTimer extends TimerEntry implements Runnable {
    /** Set by the requesting thread before the hand-over. */
    long delayNs;
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
