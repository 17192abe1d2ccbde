package io.zokio.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * <b>Threading:</b> any thread. A handle on one unit of work spawned on a {@link Runtime}: a virtual thread
 * ({@link Runtime#spawn}) or a blocking-pool thread ({@link Runtime#blocking}).
 *
 * <p><b>Outcome:</b> exactly one of: a value, a failure (what the body threw), or cancelled. A task whose
 * {@link #cancel()} won before the outcome was published ends cancelled, whatever its body then returned or
 * threw. {@link #join()} returns once the body has really ended (or never started), so that nothing it owns,
 * such as an I/O buffer, is still in use.
 *
 * <p><b>Cancel</b> interrupts the running thread exactly once (the first call wins a compare-and-set);
 * the thread's pending {@link Runtime#submitAndAwait} cancels its operation and waits for the kernel to let
 * go of the buffer. A handshake in the style of {@link java.util.concurrent.FutureTask} ({@code runner} goes
 * {@code thread -> INTERRUPTING -> null}) keeps a late interrupt from reaching a pooled thread that has
 * moved on to other work.
 */
public final class Task<T> {
    private static final VarHandle RUNNER;
    private static final VarHandle CANCELLED;
    private static final VarHandle OUTCOME;
    private static final VarHandle FUTURE;
    /** {@link #outcome} of a body that returned null. */
    private static final Object NULL = new Object();
    /** {@link #runner} while {@link #cancel()} interrupts it. */
    private static final Object INTERRUPTING = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUNNER = l.findVarHandle(Task.class, "runner", Object.class);
            CANCELLED = l.findVarHandle(Task.class, "cancelled", boolean.class);
            OUTCOME = l.findVarHandle(Task.class, "outcome", Object.class);
            FUTURE = l.findVarHandle(Task.class, "future", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runtime runtime;
    private final Callable<T> body;
    /**
     * Null while running; then the value ({@link #NULL} for null) or a {@link Failure}. Set once, by a CAS.
     * A task nobody waits on never allocates a future: {@link #future()} makes one on demand.
     */
    @SuppressWarnings("unused") // through OUTCOME
    private volatile Object outcome;
    /**
     * Created by the first caller that needs it. Ordering: the finisher writes {@link #outcome} then reads
     * this field; a creator CASes this field then reads {@link #outcome} (all volatile): at least one of them
     * sees the other and completes the future (completing twice with the same outcome is harmless).
     */
    @SuppressWarnings("unused") // through FUTURE
    private volatile CompletableFuture<T> future;
    /** The thread running the body, {@link #INTERRUPTING}, or null (not started, or finished). */
    @SuppressWarnings("unused") // through RUNNER
    private volatile Object runner;
    @SuppressWarnings("unused") // through CANCELLED
    private volatile boolean cancelled;

    /** Its stripe in the runtime's {@link LiveTasks}; {@link #liveNext} is guarded by that stripe's lock. */
    final int liveStripe;
    Task<?> liveNext;
    /** Set once, by CAS, when the task left the live tasks ({@link LiveTasks#remove}). */
    volatile boolean liveGone;

    Task(Runtime runtime, Callable<T> body, int liveStripe) {
        this.runtime = runtime;
        this.body = Objects.requireNonNull(body, "body");
        this.liveStripe = liveStripe;
    }

    /** Runs the body on the calling thread (the task's virtual thread or a blocking-pool thread). */
    void run() {
        Thread me = Thread.currentThread();
        // volatile store then volatile read; pairs with cancel(): CAS cancelled, then read runner
        RUNNER.setVolatile(this, me);
        T value = null;
        Throwable failure = null;
        if (!(boolean) CANCELLED.getVolatile(this)) {
            try {
                // AFFINE tasks find their runtime through their carrier (Runtime.current()): no binding to pay for
                value = runtime.bindsCurrent ? runtime.bindCurrent.call(body::call) : body.call();
            } catch (Throwable t) {
                failure = t;
            }
        }
        if (!RUNNER.compareAndSet(this, me, null)) {
            while (RUNNER.getVolatile(this) == INTERRUPTING) {
                Thread.onSpinWait(); // cancel() is between its CAS and its interrupt(): a few instructions
            }
        }
        Thread.interrupted(); // a cancel's interrupt must not outlive the task on a pooled thread
        if ((boolean) CANCELLED.getVolatile(this)) {
            finish(Failure.ofCancel());
        } else if (failure != null) {
            finish(new Failure(failure, false));
        } else {
            finish(value == null ? NULL : value);
        }
        runtime.taskDone(this);
    }

    /**
     * Requests cancellation: interrupts the task's thread, once. Returns true if this call requested it and
     * the task then ends cancelled (see the class doc); false if the task had already ended, was cancelled
     * before, or published its own outcome first (a body that had just returned).
     */
    public boolean cancel() {
        if (isDone() || !CANCELLED.compareAndSet(this, false, true)) {
            return false;
        }
        Object r = RUNNER.getVolatile(this);
        if (r instanceof Thread t && RUNNER.compareAndSet(this, t, INTERRUPTING)) {
            try {
                t.interrupt();
            } finally {
                RUNNER.setVolatile(this, null); // releases the spin in run()
            }
        } else if (r == null) {
            // not started: run() will see the flag and skip its body, and this call publishes the outcome.
            // Or finished: run() may have read the flag before the CAS above and be publishing its value; the
            // first outcome published stands, so this call reports which one that is.
            finish(Failure.ofCancel());
            runtime.taskDone(this);
            return OUTCOME.getVolatile(this) instanceof Failure f && f.cancellation();
        }
        return true; // the runner was interrupted after the flag was set: run() publishes a cancellation
    }

    /**
     * Waits for the outcome. Parks a virtual thread; blocks a platform thread.
     *
     * <p>The exception contract is {@link CompletableFuture#join()}'s, plus an interruptible wait: a failed
     * task throws an unchecked {@link CompletionException} whose cause is what the body threw (checked or not),
     * a cancelled task an unchecked {@link CancellationException}, and an interrupt of the waiting thread an
     * {@link InterruptedException} (the task goes on; the interrupt status is cleared, as by
     * {@link java.util.concurrent.Future#get()}). Unchecked wrappers rather than {@code Future.get()}'s checked
     * {@link ExecutionException} because tasks are joined inside lambdas and other tasks, where a checked
     * wrapper would have to be caught and rethrown at every level; {@link #toCompletableFuture()} gives
     * {@code Future.get()}'s form where it is wanted. {@link Runtime#blockOn} has the same contract, and
     * {@link Scope#join()} reports a child's failure the same way.
     *
     * @throws CancellationException if the task was cancelled
     * @throws CompletionException wrapping what the body threw
     * @throws InterruptedException if the waiting thread was interrupted
     * @throws IllegalStateException on an event-loop (worker) thread, which must never block
     */
    public T join() throws InterruptedException {
        Runtime.checkNotOnLoopThread("Task.join()");
        try {
            return future().get();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
    }

    /** Waits until the task is done or {@code deadlineNs} ({@link System#nanoTime()}) passed; true if done. */
    boolean awaitDone(long deadlineNs) throws InterruptedException {
        long left = deadlineNs == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNs - System.nanoTime();
        if (left <= 0) {
            return isDone();
        }
        if (isDone()) {
            return true;
        }
        try {
            if (left == Long.MAX_VALUE) {
                future().get();
            } else {
                future().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | CancellationException | java.util.concurrent.TimeoutException e) {
            // the outcome is not what we wait for here
        }
        return isDone();
    }

    public boolean isDone() {
        return OUTCOME.getVolatile(this) != null;
    }

    public boolean isCancelled() {
        return OUTCOME.getVolatile(this) instanceof Failure f
                && (f.cancellation || f.cause instanceof CancellationException);
    }

    /** A future completed with this task's outcome; completing it does not affect the task. */
    public CompletableFuture<T> toCompletableFuture() {
        return future().copy();
    }

    /** Runs {@code action} with (value, null) or (null, failure) once the task ends; at once if it has. */
    public Task<T> onComplete(BiConsumer<? super T, ? super Throwable> action) {
        Objects.requireNonNull(action, "action");
        future().whenComplete((v, e) -> action.accept(v, e));
        return this;
    }

    /** Publishes the outcome once (the first call wins), then completes the future if one exists. */
    private void finish(Object o) {
        if (OUTCOME.compareAndSet(this, null, o)) {
            @SuppressWarnings("unchecked")
            CompletableFuture<T> f = (CompletableFuture<T>) FUTURE.getVolatile(this);
            if (f != null) {
                completeFrom(f, o);
            }
        }
    }

    /** The future of this task's outcome, made on first use. */
    @SuppressWarnings("unchecked")
    private CompletableFuture<T> future() {
        CompletableFuture<T> f = (CompletableFuture<T>) FUTURE.getVolatile(this);
        if (f == null) {
            CompletableFuture<T> mine = new CompletableFuture<>();
            f = (CompletableFuture<T>) FUTURE.compareAndExchange(this, null, mine);
            if (f == null) {
                f = mine;
                Object o = OUTCOME.getVolatile(this); // after the CAS: pairs with finish()
                if (o != null) {
                    completeFrom(f, o);
                }
            }
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    private static <T> void completeFrom(CompletableFuture<T> f, Object o) {
        if (o instanceof Failure fail) {
            f.completeExceptionally(fail.cause);
        } else {
            f.complete(o == NULL ? null : (T) o);
        }
    }

    /** The outcome of a body that threw, or ({@code cancellation}) of a task a cancel() ended. */
    private record Failure(Throwable cause, boolean cancellation) {
        static Failure ofCancel() {
            return new Failure(new CancellationException("task cancelled"), true);
        }
    }

    @Override
    public String toString() {
        return "Task[" + (isDone() ? (isCancelled() ? "cancelled" : "done") : "running") + "]";
    }
}
