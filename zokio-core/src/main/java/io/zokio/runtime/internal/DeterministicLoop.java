package io.zokio.runtime.internal;

import io.zokio.loop.Clock;
import io.zokio.loop.EventLoop;
import java.util.function.BooleanSupplier;

/**
 * What a deterministic runtime runs on, supplied by the test kit: a virtual clock and the one worker's loop over
 * a backend that moves that clock. The runtime adds the rest: one worker, whose runnable tasks are drawn in a
 * seeded order, and AFFINE carriers, so that every task runs on that worker's thread. Both methods are called
 * once, on the thread that calls {@code RuntimeBuilder.build()}.
 */
public interface DeterministicLoop {
    /** The runtime's clock, given the one the builder was configured with. */
    Clock clock(Clock configured);

    /**
     * Opens the worker's loop on {@code clock} (the one {@link #clock} returned).
     *
     * @param timersArmed true while a runtime timer is armed on the worker's timer wheel; read on the worker's
     *                    thread only. With nothing in flight, virtual time may jump only while it is true: a task
     *                    waiting on something no timer or operation will bring (a deadlock) then blocks for real,
     *                    and shows as a hang
     */
    EventLoop open(Clock clock, BooleanSupplier timersArmed);
}
