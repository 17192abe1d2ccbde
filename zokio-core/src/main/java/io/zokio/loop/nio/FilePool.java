package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The bounded thread pool that runs blocking file operations for the NIO backend (what libxev does for epoll).
 *
 * <p><b>Threading:</b> {@link #submit}, {@link #takeDone}, {@link #cancel} and {@link #shutdown} are loop-thread
 * only; {@link #runTask} runs on pool threads.
 *
 * <p><b>Flow:</b> the loop hands an op to a {@link ThreadPoolExecutor} with {@code threads} threads and an
 * {@link ArrayBlockingQueue} (no allocation per op). A pool thread runs it, stores the result, pushes the op on
 * a lock-free done stack and wakes the selector; the loop pops the whole stack, reverses it to submission order
 * and delivers.
 *
 * <p><b>Saturation policy:</b> the loop never hands the executor more than {@code threads + queueCapacity} ops.
 * Beyond that, ops wait in a loop-side FIFO ({@code overflow}) and move into the executor as results come back.
 * Nothing is rejected, lost or run on the loop thread, and an op in the overflow can still be cancelled.
 */
final class FilePool {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    private final int capacity;
    private final Selector selector;
    /** Treiber stack of finished ops. Pool threads push (CAS), the loop takes all (getAndSet). */
    private final AtomicReference<NioOp> done = new AtomicReference<>();
    /** True while the loop may block in select; pool threads wake the selector only then. */
    private volatile boolean loopBlocking;
    // loop thread
    private final WaitList overflow = new WaitList();
    private int outstanding;

    FilePool(int threads, int queueCapacity, Selector selector) {
        this.selector = selector;
        this.capacity = threads + queueCapacity;
        String prefix = "zokio-nio-file-" + POOL_IDS.incrementAndGet() + "-";
        AtomicInteger ids = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, prefix + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true); // an idle loop keeps no file threads
    }

    /** Runs {@code c}'s prepared {@code op} on the pool, or queues it in the overflow when the pool is full. */
    void submit(Completion c, NioOp op) {
        op.pool = this;
        op.completion = c;
        op.finished = false;
        if (!overflow.isEmpty() || !tryExecute(op)) {
            overflow.add(c);
        }
    }

    private boolean tryExecute(NioOp op) {
        if (outstanding >= capacity) {
            return false;
        }
        try {
            executor.execute(op);
        } catch (RejectedExecutionException e) {
            return false; // cannot happen below capacity while running; the overflow keeps the op anyway
        }
        outstanding++;
        return true;
    }

    /** Loop thread: every finished op in completion order (linked through {@code nextDone}), or null. */
    NioOp takeDone() {
        NioOp top = done.getAndSet(null); // pairs with the CAS in runTask(): sees each op's result
        NioOp fifo = null;
        while (top != null) {
            NioOp next = top.nextDone;
            top.nextDone = fifo;
            fifo = top;
            top = next;
            outstanding--;
        }
        refill();
        return fifo;
    }

    private void refill() {
        Completion c;
        while ((c = overflow.peek()) != null && tryExecute(NioBackend.opOf(c))) {
            overflow.poll();
        }
    }

    /**
     * Loop thread: cancels {@code c} if it has not started. Returns 0 (cancelled: the caller completes it
     * {@code -ECANCELED}), {@code -EALREADY} (running: it keeps its real result) or {@code -ENOENT} (finished).
     */
    int cancel(Completion c) {
        if (overflow.remove(c)) {
            return 0;
        }
        NioOp op = NioBackend.opOf(c);
        if (executor.remove(op)) { // atomic with a worker's take: exactly one of them gets the op
            outstanding--;
            refill();
            return 0;
        }
        return op.finished ? -Errno.ENOENT : -Errno.EALREADY;
    }

    /** Pool thread: runs the op, publishes its result, wakes the loop. Never throws. */
    void runTask(NioOp op) {
        int r;
        try {
            r = FileOps.execute(op);
        } catch (Throwable t) {
            r = -NioErrno.of(t);
        }
        op.result = r;
        op.finished = true;
        NioOp top;
        do {
            top = done.get();
            op.nextDone = top;
        } while (!done.compareAndSet(top, op)); // release: publishes result; pairs with takeDone()'s getAndSet
        // Dekker with blockingSelect(): push (CAS) then read loopBlocking; the loop writes loopBlocking then
        // reads the stack. Both are sequentially consistent, so either the loop sees this op before it blocks
        // or this thread sees it blocking and wakes it. A busy loop is never woken by syscall.
        if (loopBlocking) {
            selector.wakeup();
        }
    }

    /** Loop thread: runs {@code select} unless a result is already waiting, with pool wakeups armed. */
    void blockingSelect(Runnable select) {
        loopBlocking = true;
        try {
            if (done.get() == null) {
                select.run();
            }
        } finally {
            loopBlocking = false;
        }
    }

    /**
     * Loop thread, at close: hands every op that has not started to {@code cancelled}, then waits for the
     * running ones to finish (their results are then in {@link #takeDone}).
     */
    void shutdown(Consumer<Completion> cancelled) {
        List<Runnable> queued = new ArrayList<>();
        executor.getQueue().drainTo(queued);
        for (Runnable r : queued) {
            outstanding--;
            cancelled.accept(((NioOp) r).completion);
        }
        Completion c;
        while ((c = overflow.poll()) != null) {
            cancelled.accept(c);
        }
        executor.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting: a running op still owns its buffer
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
