package io.zokio.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * <b>Threading:</b> a {@link Log} is written by the threads of one sequence (synchronized); the rest is
 * stateless.
 *
 * <p>The fuzz harness: a fixed jqwik seed unless {@code -Dzokio.fuzz.seed=N} (so runs repeat), a tries
 * multiplier ({@code -Dzokio.fuzz.triesFactor=F}), and the check at the heart of every property: a call
 * either returns or throws one of the exception types its Javadoc names; anything else (an undocumented
 * RuntimeException, an Error, a hang) fails the property with the call log of the sequence.
 */
final class Fuzz {
    /** The default seed of every property: fixed, so that the default run is deterministic. */
    static final String DEFAULT_SEED = "20261127";
    /** Bound on one call (or on a whole sequence's end): a call that takes longer is a hang. */
    static final long HANG_MS = 10_000;

    /** {@code -Dzokio.fuzz.verbose=true} prints every call and its outcome as it happens. */
    static final boolean VERBOSE = Boolean.getBoolean("zokio.fuzz.verbose");

    private Fuzz() {
    }

    static String seed() {
        return System.getProperty("zokio.fuzz.seed", DEFAULT_SEED);
    }

    static int tries(int byDefault) {
        double f = Double.parseDouble(System.getProperty("zokio.fuzz.triesFactor", "1"));
        return Math.max(1, (int) Math.round(byDefault * f));
    }

    /**
     * Sets the seed (and scales the tries) of the property it decorates. Use with
     * {@code @AddLifecycleHook(Fuzz.Seeded.class)} on the test class.
     */
    public static final class Seeded implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setSeed(seed());
            context.attributes().tries().ifPresent(t -> context.attributes().setTries(tries(t)));
            return property.execute();
        }

        @Override
        public net.jqwik.api.lifecycle.PropagationMode propagateTo() {
            return net.jqwik.api.lifecycle.PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public int aroundPropertyProximity() {
            return -100; // outermost: before jqwik reads the attributes for generation
        }
    }

    /**
     * Skips the property it decorates, with the kernel's reason, where io_uring is refused. (Aborting inside a
     * try would count as a rejected try, and a property whose every try is rejected fails as exhausted.) Use
     * with {@code @AddLifecycleHook(Fuzz.NeedsIoUring.class)} on the io_uring property.
     */
    public static final class NeedsIoUring implements net.jqwik.api.lifecycle.SkipExecutionHook {
        @Override
        public net.jqwik.api.lifecycle.SkipExecutionHook.SkipResult shouldBeSkipped(
                net.jqwik.api.lifecycle.LifecycleContext context) {
            io.zokio.loop.uring.ffi.UringFeatures probe = io.zokio.loop.uring.IoUringBackend.probe();
            return probe.available() ? SkipResult.doNotSkip()
                    : SkipResult.skip("io_uring refused by the kernel: " + probe.cause());
        }
    }

    /** A public call under test. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    /** The calls of one sequence and their outcomes, printed when the property fails. */
    static final class Log {
        private final List<String> lines = new ArrayList<>();

        synchronized void add(String line) {
            lines.add(line);
            if (VERBOSE) {
                System.out.println("fuzz: " + line);
            }
        }

        @Override
        public synchronized String toString() {
            StringBuilder b = new StringBuilder("call log (seed " + seed() + "):\n");
            for (String l : lines) {
                b.append("  ").append(l).append('\n');
            }
            return b.toString();
        }

        /**
         * Runs {@code call}; returns its value, or null when it threw one of {@code allowed}. Any other
         * throwable fails the sequence.
         */
        @SafeVarargs
        final <T> T call(String name, Call<T> call, Class<? extends Throwable>... allowed) {
            T v;
            try {
                v = call.run();
            } catch (Throwable t) {
                settle(name, t, allowed);
                return null;
            }
            add(name + " -> " + brief(v));
            return v;
        }

        /** Waits (bounded) for an async call's stage and checks its failure like {@link #call}. */
        @SafeVarargs
        final <T> T await(String name, CompletionStage<T> stage, Class<? extends Throwable>... allowed) {
            CompletableFuture<T> f = stage.toCompletableFuture();
            T v;
            try {
                v = f.get(HANG_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("hang: " + name + " did not complete within " + HANG_MS + " ms\n" + this);
            } catch (ExecutionException | CompletionException e) {
                settle(name, e.getCause(), allowed);
                return null;
            } catch (java.util.concurrent.CancellationException e) {
                add(name + " -> cancelled");
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                settle(name, e, allowed);
                return null;
            }
            add(name + " -> " + brief(v));
            return v;
        }

        private void settle(String name, Throwable t, Class<? extends Throwable>[] allowed) {
            for (Class<? extends Throwable> a : allowed) {
                // an Error passes only where one is named (a task body's own, reported by its join)
                if (a.isInstance(t) && (!(t instanceof Error) || Error.class.isAssignableFrom(a))) {
                    add(name + " !! " + t.getClass().getSimpleName() + ": " + t.getMessage());
                    return;
                }
            }
            add(name + " !! UNDOCUMENTED " + t);
            throw new AssertionError(name + " threw " + t + ", not one of its documented exceptions\n" + this
                    + stack(t), t);
        }
    }

    /** The Error a fuzzed task body throws on purpose: its join must report it, nothing else may throw it. */
    static final class BodyError extends Error {
        BodyError(String message) {
            super(message);
        }
    }

    static String brief(Object v) {
        String s = String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
