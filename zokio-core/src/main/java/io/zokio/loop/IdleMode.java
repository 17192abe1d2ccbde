package io.zokio.loop;

/**
 * What a loop does when a turn found no work, before it blocks in the kernel. Spinning keeps latency low
 * and avoids the cross-core wakeup (tens of microseconds on small VMs) at the price of CPU.
 */
public enum IdleMode {
    /** Spin for a while, then yield, then park: best throughput, burns a core while load lasts. */
    THROUGHPUT(20_000, 50),
    /** A short spin, then park. */
    LATENCY(2_000, 0),
    /** A few spins, then park. The default. */
    BALANCED(200, 0),
    /** Park at once. */
    POWER_SAVE(0, 0);

    private final int spins;
    private final int yields;

    IdleMode(int spins, int yields) {
        this.spins = spins;
        this.yields = yields;
    }

    /** Idle turns spent polling without a syscall-level wait before yielding. */
    public int spins() {
        return spins;
    }

    /** Idle turns spent in {@link Thread#yield()} after spinning, before parking. */
    public int yields() {
        return yields;
    }
}
