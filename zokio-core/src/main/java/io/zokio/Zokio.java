package io.zokio;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * <b>Threading:</b> any thread; the blocking methods throw {@link IllegalStateException} on an event-loop
 * (worker) thread, which must never block.
 *
 * <p>The facade over the {@link Runtime} of the calling task ({@link Runtime#current()}).
 */
public final class Zokio {
    private Zokio() {
    }

    /** Spawns {@code body} on the current runtime. */
    public static <T> Task<T> spawn(Callable<T> body) {
        return runtime("spawn").spawn(body);
    }

    /** Spawns {@code body} on the current runtime; see {@link Runtime#spawn(Runnable)} for the overload rules. */
    public static Task<Void> spawn(Runnable body) {
        return runtime("spawn").spawn(body);
    }

    /**
     * Waits for {@code stage}: parks a virtual thread, blocks a platform thread.
     *
     * @throws CompletionException wrapping the stage's failure
     * @throws java.util.concurrent.CancellationException if the stage was cancelled
     */
    public static <T> T await(CompletionStage<T> stage) throws InterruptedException {
        Objects.requireNonNull(stage, "stage");
        checkNotOnLoop("Zokio.await()");
        CompletableFuture<T> f;
        try {
            f = stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            f = new CompletableFuture<>();
            CompletableFuture<T> g = f;
            stage.whenComplete((v, x) -> {
                if (x != null) {
                    g.completeExceptionally(x);
                } else {
                    g.complete(v);
                }
            });
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
    }

    /** Lets other virtual threads run: {@link Thread#yield()}. Fails on a worker thread (it cannot yield). */
    public static void yieldNow() {
        checkNotOnLoop("Zokio.yieldNow()");
        Thread.yield();
    }

    /** Parks for at least {@code d} on the current runtime's timer wheel; {@link Thread#sleep} outside one. */
    public static void sleep(Duration d) throws InterruptedException {
        Runtime rt = Runtime.current();
        if (rt == null) {
            Thread.sleep(d);
        } else {
            rt.sleep(d);
        }
    }

    /** Runs {@code body} as a task of the current runtime; cancels it if it has not finished after {@code d}. */
    public static <T> T timeout(Duration d, Callable<T> body) throws InterruptedException, TimeoutException {
        return runtime("timeout").timeout(d, body);
    }

    /** A structured scope on the current runtime; see {@link io.zokio.runtime.Scope}. */
    public static io.zokio.runtime.Scope scope() {
        return runtime("scope").scope();
    }

    /** Ticks every {@code period} on the current runtime; see {@link io.zokio.runtime.Interval}. */
    public static io.zokio.runtime.Interval interval(Duration period) {
        return runtime("interval").interval(period, io.zokio.runtime.Interval.MissedTickBehavior.BURST);
    }

    private static Runtime runtime(String what) {
        Runtime rt = Runtime.current();
        if (rt == null) {
            throw new IllegalStateException("Zokio." + what + "() outside a runtime: call it from a task");
        }
        return rt;
    }

    private static void checkNotOnLoop(String what) {
        if (Runtime.isWorkerThread()) {
            throw new IllegalStateException(what + " on event-loop thread " + Thread.currentThread().getName()
                    + " would block the loop: call it from a task (Runtime.spawn)");
        }
    }
}
