package io.zokio.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> {@link #spawn} from any thread; {@link #next()} and {@link #close()} from one consumer
 * thread at a time (they park a virtual thread, block a platform thread, and throw
 * {@link IllegalStateException} on a worker (event-loop) thread).
 *
 * <p>A set of tasks that yields them in the order they finish (Tokio's {@code JoinSet}): {@link #next()}
 * returns the next finished task (its outcome is ready: {@link Task#join()} does not wait), or null when
 * the set holds no task. {@link #close()} cancels the tasks still running and waits for them; like
 * {@link java.util.concurrent.StructuredTaskScope#close()} it throws no {@link InterruptedException}: an
 * interrupt does not cut the wait short, and the thread's interrupt status is set again when it returns.
 */
public final class JoinSet<T> implements AutoCloseable {
    private final Runtime runtime;
    private final Set<Task<T>> running = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Task<T>> finished = new LinkedBlockingQueue<>();
    /** Spawned and not yet returned by next(): incremented before the task can finish, decremented by next(). */
    private final AtomicInteger pending = new AtomicInteger();

    JoinSet(Runtime runtime) {
        this.runtime = runtime;
    }

    public Task<T> spawn(Callable<T> body) {
        pending.incrementAndGet();
        Task<T> t;
        try {
            t = runtime.spawn(body);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            throw e;
        }
        running.add(t);
        // the callback runs at once if the task already finished: added first, so the remove below matches
        t.onComplete((v, e) -> {
            if (running.remove(t)) {
                finished.add(t);
            }
        });
        return t;
    }

    /** Tasks spawned and not yet returned by {@link #next()}. */
    public int size() {
        return pending.get();
    }

    /** The next task to finish, or null when the set is empty. */
    public Task<T> next() throws InterruptedException {
        Runtime.checkNotOnLoopThread("JoinSet.next()");
        if (pending.get() == 0) {
            return null;
        }
        Task<T> t = finished.take(); // pending > 0: a task is queued or will be when it finishes
        pending.decrementAndGet();
        return t;
    }

    /**
     * Cancels the running tasks and waits until each has ended. An interrupt does not end the wait; the
     * interrupt status is set again on return.
     */
    @Override
    public void close() {
        Runtime.checkNotOnLoopThread("JoinSet.close()");
        for (Task<T> t : running) {
            t.cancel();
        }
        boolean interrupted = false;
        for (Task<T> t : running) {
            while (true) {
                try {
                    t.awaitDone(Long.MAX_VALUE);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // cancelled already: it ends, and the wait goes on
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        pending.addAndGet(-finished.size());
        finished.clear();
    }
}
