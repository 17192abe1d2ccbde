package io.zokio.runtime;

import java.nio.channels.ClosedChannelException;

/**
 * An I/O call refused because its runtime is shut down: the socket, listener or file may still be open on its
 * own, but the loops that would run the call are closing or gone. A {@link ClosedChannelException}, so code
 * that handles a closed channel handles this too; work handed to the runtime as a task (executor-style
 * submission) is refused with {@link java.util.concurrent.RejectedExecutionException} instead. See the rule in
 * {@link Runtime}'s documentation.
 */
public final class RuntimeClosedException extends ClosedChannelException {
    private static final long serialVersionUID = 1L;

    public RuntimeClosedException() {
    }

    /** With the refusal that revealed the shutdown (usually a {@code RejectedExecutionException}) as the cause. */
    public RuntimeClosedException(Throwable cause) {
        initCause(cause);
    }

    @Override
    public String getMessage() {
        return "runtime is shut down";
    }
}
