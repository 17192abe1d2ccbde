package io.zokio.tls;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/** <b>Threading:</b> stateless. Argument checks at the API edge and the one way async calls are run. */
final class ApiChecks {
    private ApiChecks() {
    }

    /** Runs blocking {@code body} as a task of {@code rt} (a virtual thread, never a loop thread). */
    static <T> CompletableFuture<T> async(Runtime rt, Callable<T> body) {
        try {
            return rt.spawn(body).toCompletableFuture();
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RuntimeClosedException(e));
        }
    }

    static void checkReadable(ByteBuffer dst) {
        if (Objects.requireNonNull(dst, "dst").isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
    }

    static void checkTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    static void checkNotOnLoop() {
        if (Runtime.isWorkerThread()) {
            throw new IllegalStateException("a blocking TLS call on event-loop thread " + Thread.currentThread().getName()
                    + " would block the loop: call it from a task (Runtime.spawn) or use the *Async methods");
        }
    }
}
