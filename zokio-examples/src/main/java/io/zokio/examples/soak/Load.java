package io.zokio.examples.soak;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * <b>Threading:</b> {@link #start} and {@link #finish} on the soak's main thread; the loops run as tasks on the
 * client runtime and report through {@link #progress} and {@link #errors}, which any thread may call.
 *
 * <p>One kind of traffic in a soak run: a number of looping tasks that stop when {@link #stopping()} says so.
 */
abstract class Load {
    final String name;
    final SoakErrors errors;
    private final LongAdder ops = new LongAdder();
    private volatile long lastProgressNs = System.nanoTime();
    private volatile boolean stop;
    private final List<Task<Void>> tasks = new ArrayList<>();

    Load(String name, SoakErrors errors) {
        this.name = name;
        this.errors = errors;
    }

    /** Starts this load's tasks on {@code rt}. */
    abstract void start(Runtime rt) throws Exception;

    /** Frees what {@link #start} set up (servers, files); called after every task ended or was given up on. */
    void close() throws Exception {
    }

    /** One task looping {@code body} until the stop; an exception from the body is an error and ends it. */
    final void loop(Runtime rt, String what, LoopBody body) {
        tasks.add(rt.spawn(() -> {
            try {
                while (!stop) {
                    body.run();
                }
            } catch (InterruptedException e) {
                if (!stop) {
                    errors.record(name, what + " interrupted");
                }
            } catch (Throwable e) {
                errors.record(name, what + ": " + e);
            }
            return null;
        }));
    }

    interface LoopBody {
        void run() throws Exception;
    }

    final boolean stopping() {
        return stop;
    }

    final void progress(long n) {
        ops.add(n);
        lastProgressNs = System.nanoTime();
    }

    final long ops() {
        return ops.sum();
    }

    /** Nanoseconds since this load last made progress. */
    final long idleNanos() {
        return System.nanoTime() - lastProgressNs;
    }

    /** Stops the loops and waits for each task to end; a task that does not end in {@code limit} is an error. */
    final void finish(Duration limit) {
        stop = true;
        long deadline = System.nanoTime() + limit.toNanos();
        for (Task<Void> t : tasks) {
            try {
                t.toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                errors.record(name, "a task did not end within " + limit + " of the stop (a lost completion?): "
                        + t);
                t.cancel();
            } catch (ExecutionException e) {
                errors.record(name, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
