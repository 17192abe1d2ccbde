package io.zokio.runtime;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Clock;
import io.zokio.loop.IdleMode;
import io.zokio.runtime.sched.Idle;
import java.time.Duration;
import java.util.Objects;

/**
 * <b>Threading:</b> not thread-safe; configure on one thread, then {@link #build()}.
 *
 * <p>Configuration of a {@link Runtime}: worker count (default: available processors), backend, ring size,
 * the loops' idle mode, the carrier mode, the blocking pool bound and the graceful-shutdown grace period,
 * adaptive tuning and the blocked-worker detector's threshold.
 */
public final class RuntimeBuilder {
    int workers = java.lang.Runtime.getRuntime().availableProcessors();
    BackendKind backend = BackendKind.AUTO;
    int ringEntries = 256;
    /** Null: {@link IdleMode#ADAPTIVE} with adaptive tuning on, else {@link IdleMode#BALANCED}. */
    IdleMode idleMode;
    /** Null: AFFINE where the JDK's hooks are open, else SHARED (one log line says which and why). */
    CarrierMode carrierMode;
    boolean adaptiveTuning = true;
    /** Non-null: a deterministic runtime on the simulated backend with this configuration (and its seed). */
    io.zokio.loop.sim.SimConfig simulation;
    Duration blockedThreshold = Duration.ofMillis(100);
    int blockingThreads = 64;
    Duration shutdownGrace = Duration.ofSeconds(10);
    String threadNamePrefix = "zokio-worker-";
    Clock clock = Clock.SYSTEM;
    /** Non-null: every worker's loop runs over a FaultyBackend with a seed derived from this config's. */
    io.zokio.loop.fault.FaultConfig faults;
    java.util.function.Consumer<? super io.zokio.loop.fault.FaultyBackend> faultObserver;
    /** Entries of every worker's registered-file table (issue 4 item 3, issue 5 item 1); 0: none. */
    int registeredFileSlots = 1024;

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

    /**
     * What a worker's loop does before blocking when it has nothing to do. Default: {@link IdleMode#ADAPTIVE}
     * (with {@link #adaptiveTuning} on), else {@link IdleMode#BALANCED}. Setting a mode fixes it.
     */
    public RuntimeBuilder idleMode(IdleMode idleMode) {
        this.idleMode = Objects.requireNonNull(idleMode, "idleMode");
        return this;
    }

    /**
     * Adaptive tuning (default on): the loops' idle spin budget ({@link IdleMode#ADAPTIVE}, unless an idle mode
     * is set) and the blocking pool's thread limit follow the measured load; every change shows in
     * {@code Runtime.metrics()}. Off: the idle mode is fixed and the blocking pool may use all its threads.
     */
    public RuntimeBuilder adaptiveTuning(boolean on) {
        this.adaptiveTuning = on;
        return this;
    }

    /**
     * How long a task may hold a worker before the blocked-worker detector warns (once per stall, with the
     * worker's stack, at most one warning per worker a second) and records a JFR {@code io.zokio.SlowTask}
     * event; {@link Duration#ZERO} turns the detector off. Default 100 ms.
     */
    public RuntimeBuilder blockedThreshold(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("threshold must not be negative: " + threshold);
        }
        this.blockedThreshold = threshold;
        return this;
    }

    /**
     * SHARED or AFFINE; default: AFFINE where the JDK's hooks are open ({@code --add-opens
     * java.base/java.lang=ALL-UNNAMED}), else SHARED. A requested AFFINE that is unavailable falls back to
     * SHARED. The startup line says which was chosen and why.
     */
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
    /**
     * A deterministic runtime, for tests of code that runs on Zokio: one worker; a virtual clock (the
     * {@link #clock} if it is a {@link io.zokio.loop.ManualClock}, else a new one at 0) that jumps to the next
     * timer or simulated I/O completion whenever every task waits; runnable tasks drawn in an order given by
     * {@code seed}; I/O on the simulated backend ({@link io.zokio.loop.sim.SimBackend}: in-memory sockets, files
     * on the real file system completed at seeded virtual times). One seed gives one interleaving, one virtual
     * timeline and one result; another seed another. Needs AFFINE carriers ({@code --add-opens
     * java.base/java.lang=ALL-UNNAMED}): {@link #build} throws without them. Threads outside the runtime should
     * only start work and wait for it ({@code blockOn}); {@code blocking()} tasks run on real threads.
     */
    public RuntimeBuilder deterministic(long seed) {
        return simulation(io.zokio.loop.sim.SimConfig.seeded(seed));
    }

    /**
     * {@link #deterministic} with the simulated backend's latencies and fault rates ({@code config.seed()} is the
     * seed of both the backend and the scheduler).
     */
    public RuntimeBuilder simulation(io.zokio.loop.sim.SimConfig config) {
        this.simulation = Objects.requireNonNull(config, "config");
        return this;
    }

    public Runtime build() {
        if (faults != null && simulation != null) {
            throw new IllegalStateException("faultInjection and a deterministic runtime do not combine: the simulated"
                    + " backend injects its own faults (SimConfig)");
        }
        return new Runtime(this);
    }

    // ------------------------------------------------------------------ registered files (issue 4 item 3, issue 5 item 1)

    /**
     * Entries of each worker's registered-file table, the most descriptors {@link Runtime#registerFile} (and so
     * {@code AsyncFile.register()}, {@code TcpStream.register()}) holds at once; beyond it registration fails
     * softly and the object uses its plain descriptor. 0 turns registration off. The table is registered on
     * first use; io_uring refuses more entries than RLIMIT_NOFILE (then registration is off, with a log line).
     * Default 1024.
     */
    public RuntimeBuilder registeredFileSlots(int slots) {
        if (slots < 0 || slots > 1 << 20) {
            throw new IllegalArgumentException("registeredFileSlots must be in 0.." + (1 << 20) + ": " + slots);
        }
        this.registeredFileSlots = slots;
        return this;
    }

    // ------------------------------------------------------------------ fault injection (a test tool)

    /**
     * <b>A test tool, not for production</b> (the decorator allocates per operation): every worker's loop runs
     * over an {@link io.zokio.loop.fault.FaultyBackend} wrapping the real backend chosen by {@link #backend},
     * which injects the faults of {@code config} and checks that each operation is delivered exactly once. Worker
     * {@code i} draws from the seed {@code FaultConfig.derive(config.seed(), "worker-" + i)}. Not combinable
     * with {@link #deterministic}.
     */
    public RuntimeBuilder faultInjection(io.zokio.loop.fault.FaultConfig config) {
        return faultInjection(config, b -> { });
    }

    /**
     * {@link #faultInjection(io.zokio.loop.fault.FaultConfig)}, handing each worker's decorator to
     * {@code created} (on the thread that calls {@link #build}, before the workers start), so that a test can
     * read its {@link io.zokio.loop.fault.FaultyBackend#counts()} and {@code violation()} after the runtime closed.
     */
    public RuntimeBuilder faultInjection(io.zokio.loop.fault.FaultConfig config,
            java.util.function.Consumer<? super io.zokio.loop.fault.FaultyBackend> created) {
        this.faults = Objects.requireNonNull(config, "config");
        this.faultObserver = Objects.requireNonNull(created, "created");
        return this;
    }

    /** Worker {@code index}'s loop: {@code real}, or a fault-injecting loop over it. */
    io.zokio.loop.EventLoop maybeFaulty(io.zokio.loop.EventLoop real, int index) {
        if (faults == null) {
            return real;
        }
        io.zokio.loop.fault.FaultConfig c = faults.withSeed(io.zokio.loop.fault.FaultConfig.derive(faults.seed(),
                "worker-" + index));
        io.zokio.loop.EventLoop loop = io.zokio.loop.fault.FaultyBackend.wrap(real, c, clock);
        faultObserver.accept((io.zokio.loop.fault.FaultyBackend) loop.backend());
        return loop;
    }
}
