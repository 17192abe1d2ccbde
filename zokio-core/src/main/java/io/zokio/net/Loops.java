package io.zokio.net;

import io.zokio.loop.EventLoop;
import io.zokio.loop.internal.Carriers;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> immutable after {@link #of}; every method may be called from any thread.
 *
 * <p>The worker loops of one {@link Runtime} and the threads that own them, captured once per runtime through
 * {@link Runtime#onLoop} (the runtime's public API) so that sockets can hand work to their loop with
 * {@link EventLoop#execute} without blocking, and can tell whether the caller already runs on that loop.
 */
final class Loops {
    /**
     * Loops per live runtime. Not a WeakHashMap: the value reaches its key (worker threads reference their
     * runtime), so entries would never clear; closed runtimes are purged on every lookup instead.
     */
    private static final Map<Runtime, Loops> BY_RUNTIME = new HashMap<>();

    final Runtime runtime;
    private final EventLoop[] loops;
    private final Thread[] owners;
    private final AtomicInteger nextWorker = new AtomicInteger();

    private Loops(Runtime runtime, EventLoop[] loops, Thread[] owners) {
        this.runtime = runtime;
        this.loops = loops;
        this.owners = owners;
    }

    /**
     * The loops of {@code rt}. The first call per runtime visits each worker once, so it must not run on a
     * worker thread (it would wait for its own loop).
     */
    static Loops of(Runtime rt) {
        Objects.requireNonNull(rt, "runtime");
        synchronized (BY_RUNTIME) {
            Loops l = BY_RUNTIME.get(rt);
            if (l != null) {
                return l;
            }
            BY_RUNTIME.keySet().removeIf(Runtime::isClosed);
        }
        if (rt.isClosed()) {
            throw new IllegalStateException("runtime is shut down");
        }
        int n = rt.workers();
        EventLoop[] loops = new EventLoop[n];
        Thread[] owners = new Thread[n];
        for (int i = 0; i < n; i++) {
            final int w = i;
            try {
                rt.onLoop(i, loop -> {
                    loops[w] = loop;
                    owners[w] = Thread.currentThread();
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while looking up the runtime's loops", e);
            } catch (CompletionException e) {
                throw new IllegalStateException("cannot reach worker " + i + ": " + e.getCause(), e.getCause());
            }
        }
        synchronized (BY_RUNTIME) {
            // onLoop's completion is the happens-before edge for the arrays; the monitor publishes the holder
            return BY_RUNTIME.computeIfAbsent(rt, r -> new Loops(r, loops, owners));
        }
    }

    /** The runtime of the calling task, or an exception naming the fix. */
    static Runtime currentRuntime() {
        Runtime rt = Runtime.current();
        if (rt == null) {
            throw new IllegalStateException("no Zokio runtime on this thread: pass a Runtime explicitly or call from "
                    + "a task spawned on one");
        }
        return rt;
    }

    int workers() {
        return loops.length;
    }

    EventLoop loop(int worker) {
        return loops[worker];
    }

    /**
     * A worker for a new socket: the caller's own (a worker thread, or a virtual thread carried by one),
     * else round robin.
     */
    int pickWorker() {
        int w = callerWorker();
        return w >= 0 ? w : Math.floorMod(nextWorker.getAndIncrement(), loops.length);
    }

    int checkWorker(int worker) {
        if (worker < 0 || worker >= loops.length) {
            throw new IllegalArgumentException("worker must be in 0.." + (loops.length - 1) + ": " + worker);
        }
        return worker;
    }

    /** The worker whose thread runs the caller (directly or as its virtual thread's carrier), or -1. */
    int callerWorker() {
        Thread t = Thread.currentThread();
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
    boolean onLoopThread(int worker) {
        Thread t = Thread.currentThread();
        Thread owner = owners[worker];
        return t == owner || (t.isVirtual() && Carriers.current() == owner);
    }

    /** True on any worker thread of this runtime proper (not a virtual thread): blocking there stalls a loop. */
    boolean onWorkerPlatformThread() {
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
    interface LoopCall<T> {
        T call(EventLoop loop) throws Exception;
    }

    /**
     * Runs {@code call} on {@code worker}'s loop: in place when the caller already runs there, else through
     * {@link Runtime#onLoop} (parks a virtual thread).
     */
    <T> T call(int worker, LoopCall<T> call) throws IOException {
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
            throw new IOException("runtime is shut down", e);
        }
    }
}
