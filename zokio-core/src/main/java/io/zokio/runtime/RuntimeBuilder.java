package io.zokio.runtime;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Clock;
import io.zokio.loop.IdleMode;
import java.time.Duration;
import java.util.Objects;

/**
 * <b>Threading:</b> not thread-safe; configure on one thread, then {@link #build()}.
 *
 * <p>Configuration of a {@link Runtime}: worker count (default: available processors), backend, ring size,
 * the loops' idle mode, the carrier mode, the blocking pool bound and the graceful-shutdown grace period.
 */
public final class RuntimeBuilder {
    int workers = java.lang.Runtime.getRuntime().availableProcessors();
    BackendKind backend = BackendKind.AUTO;
    int ringEntries = 256;
    IdleMode idleMode = IdleMode.BALANCED;
    CarrierMode carrierMode = CarrierMode.SHARED;
    int blockingThreads = 64;
    Duration shutdownGrace = Duration.ofSeconds(10);
    String threadNamePrefix = "zokio-worker-";
    Clock clock = Clock.SYSTEM;

    RuntimeBuilder() {
    }

    /** Worker platform threads, each owning one event loop. */
    public RuntimeBuilder workers(int workers) {
        if (workers < 1 || workers > Idle.MAX_WORKERS) {
            throw new IllegalArgumentException("workers must be in 1.." + Idle.MAX_WORKERS + ": " + workers);
        }
        this.workers = workers;
        return this;
    }

    public RuntimeBuilder backend(BackendKind backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    /** io_uring submission queue entries per worker (ignored by NIO). */
    public RuntimeBuilder ringEntries(int ringEntries) {
        if (ringEntries < 1) {
            throw new IllegalArgumentException("ringEntries must be positive: " + ringEntries);
        }
        this.ringEntries = ringEntries;
        return this;
    }

    /** What a worker's loop does before blocking when it has nothing to do. */
    public RuntimeBuilder idleMode(IdleMode idleMode) {
        this.idleMode = Objects.requireNonNull(idleMode, "idleMode");
        return this;
    }

    public RuntimeBuilder carrierMode(CarrierMode carrierMode) {
        this.carrierMode = Objects.requireNonNull(carrierMode, "carrierMode");
        return this;
    }

    /** Most threads of the pool behind {@link Runtime#blocking}; further calls queue. */
    public RuntimeBuilder blockingThreads(int blockingThreads) {
        if (blockingThreads < 1) {
            throw new IllegalArgumentException("blockingThreads must be positive: " + blockingThreads);
        }
        this.blockingThreads = blockingThreads;
        return this;
    }

    /** How long {@link Runtime#close()} lets running tasks finish before it cancels them. */
    public RuntimeBuilder shutdownGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        this.shutdownGrace = grace;
        return this;
    }

    /** The clock of every worker's loop and timer wheel (tests may pass a {@link io.zokio.loop.ManualClock}). */
    public RuntimeBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public RuntimeBuilder threadNamePrefix(String prefix) {
        this.threadNamePrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * Opens every worker's loop and starts the workers.
     *
     * @throws java.io.UncheckedIOException when a requested backend cannot be opened
     */
    public Runtime build() {
        return new Runtime(this);
    }
}
