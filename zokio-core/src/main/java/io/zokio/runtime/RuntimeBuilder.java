package io.zokio.runtime;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Clock;
import io.zokio.loop.EventLoop;
import io.zokio.loop.EventLoopBuilder;
import io.zokio.loop.IdleMode;
import io.zokio.runtime.internal.DeterministicLoop;
import io.zokio.runtime.internal.LoopDecorator;
import io.zokio.runtime.internal.RuntimeHooks;
import io.zokio.runtime.sched.Idle;
import java.time.Duration;
import java.util.Objects;

/**
 * <b>Threading:</b> not thread-safe; configure on one thread, then {@link #build()}.
 *
 * <p>Configuration of a {@link Runtime}: worker count (default: available processors), backend, ring size,
 * the loops' idle mode, the carrier mode, the blocking pool bound and the graceful-shutdown grace period,
 * adaptive tuning, the blocked-worker detector's threshold and the JMX view.
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
    Duration blockedThreshold = Duration.ofMillis(100);
    int blockingThreads = 64;
    Duration shutdownGrace = Duration.ofSeconds(10);
    String threadNamePrefix = "zokio-worker-";
    Clock clock = Clock.SYSTEM;
    /** Whether the runtime publishes its JMX view ({@link #jmx}). */
    boolean jmx = true;
    /** Entries of every worker's registered-file table; 0: none. */
    int registeredFileSlots = 1024;
    /** Non-null: wraps every worker's loop (the test kit's fault injection, through {@link RuntimeHooks}). */
    LoopDecorator loopDecorator;
    /**
     * Non-null: a deterministic runtime on this clock and loop, its run order drawn from
     * {@code deterministicSeed} (the test kit's deterministic runtime, through {@link RuntimeHooks}).
     */
    DeterministicLoop deterministic;
    long deterministicSeed;

    static {
        RuntimeHooks.register(new RuntimeHooks.Access() {
            @Override
            public void loopDecorator(RuntimeBuilder builder, LoopDecorator decorator) {
                builder.loopDecorator = decorator;
            }

            @Override
            public void deterministic(RuntimeBuilder builder, long seed, DeterministicLoop loop) {
                builder.deterministic = loop;
                builder.deterministicSeed = seed;
            }

            @Override
            public Clock clock(RuntimeBuilder builder) {
                return builder.clock;
            }
        });
    }

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

    /**
     * Whether the runtime publishes its metrics as an MXBean ({@code io.zokio:type=Runtime,name=...}); default on.
     * The build does not wait for it: when the platform MBean server exists already the view is registered at
     * once (cheap); otherwise a short-lived daemon thread creates the server and registers the view a second
     * after the build (not at all if the runtime closed by then), so only a process that never uses JMX and
     * wants no such thread needs {@code jmx(false)}.
     */
    public RuntimeBuilder jmx(boolean on) {
        this.jmx = on;
        return this;
    }

    /**
     * How long {@link Runtime#close()} lets running tasks finish before it cancels them (default 10 s). Tasks
     * waiting for a peer do not hold it up: close ends pending accepts and idle reads of accepted connections
     * first (see the shutdown protocol in the package documentation).
     */
    public RuntimeBuilder shutdownGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        this.shutdownGrace = grace;
        return this;
    }

    /** The clock of every worker's loop and timer wheel (tests may pass a clock they move by hand). */
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
        if (loopDecorator != null && deterministic != null) {
            throw new IllegalStateException("decorated loops (fault injection) and a deterministic runtime do not"
                    + " combine: the simulated backend injects its own faults");
        }
        // first, so that binding the native calls overlaps all of the building thread's own start-up work, and
        // the classes the loops need are initialised meanwhile rather than after the wait for the binding
        if (deterministic == null && EventLoopBuilder.prepareInBackground(backend)) {
            StartupClasses.initialize();
        }
        return new Runtime(this);
    }

    // ------------------------------------------------------------------ registered files

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

    /** Worker {@code index}'s loop: {@code real}, or what the loop decorator made of it. */
    EventLoop decorate(EventLoop real, int index) {
        return loopDecorator == null ? real : loopDecorator.decorate(index, real);
    }
}
