package io.zokio.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * <b>Threading:</b> {@link #run} is the body of one AFFINE virtual thread; {@link #hand} and {@link #end} are
 * called by whoever took this thread from a {@link VtPool} (on that pool's worker thread).
 *
 * <p>A reusable AFFINE task thread: it runs a {@link Task}, clears its thread-locals, and, if the worker that
 * carries it has room in its pool, parks there until a spawn on that worker hands it the next task. Reusing a
 * parked virtual thread replaces the creation, start and termination of a thread per task (allocation of the
 * thread and its continuation, registration in the JDK's thread container) by one unpark. Each task still
 * runs from an empty stack with its own interrupt status (see {@link Task#run}) and no thread-locals; what it
 * shares with earlier tasks of the same thread is the thread's identity ({@code threadId()}).
 */
final class PooledThread implements Runnable {
    /** The next task; written by the hander before its unpark, read by this thread. */
    private volatile Task<?> next;
    private volatile boolean ended;
    /** Set before the thread starts (the start publishes it). */
    private Thread thread;

    private PooledThread(Task<?> first) {
        this.next = first;
    }

    /** Starts a new pooled thread running {@code first}. */
    static void start(ThreadFactory factory, Task<?> first) {
        PooledThread p = new PooledThread(first);
        Thread t = factory.newThread(p);
        p.thread = t;
        t.start();
    }

    /** Runs {@code task} on this idle thread. */
    void hand(Task<?> task) {
        next = task; // volatile: published before the unpark makes the thread run
        LockSupport.unpark(thread);
    }

    /** Ends this idle thread (runtime shutdown). */
    void end() {
        ended = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        Task<?> task = next;
        next = null;
        while (task != null) {
            task.run(); // catches everything the body throws, and clears the interrupt status
            AffineCarriers.clearThreadLocals();
            Worker w = AffineCarriers.carrierWorker();
            if (w == null || !w.vtPool.give(this)) {
                return;
            }
            // idle in w's pool: only w's thread can take it, and w is running us until we park
            while ((task = next) == null && !ended) {
                LockSupport.park(this);
                Thread.interrupted(); // nothing may interrupt an idle thread; never spin on a stray status
            }
            next = null;
        }
    }
}
