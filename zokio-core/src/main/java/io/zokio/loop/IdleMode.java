package io.zokio.loop;

/**
 * What a loop does when a turn found no work, before it blocks in the kernel. Spinning keeps latency low
 * and avoids the cross-core wakeup (tens of microseconds on small VMs) at the price of CPU; on a host with
 * fewer free cores than busy threads, spinning takes the core the peer needs, so parking wins there.
 *
 * <p>Budgets are measured in loop time ({@link EventLoop#now()}, read once per turn) and capped in turns, so a
 * loop driven by a clock that moves only when told to still parks.
 */
public enum IdleMode {
    /** Spin up to 1 ms, then yield up to 1 ms, then park: best throughput, burns a core while load lasts. */
    THROUGHPUT(1_000_000, 1_000_000),
    /** Spin up to 100 us, then park. */
    LATENCY(100_000, 0),
    /** Spin up to 20 us, then park. The default. */
    BALANCED(20_000, 0),
    /** Park at once, as Netty's and the JDK's selector loops do. */
    POWER_SAVE(0, 0),
    /**
     * Start as {@link #BALANCED}, then let the loop tune its spin budget (0 to 1 ms) to how soon work comes back
     * after it runs dry; see {@link EventLoop#metrics()} for the current budget and the changes made.
     */
    ADAPTIVE(20_000, 0);

    /** Most spin an adaptive loop may reach; bounds its spin turns like a fixed budget. */
    private static final long ADAPTIVE_MAX_NS = AdaptiveSpin.MAX_NS;

    /** A spin turn costs at least this much (an io_uring CQ check); bounds the turns a frozen clock allows. */
    private static final long MIN_TURN_NS = 20;

    private final long spinNs;
    private final long yieldNs;

    IdleMode(long spinNs, long yieldNs) {
        this.spinNs = spinNs;
        this.yieldNs = yieldNs;
    }

    /** Idle time spent polling without waiting, before yielding. */
    public long spinNs() {
        return spinNs;
    }

    /** Idle time spent in {@link Thread#yield()} between polls after spinning, before parking. */
    public long yieldNs() {
        return yieldNs;
    }

    /** Most idle turns spent spinning, whatever the clock says. */
    long maxSpinTurns() {
        return (this == ADAPTIVE ? ADAPTIVE_MAX_NS : spinNs) / MIN_TURN_NS;
    }

    /** Most idle turns spent spinning or yielding, whatever the clock says. */
    long maxIdleTurns() {
        return (this == ADAPTIVE ? ADAPTIVE_MAX_NS : spinNs + yieldNs) / MIN_TURN_NS;
    }
}
