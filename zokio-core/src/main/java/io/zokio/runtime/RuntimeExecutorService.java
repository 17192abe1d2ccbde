package io.zokio.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * <b>Threading:</b> any thread. Each submitted command moves once from PENDING to RUNNING (its task started it)
 * or to DROPPED ({@link #shutdownNow} took it first), by a CAS on its {@link Entry}; the count of commands not
 * yet ended and the termination signal are guarded by {@link #lock}.
 *
 * <p>The {@link java.util.concurrent.ExecutorService} view of a {@link Runtime} ({@link Runtime#executorService()}):
 * every command runs as a runtime task on its own virtual thread ({@link Runtime#execute}), so it may block.
 * The view has its own lifecycle, apart from the runtime's: {@link #shutdown} refuses further commands of this
 * view and {@link #awaitTermination} waits for the ones it accepted; {@link #shutdownNow} also interrupts those
 * running and returns those not started; {@link #close} is shutdown then waiting. None of them closes the
 * runtime. Once the runtime is closed the view reports itself shut down (and terminated when its commands
 * ended), and submissions throw {@link RejectedExecutionException}.
 */
final class RuntimeExecutorService extends AbstractExecutorService {
    private static final int PENDING = 0;
    private static final int RUNNING = 1;
    private static final int DROPPED = 2;

    private final Runtime runtime;
    private final ConcurrentHashMap<Entry, Boolean> entries = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    /** Guarded by {@link #lock}: commands accepted and not yet ended (run or dropped). */
    private int open;
    private volatile boolean shutdown;

    RuntimeExecutorService(Runtime runtime) {
        this.runtime = runtime;
    }

    /** One accepted command (its state is the atomic's value) and the thread running it. */
    @SuppressWarnings("serial")
    private static final class Entry extends AtomicInteger implements java.util.concurrent.Callable<Void> {
        final Runnable command;
        volatile Thread runner;

        Entry(Runnable command) {
            this.command = command;
        }

        @Override
        public Void call() {
            runner = Thread.currentThread();
            try {
                if (compareAndSet(PENDING, RUNNING)) {
                    runReporting(command);
                }
            } finally {
                runner = null;
            }
            return null;
        }
    }

    /**
     * {@code command} as a task body: what it throws goes to the thread's uncaught-exception handler, as a
     * thread's would, instead of into a task outcome nobody reads.
     */
    static Callable<Void> reporting(Runnable command) {
        Objects.requireNonNull(command, "command");
        return () -> {
            runReporting(command);
            return null;
        };
    }

    static void runReporting(Runnable command) {
        try {
            command.run();
        } catch (Throwable e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        Entry e = new Entry(command);
        lock.lock();
        try {
            if (isShutdown()) {
                throw new RejectedExecutionException(runtime.isClosed() ? "runtime is shut down"
                        : "executor service view is shut down");
            }
            open++;
            entries.put(e, Boolean.TRUE);
        } finally {
            lock.unlock();
        }
        try {
            // ends on every outcome, a task the runtime's shutdown cancelled before it started included
            runtime.spawn(e).onComplete((v, failure) -> end(e));
        } catch (RejectedExecutionException refused) {
            end(e);
            throw refused;
        }
    }

    private void end(Entry e) {
        if (entries.remove(e) == null) {
            return;
        }
        lock.lock();
        try {
            if (--open == 0) {
                ended.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> notStarted = new ArrayList<>();
        for (Entry e : entries.keySet()) {
            if (e.compareAndSet(PENDING, DROPPED)) {
                notStarted.add(e.command); // its task still runs, finds it dropped and ends at once
            } else {
                Thread t = e.runner;
                if (t != null && e.get() == RUNNING) {
                    t.interrupt();
                }
            }
        }
        return notStarted;
    }

    @Override
    public boolean isShutdown() {
        return shutdown || runtime.isClosed();
    }

    @Override
    public boolean isTerminated() {
        if (!isShutdown()) {
            return false;
        }
        lock.lock();
        try {
            return open == 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Runtime.checkNotOnLoopThread("ExecutorService.awaitTermination()");
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!(isShutdown() && open == 0)) {
                if (left <= 0) {
                    return false;
                }
                left = ended.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        Runtime.checkNotOnLoopThread("ExecutorService.invokeAll()");
        return super.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Runtime.checkNotOnLoopThread("ExecutorService.invokeAll()");
        return super.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        Runtime.checkNotOnLoopThread("ExecutorService.invokeAny()");
        return super.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Runtime.checkNotOnLoopThread("ExecutorService.invokeAny()");
        return super.invokeAny(tasks, timeout, unit);
    }

    @Override
    public String toString() {
        return "RuntimeExecutorService[" + (isTerminated() ? "terminated" : isShutdown() ? "shut down" : "running")
                + ", " + entries.size() + " commands]";
    }
}
