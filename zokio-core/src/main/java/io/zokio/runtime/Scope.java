package io.zokio.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * <b>Threading:</b> {@link #spawn} from any thread (the owner or its children); {@link #join()} and
 * {@link #close()} from the thread that opened the scope (they wait, so not on a worker thread).
 *
 * <p>Structured concurrency: children spawned in a scope do not outlive it. The first child that fails
 * (anything but a cancellation) cancels its siblings; {@link #join()} waits for every child and then throws
 * that first failure. {@link #close()} cancels the children still running, waits until every one has ended
 * (so their I/O buffers are free), and throws the first failure if {@code join()} has not reported it.
 * Like {@link java.util.concurrent.StructuredTaskScope#close()}, {@code close()} throws no
 * {@link InterruptedException}: an interrupt while it waits does not cut the wait short (the children must
 * end before the scope does), and the thread's interrupt status is set again when it returns.
 *
 * <pre>{@code
 * try (Scope scope = runtime.scope()) {
 *     Task<A> a = scope.spawn(this::fetchA);
 *     Task<B> b = scope.spawn(this::fetchB);
 *     scope.join();            // both done, or the first failure thrown (the other cancelled)
 *     return combine(a.join(), b.join());
 * }
 * }</pre>
 */
public final class Scope implements AutoCloseable {
    private final Runtime runtime;
    private final List<Task<?>> children = new ArrayList<>(); // guarded by itself
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private volatile boolean closed;
    private boolean failureReported;

    Scope(Runtime runtime) {
        this.runtime = runtime;
    }

    /**
     * Spawns a child that returns no value; the overload rules are {@link Runtime#spawn(Runnable)}'s.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the scope is closed, or the runtime shut down
     */
    public Task<Void> spawn(Runnable body) {
        java.util.Objects.requireNonNull(body, "body");
        return spawn(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Spawns a child on the runtime.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the scope is closed, or the runtime shut down
     */
    public <T> Task<T> spawn(Callable<T> body) {
        synchronized (children) {
            if (closed) {
                throw new RejectedExecutionException("scope is closed");
            }
            Task<T> t = runtime.spawn(body);
            children.add(t);
            t.onComplete((v, e) -> {
                if (e != null && !(e instanceof CancellationException) && firstFailure.compareAndSet(null, e)) {
                    cancelAll();
                }
            });
            return t;
        }
    }

    /**
     * Waits for every child (including children spawned meanwhile).
     *
     * @throws CompletionException wrapping the first child failure, if any
     */
    public void join() throws InterruptedException {
        Runtime.checkNotOnLoopThread("Scope.join()");
        awaitAll();
        Throwable f = firstFailure.get();
        if (f != null) {
            failureReported = true;
            throw new CompletionException(f);
        }
    }

    private void awaitAll() throws InterruptedException {
        for (int i = 0; ; i++) {
            Task<?> t;
            synchronized (children) {
                if (i >= children.size()) {
                    return;
                }
                t = children.get(i);
            }
            t.awaitDone(Long.MAX_VALUE);
        }
    }

    private void cancelAll() {
        Task<?>[] snapshot;
        synchronized (children) {
            snapshot = children.toArray(Task<?>[]::new);
        }
        for (Task<?> t : snapshot) {
            t.cancel();
        }
    }

    /** Waits for every child, through interrupts; true if the thread was interrupted meanwhile. */
    private boolean awaitAllUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                awaitAll();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true; // the children were cancelled already: they end, and the wait goes on
            }
        }
    }

    /**
     * Cancels the children still running and waits for all of them; see the class doc. An interrupt does not
     * end the wait; the interrupt status is set again on return.
     *
     * @throws CompletionException wrapping the first child failure, unless {@link #join()} has thrown it
     */
    @Override
    public void close() {
        Runtime.checkNotOnLoopThread("Scope.close()");
        synchronized (children) {
            closed = true;
        }
        cancelAll();
        if (awaitAllUninterruptibly()) {
            Thread.currentThread().interrupt();
        }
        Throwable f = firstFailure.get();
        if (f != null && !failureReported) {
            failureReported = true;
            throw new CompletionException(f);
        }
    }
}
