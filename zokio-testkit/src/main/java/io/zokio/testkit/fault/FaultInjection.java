package io.zokio.testkit.fault;

import io.zokio.loop.EventLoop;
import io.zokio.runtime.RuntimeBuilder;
import io.zokio.runtime.internal.RuntimeHooks;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Whole runtimes under fault injection. <b>A test tool, not for production</b> (the decorator allocates per
 * operation): every worker's loop runs over a {@link FaultyBackend} wrapping the real backend the builder
 * chooses, which injects the faults of a {@link FaultConfig} and checks that each operation is delivered exactly
 * once. Worker {@code i} draws from the seed {@code FaultConfig.derive(config.seed(), "worker-" + i)}. Does not
 * combine with {@link io.zokio.testkit.DeterministicRuntime}.
 *
 * <pre>{@code
 * List<FaultyBackend> decorators = new CopyOnWriteArrayList<>();
 * try (Runtime rt = FaultInjection.configure(Runtime.builder().workers(2),
 *         FaultConfig.resultPreserving(seed), decorators::add).build()) {
 *     ...
 * }
 * for (FaultyBackend b : decorators) { assert b.violation() == null; }
 * }</pre>
 */
public final class FaultInjection {
    private FaultInjection() {
    }

    /** Sets {@code builder} to run every worker's loop over a fault injector of {@code config}. */
    public static RuntimeBuilder configure(RuntimeBuilder builder, FaultConfig config) {
        return configure(builder, config, b -> { });
    }

    /**
     * {@link #configure(RuntimeBuilder, FaultConfig)}, handing each worker's decorator to {@code created} (on the
     * thread that calls {@code build()}, before the workers start), so that a test can read its
     * {@link FaultyBackend#counts()} and {@link FaultyBackend#violation()} after the runtime closed.
     *
     * @return {@code builder}
     */
    public static RuntimeBuilder configure(RuntimeBuilder builder, FaultConfig config,
            Consumer<? super FaultyBackend> created) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(created, "created");
        return RuntimeHooks.decorateLoops(builder, (worker, real) -> {
            FaultConfig c = config.withSeed(FaultConfig.derive(config.seed(), "worker-" + worker));
            EventLoop loop = FaultyBackend.wrap(real, c, RuntimeHooks.clock(builder));
            created.accept((FaultyBackend) loop.backend());
            return loop;
        });
    }
}
