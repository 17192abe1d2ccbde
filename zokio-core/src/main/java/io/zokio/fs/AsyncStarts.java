package io.zokio.fs;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * <b>Threading:</b> any thread; {@link #start} never blocks.
 *
 * <p>The asynchronous style of one {@link AsyncFile}: enters the file's use count, picks the loop, prepares an
 * {@link AsyncOp} and hands it over. The op holds the use count until its completion, so a concurrent close
 * waits for it (see {@link UseCount}).
 */
final class AsyncStarts {
    private final AsyncFile file;
    private final Runtime rt;
    private final int worker;
    /** Descriptors are process-wide (io_uring), so any loop may run an operation. */
    private final boolean anyLoop;
    /** Round-robin cursor of {@link #loopFor} for outside threads; racy on purpose (a lost update only skews it). */
    private int cursor;

    AsyncStarts(AsyncFile file, Runtime rt, int worker, boolean anyLoop) {
        this.file = file;
        this.rt = rt;
        this.worker = worker;
        this.anyLoop = anyLoop;
    }

    /**
     * Starts one operation: {@code prep} fills the op's completion. The future fails with
     * {@link ClosedChannelException} for a closed file and {@link RuntimeClosedException} once the runtime is shut down.
     */
    CompletableFuture<Integer> start(String syscall, int mapping, Consumer<AsyncOp> prep) {
        if (rt.isClosed()) {
            return CompletableFuture.failedFuture(new RuntimeClosedException());
        }
        WorkerLoops loops = WorkerLoops.of(rt);
        UseCount use = file.use();
        if (!use.enter()) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        AsyncOp op = new AsyncOp(loops.loop(loopFor(loops)), use, syscall, file.path(), mapping);
        try {
            prep.accept(op);
            file.useSlot(op.completion);
        } catch (RuntimeException e) {
            use.exit();
            throw e;
        }
        return op.start();
    }

    /**
     * The worker whose loop runs an asynchronous operation. On NIO the file's own (its descriptor is that loop's
     * handle). On io_uring, where descriptors are process-wide: the caller's loop when it is a loop thread (a
     * completion chaining the next operation stays on its loop), otherwise the workers in turn, so that chains
     * started from one outside thread spread over the rings instead of all landing on the file's worker.
     */
    private int loopFor(WorkerLoops loops) {
        int n = loops.workers();
        if (!anyLoop || n == 1) {
            return worker;
        }
        for (int i = 0; i < n; i++) {
            if (loops.loop(i).inLoopThread()) {
                return i;
            }
        }
        return Math.floorMod(cursor++, n);
    }
}
