package io.zokio.testkit;

import io.zokio.loop.Clock;
import io.zokio.loop.EventLoop;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeBuilder;
import io.zokio.runtime.internal.DeterministicLoop;
import io.zokio.runtime.internal.RuntimeHooks;
import io.zokio.testkit.sim.SimBackend;
import io.zokio.testkit.sim.SimConfig;
import java.util.function.BooleanSupplier;

/**
 * Deterministic runtimes, for tests of code that runs on Zokio: one worker; a virtual clock (the builder's
 * {@link RuntimeBuilder#clock clock} if it is a {@link ManualClock}, else a new one at 0) that jumps to the next
 * timer or simulated I/O completion whenever every task waits; runnable tasks drawn in an order given by the
 * seed; I/O on the simulated backend ({@link SimBackend}: in-memory sockets, files on the real file system
 * completed at seeded virtual times). One seed gives one interleaving, one virtual timeline and one result;
 * another seed another.
 *
 * <p>Needs AFFINE carriers ({@code --add-opens java.base/java.lang=ALL-UNNAMED}): {@code build()} throws
 * {@link IllegalStateException}, naming the cause, without them. Threads outside the runtime should only start
 * work and wait for it ({@code blockOn}); {@code blocking()} tasks run on real threads. The builder's worker
 * count and backend settings are ignored, and it does not combine with {@link io.zokio.testkit.fault.FaultInjection}
 * (the simulated backend injects its own faults, {@link SimConfig}).
 *
 * <pre>{@code
 * try (Runtime rt = DeterministicRuntime.build(seed)) {
 *     rt.blockOn(() -> ...);
 * }
 * }</pre>
 */
public final class DeterministicRuntime {
    private DeterministicRuntime() {
    }

    /** A deterministic runtime with the simulated backend's default settings, seeded by {@code seed}. */
    public static Runtime build(long seed) {
        return builder(seed).build();
    }

    /**
     * A deterministic runtime with the simulated backend's latencies and fault rates of {@code config};
     * {@code config.seed()} seeds both the backend and the run order.
     */
    public static Runtime build(SimConfig config) {
        return builder(config).build();
    }

    /** A builder of {@link #build(long)}'s runtime, for its other settings (shutdown grace, blocking threads...). */
    public static RuntimeBuilder builder(long seed) {
        return builder(SimConfig.seeded(seed));
    }

    /** A builder of {@link #build(SimConfig)}'s runtime, for its other settings. */
    public static RuntimeBuilder builder(SimConfig config) {
        return RuntimeHooks.deterministic(Runtime.builder(), config.seed(), new SimLoop(config));
    }

    /** The simulated backend on a virtual clock, as the one loop of a deterministic runtime. */
    private record SimLoop(SimConfig config) implements DeterministicLoop {
        @Override
        public Clock clock(Clock configured) {
            return configured instanceof ManualClock mc ? mc : new ManualClock(0);
        }

        @Override
        public EventLoop open(Clock clock, BooleanSupplier timersArmed) {
            EventLoop loop = SimBackend.newLoop((ManualClock) clock, config);
            ((SimBackend) loop.backend()).setJumpAllowed(timersArmed);
            return loop;
        }
    }
}
