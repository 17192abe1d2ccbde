package io.zokio.tls;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> lock-free; any thread.
 *
 * <p>Counts the operations inside a stream and whether it is closed, in one atomic int, so that an action
 * ({@code onLast}: giving the buffers back) runs exactly once: when the stream is closed and the last
 * operation left. An operation still waiting in the kernel on a buffer keeps it from the pool until the close
 * has made that operation return.
 */
final class UseCount {
    private static final int CLOSED = 1 << 30;
    private final AtomicInteger state = new AtomicInteger();
    private final Runnable onLast;

    UseCount(Runnable onLast) {
        this.onLast = onLast;
    }

    /** One more operation inside. @throws ClosedChannelException once closed */
    void enter() throws ClosedChannelException {
        int s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                throw new ClosedChannelException();
            }
        } while (!state.compareAndSet(s, s + 1));
    }

    void exit() {
        if (state.decrementAndGet() == CLOSED) {
            onLast.run();
        }
    }

    /**
     * Marks closed and enters (the closer is an operation too, until its {@link #exit}); false, without entering,
     * when already closed.
     */
    boolean closeAndEnter() {
        int s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
        } while (!state.compareAndSet(s, (s | CLOSED) + 1));
        return true;
    }

    boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }
}
