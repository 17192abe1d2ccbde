package io.zokio.runtime.internal;

import io.zokio.loop.Clock;
import io.zokio.runtime.RuntimeBuilder;
import java.util.Objects;

/**
 * The settings of a {@link RuntimeBuilder} that only the test kit uses, kept out of the builder's public API.
 * This package is not exported: only module {@code io.zokio.testkit} sees it (a qualified export).
 *
 * <p><b>How it is wired</b> (the JDK's shared-secrets pattern): {@code RuntimeBuilder}'s static initializer
 * registers an implementation of {@link Access}, which reaches the builder's package-private state; this class
 * forces that initialization before its first use of the registered object. None of this is on a hot path.
 *
 * <p><b>Threading:</b> as the builder's: one thread configures, then builds.
 */
public final class RuntimeHooks {

    /** The builder's side, implemented inside package {@code io.zokio.runtime}. */
    public interface Access {
        void loopDecorator(RuntimeBuilder builder, LoopDecorator decorator);

        void deterministic(RuntimeBuilder builder, long seed, DeterministicLoop loop);

        Clock clock(RuntimeBuilder builder);
    }

    private static volatile Access registered;

    private RuntimeHooks() {
    }

    /** Called once, by the static initializer of {@code RuntimeBuilder}; refused after that. */
    public static void register(Access access) {
        Objects.requireNonNull(access, "access");
        synchronized (RuntimeHooks.class) {
            if (registered != null) {
                throw new IllegalStateException("the builder's access is registered already");
            }
            registered = access;
        }
    }

    private static Access access() {
        Access a = registered;
        if (a == null) {
            try {
                Class.forName(RuntimeBuilder.class.getName(), true, RuntimeBuilder.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = registered;
            if (a == null) {
                throw new IllegalStateException("io.zokio.runtime did not register the builder's access");
            }
        }
        return a;
    }

    /**
     * Every worker's loop of the runtime {@code builder} builds goes through {@code decorator}. Not combinable
     * with {@link #deterministic}: {@code build()} refuses the two together.
     *
     * @return {@code builder}
     */
    public static RuntimeBuilder decorateLoops(RuntimeBuilder builder, LoopDecorator decorator) {
        access().loopDecorator(Objects.requireNonNull(builder, "builder"),
                Objects.requireNonNull(decorator, "decorator"));
        return builder;
    }

    /**
     * {@code builder} builds a deterministic runtime: one worker whose runnable tasks are drawn in the order
     * {@code seed} gives, on the clock and loop {@code loop} supplies; its worker count and backend settings are
     * ignored. Needs AFFINE carriers ({@code --add-opens java.base/java.lang=ALL-UNNAMED}): {@code build()}
     * throws {@link IllegalStateException}, naming the cause, without them.
     *
     * @return {@code builder}
     */
    public static RuntimeBuilder deterministic(RuntimeBuilder builder, long seed, DeterministicLoop loop) {
        access().deterministic(Objects.requireNonNull(builder, "builder"), seed,
                Objects.requireNonNull(loop, "loop"));
        return builder;
    }

    /** The clock {@code builder} is configured with (a decorator that keeps time uses the runtime's). */
    public static Clock clock(RuntimeBuilder builder) {
        return access().clock(Objects.requireNonNull(builder, "builder"));
    }
}
