package io.zokio.fs;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * <b>Threading:</b> created on any thread; {@link #run()} and {@link #onComplete} run on the loop thread.
 * The future is completed on the loop thread, so dependent stages without an executor run there and must not
 * block.
 *
 * <p>One asynchronous file operation: the completion, the future its caller holds, and the descriptor's use
 * count, which it holds from submission to completion (so a concurrent close waits for it). The future
 * completes only when the kernel is done with the operation's buffers.
 *
 * <p>{@link #cancel(boolean)} asks the loop to cancel the operation and returns at once; the future then
 * completes (exceptionally with a {@link java.util.concurrent.CancellationException}, or normally if the
 * operation finished first) when the completion arrives, never earlier, so a buffer is not released while the
 * kernel may still write into it. This differs from {@link CompletableFuture#cancel}, which completes at once.
 */
final class AsyncOp extends CompletableFuture<Integer> implements Callback, Runnable {
    /** Result mapping: a read returns -1 at end of file for a non-empty buffer, as FileChannel does. */
    static final int PLAIN = 0;
    static final int READ = 1;

    final Completion completion = new Completion();
    private final EventLoop loop;
    private final UseCount use;
    private final String syscall;
    private final Path path;
    private final int mapping;
    private volatile boolean cancelRequested;

    AsyncOp(EventLoop loop, UseCount use, String syscall, Path path, int mapping) {
        this.loop = loop;
        this.use = use;
        this.syscall = syscall;
        this.path = path;
        this.mapping = mapping;
    }

    /** Hands the prepared completion to the loop; the caller has entered {@code use} (or passes null). */
    AsyncOp start() {
        completion.callback(this);
        try {
            loop.execute(this);
        } catch (RejectedExecutionException e) {
            exit();
            completeExceptionally(new io.zokio.runtime.RuntimeClosedException(e)); // as the socket API reports it
        }
        return this;
    }

    /** Loop thread: submits. */
    @Override
    public void run() {
        try {
            loop.submit(completion);
        } catch (RuntimeException e) {
            exit();
            completeExceptionally(e);
        }
    }

    @Override
    public Action onComplete(EventLoop l, Completion c, int result) {
        exit();
        if (result >= 0) {
            boolean eof = mapping == READ && result == 0 && c.buffer() != null && c.buffer().byteSize() > 0;
            complete(eof ? -1 : result);
        } else if (cancelRequested && result == -io.zokio.sys.Errno.ECANCELED) {
            super.cancel(false);
        } else {
            completeExceptionally(FsErrors.of(syscall, result, path));
        }
        return Action.DISARM;
    }

    private void exit() {
        if (use != null) {
            use.exit();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        cancelRequested = true;
        try {
            loop.execute(() -> {
                if (completion.isActive()) {
                    loop.submit(new Completion().prepCancel(completion).callback((l, c, r) -> Action.DISARM));
                }
            });
        } catch (RejectedExecutionException closed) {
            // the loop is closing: its close() completes the operation with -ECANCELED
        }
        return true;
    }
}
