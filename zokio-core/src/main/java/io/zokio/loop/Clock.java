package io.zokio.loop;

/**
 * The loop's source of time. The loop reads it once per turn and passes that {@code nowNs} down, so tests
 * can drive time by hand (a clock that moves only when told to; the test kit has one).
 */
@FunctionalInterface
public interface Clock {
    /** Monotonic nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** The system monotonic clock: the only place in Zokio that calls {@link System#nanoTime()}. */
    Clock SYSTEM = System::nanoTime;
}
