package io.zokio.runtime.internal;

import io.zokio.loop.EventLoop;
import io.zokio.loop.internal.Carriers;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> immutable; every method may be called from any thread.
 *
 * <p>The worker loops of one {@link Runtime} and the threads that own them, for the layers above the runtime
 * ({@code net}, {@code fs}): they hand work to a worker's loop with {@link EventLoop#execute} without blocking,
 * submit in place when the caller already runs on that loop, and pick a worker for a new socket or file. One
 * instance per runtime, made on first use from the runtime's own workers (no lookup through the loops, no cache
 * to purge); this package is not exported.
 */
public final class WorkerLoops {
    /** How {@link #of} reaches a runtime's instance; registered by {@code Runtime}'s static initializer. */
    public interface Access {
        WorkerLoops workerLoops(Runtime rt);
    }

    private static volatile Access access;

    private final Runtime runtime;
    private final EventLoop[] loops;
    private final Thread[] owners;
    private final AtomicInteger nextWorker = new AtomicInteger();
    private final ShutdownWatch shutdownWatch;

    /**
     * Made by the runtime: {@code owners[i]} is the thread that runs {@code loops[i]}; {@code watch} is what its
     * shutdown tells first.
     */
    public WorkerLoops(Runtime runtime, EventLoop[] loops, Thread[] owners, ShutdownWatch watch) {
        this.runtime = runtime;
        this.loops = loops.clone();
        this.owners = owners.clone();
        this.shutdownWatch = Objects.requireNonNull(watch, "watch");
    }

    /** What the runtime's shutdown tells first: listeners and accepted streams add themselves. */
    public ShutdownWatch shutdownWatch() {
        return shutdownWatch;
    }

    /** True once the runtime's close has finished: its loops are closed, so its sockets and files are too. */
    public boolean runtimeTerminated() {
        return runtime.isTerminated();
    }

    /** Called once, by {@code Runtime}'s static initializer; refused after that. */
    public static void register(Access a) {
        Objects.requireNonNull(a, "access");
        synchronized (WorkerLoops.class) {
            if (access != null) {
                throw new IllegalStateException("runtime access is registered already");
            }
            access = a;
        }
    }

    /** The loops of {@code rt}; any thread, including its own workers. */
    public static WorkerLoops of(Runtime rt) {
        Objects.requireNonNull(rt, "runtime");
        return access.workerLoops(rt); // non-null: a Runtime instance exists, so its class is initialized
    }

    /** The runtime these loops belong to. */
    public Runtime runtime() {
        return runtime;
    }

    /** The runtime of the calling task, or an exception naming the fix. */
    public static Runtime currentRuntime() {
        Runtime rt = Runtime.current();
        if (rt == null) {
            throw new IllegalStateException("no Zokio runtime on this thread: pass a Runtime explicitly or call from "
                    + "a task spawned on one");
        }
        return rt;
    }

    public int workers() {
        return loops.length;
    }

    public EventLoop loop(int worker) {
        return loops[worker];
    }

    /**
     * A worker for a new socket: the caller's own (a worker thread, or a virtual thread carried by one),
     * else round robin.
     */
    public int pickWorker() {
        int w = callerWorker();
        return w >= 0 ? w : Math.floorMod(nextWorker.getAndIncrement(), loops.length);
    }

    public int checkWorker(int worker) {
        if (worker < 0 || worker >= loops.length) {
            throw new IllegalArgumentException("worker must be in 0.." + (loops.length - 1) + ": " + worker);
        }
        return worker;
    }

    /** The worker whose thread runs the caller (directly or as its virtual thread's carrier), or -1. */
    public int callerWorker() {
        Thread c = Carriers.current();
        if (c == null) {
            return -1;
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** True when the caller may use {@code worker}'s loop directly: it is that loop's thread or runs on it. */
    public boolean onLoopThread(int worker) {
        Thread t = Thread.currentThread();
        Thread owner = owners[worker];
        return t == owner || (t.isVirtual() && Carriers.current() == owner);
    }

    /** True on any worker thread of this runtime proper (not a virtual thread): blocking there stalls a loop. */
    public boolean onWorkerPlatformThread() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            return false;
        }
        for (Thread o : owners) {
            if (o == t) {
                return true;
            }
        }
        return false;
    }

    /** Code run on a loop thread. */
    @FunctionalInterface
    public interface LoopCall<T> {
        T call(EventLoop loop) throws Exception;
    }

    /**
     * Runs {@code call} on {@code worker}'s loop: in place when the caller already runs there, else through
     * {@link Runtime#onLoop} (parks a virtual thread).
     */
    public <T> T call(int worker, LoopCall<T> call) throws IOException {
        if (onLoopThread(worker)) {
            try {
                return call.call(loops[worker]);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        if (onWorkerPlatformThread()) {
            throw new IllegalStateException("blocking socket call on event-loop thread "
                    + Thread.currentThread().getName() + " for another worker's socket: use the async API");
        }
        try {
            return runtime.onLoop(worker, call::call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } catch (RejectedExecutionException e) {
            throw new io.zokio.runtime.RuntimeClosedException(e);
        }
    }
}
