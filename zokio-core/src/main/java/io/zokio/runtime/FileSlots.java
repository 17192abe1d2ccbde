package io.zokio.runtime;

import io.zokio.loop.EventLoop;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * <b>Threading:</b> any thread. {@link #register} waits (a virtual thread parks) for every worker's loop and
 * must not run on a worker thread; {@link #unregister} never blocks and may run anywhere, a loop thread included.
 *
 * <p>The runtime's registered-file indices. A runtime has one loop per worker
 * and an operation runs on whichever worker's loop its caller submits to, so a registered descriptor sits at
 * the <em>same</em> index of <em>every</em> worker's table: an operation marked {@code fixedFile(index)} then
 * finds its file on any loop. Each worker's table is a sparse one of {@code size} slots
 * ({@link EventLoop#registerFileSlots}), registered on first use; entries are filled and emptied one at a time
 * ({@link EventLoop#updateFileSlot}) on each loop's own thread.
 *
 * <p>Invariants: an index is handed out only after every worker's entry holds the descriptor, and taken back
 * into the free set only after every worker's entry was emptied, so two descriptors never share an index on
 * any loop. Callers unregister only when no operation naming the index is in flight or will be submitted (the
 * file and socket close protocols guarantee that); operations already in a loop keep their file anyway.
 * Failures are soft: a full table, a disabled table (size 0) or a kernel refusal makes {@link #register}
 * return -1 and the caller uses the plain descriptor.
 */
final class FileSlots {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");

    private final Runtime rt;
    private final int size;
    /** Serializes the one-time table registration; never taken on a loop thread. */
    private final ReentrantLock setup = new ReentrantLock();
    /** Indices in use or still being emptied; guarded by its own monitor (short sections, loop threads too). */
    private final BitSet taken = new BitSet();
    /** Indices whose descriptor is registered on every worker (a subset of taken); same monitor. */
    private final BitSet filled = new BitSet();
    private final AtomicInteger registered = new AtomicInteger();
    /** Set once under {@link #setup}: the worker loops whose tables exist; null until then. */
    private volatile EventLoop[] loops;
    /** Set once under {@link #setup}: why no table exists (disabled or refused); null while usable. */
    private volatile String unavailable;

    FileSlots(Runtime rt, int size) {
        this.rt = rt;
        this.size = size;
        this.unavailable = size == 0 ? "disabled (registeredFileSlots(0))" : null;
    }

    int size() {
        return size;
    }

    /** Descriptors registered now. */
    int registered() {
        return registered.get();
    }

    /** Why registration is unavailable (disabled or refused by the kernel), or null. */
    String unavailable() {
        return unavailable;
    }

    /**
     * Registers {@code fd} at one free index of every worker's table; returns the index, or -1 when the table
     * is full, disabled or refused (then nothing stays registered).
     */
    int register(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must not be negative: " + fd);
        }
        Runtime.checkNotOnLoopThread("registerFile()");
        EventLoop[] ls = tables();
        if (ls == null) {
            return -1;
        }
        int index;
        synchronized (taken) {
            index = taken.nextClearBit(0);
            if (index >= size) {
                return -1; // full: the caller goes on with its plain descriptor
            }
            taken.set(index);
        }
        CompletableFuture<?>[] fills = new CompletableFuture<?>[ls.length];
        for (int i = 0; i < ls.length; i++) {
            fills[i] = onLoop(ls[i], l -> l.updateFileSlot(index, fd));
        }
        Throwable failure = null;
        for (CompletableFuture<?> f : fills) {
            try {
                f.join(); // uninterruptible: the fill runs on the loop whatever happens here
            } catch (CompletionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            LOG.log(System.Logger.Level.DEBUG, "registering descriptor {0} at index {1} failed: {2}", fd, index,
                    failure.toString());
            empty(ls, index);
            return -1;
        }
        synchronized (taken) {
            filled.set(index);
        }
        registered.incrementAndGet();
        return index;
    }

    /**
     * Empties {@code index} on every worker; the future completes once all are empty (the index is then free).
     * Never blocks.
     */
    CompletableFuture<Void> unregister(int index) {
        EventLoop[] ls = loops;
        synchronized (taken) {
            if (ls == null || index < 0 || index >= size || !filled.get(index)) {
                throw new IllegalArgumentException("not a registered-file index of this runtime: " + index);
            }
            filled.clear(index);
        }
        registered.decrementAndGet();
        return empty(ls, index);
    }

    private CompletableFuture<Void> empty(EventLoop[] ls, int index) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(ls.length);
        Runnable oneDone = () -> {
            if (left.decrementAndGet() == 0) {
                synchronized (taken) {
                    taken.clear(index); // every worker's entry is empty: the index may be handed out again
                }
                done.complete(null);
            }
        };
        for (EventLoop l : ls) {
            try {
                l.execute(() -> {
                    try {
                        l.updateFileSlot(index, -1);
                    } catch (Exception e) { // a closing loop: its ring, and the table with it, goes away anyway
                        LOG.log(System.Logger.Level.DEBUG, "emptying registered-file index {0}: {1}", index,
                                e.toString());
                    }
                    oneDone.run();
                });
            } catch (RejectedExecutionException closed) {
                oneDone.run(); // the loop is closed: no table left to empty
            }
        }
        return done;
    }

    /** The loops with their tables registered, registering them on first use; null when unavailable. */
    private EventLoop[] tables() {
        EventLoop[] ls = loops;
        if (ls != null || unavailable != null) {
            return ls;
        }
        setup.lock();
        try {
            if (loops != null || unavailable != null) {
                return loops;
            }
            int n = rt.workers();
            EventLoop[] all = new EventLoop[n];
            for (int i = 0; i < n; i++) {
                all[i] = rt.worker(i).loop;
            }
            for (int i = 0; i < n; i++) {
                try {
                    onLoop(all[i], l -> l.registerFileSlots(size)).join();
                } catch (CompletionException e) {
                    for (int j = 0; j < i; j++) {
                        try {
                            onLoop(all[j], EventLoop::unregisterFiles).join();
                        } catch (CompletionException ignored) {
                            // a closing loop drops its table with its ring
                        }
                    }
                    unavailable = "worker " + i + " refused a table of " + size + " slots: " + e.getCause();
                    LOG.log(System.Logger.Level.INFO, "registered files unavailable, descriptors are used as they "
                            + "are: {0}", unavailable);
                    return null;
                }
            }
            loops = all;
            return all;
        } finally {
            setup.unlock();
        }
    }

    /** A loop-thread step that may throw a checked exception. */
    @FunctionalInterface
    private interface LoopStep {
        void run(EventLoop loop) throws Exception;
    }

    /** Runs {@code step} on {@code loop}'s thread; the future fails with what it threw, or when the loop is closed. */
    private static CompletableFuture<Void> onLoop(EventLoop loop, LoopStep step) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    step.run(loop);
                    f.complete(null);
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }
}
