package io.zokio.runtime;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * <b>Threading:</b> any thread. {@link #receive()} parks a virtual thread, blocks a platform thread and
 * throws {@link IllegalStateException} on a worker (event-loop) thread.
 *
 * <p>A channel for exactly one value: the first {@link #send} or {@link #close()} wins; a later send throws
 * {@link ChannelClosedException}. {@link #receive()} returns the value, or throws
 * {@link ChannelClosedException} if the channel was closed without one.
 */
public final class Oneshot<T> {
    private final CompletableFuture<T> value = new CompletableFuture<>();

    /** Delivers {@code v}. */
    public void send(T v) {
        Objects.requireNonNull(v, "value");
        if (!value.complete(v)) {
            throw new ChannelClosedException("oneshot already used");
        }
    }

    /** Closes without a value (e.g. the sender gave up); no effect after a send. */
    public void close() {
        value.completeExceptionally(new ChannelClosedException("oneshot closed without a value"));
    }

    /** Waits for the value. */
    public T receive() throws InterruptedException {
        Runtime.checkNotOnLoopThread("Oneshot.receive()");
        try {
            return value.get();
        } catch (ExecutionException e) {
            throw (ChannelClosedException) e.getCause();
        }
    }

    public boolean isDone() {
        return value.isDone();
    }

    /** A future completed with the value, or exceptionally with {@link ChannelClosedException}. */
    public CompletableFuture<T> toCompletableFuture() {
        return value.copy();
    }
}
