package io.zokio.bench;

import io.zokio.loop.BackendKind;
import io.zokio.loop.EventLoop;
import io.zokio.loop.IdleMode;

/** <b>Threading:</b> immutable; any thread. The Zokio implementations every bench measures: one per backend. */
public enum ZokioImpl {
    URING("zokio-uring", BackendKind.IO_URING),
    NIO("zokio-nio", BackendKind.NIO);

    private final String implName;
    private final BackendKind kind;

    ZokioImpl(String implName, BackendKind kind) {
        this.implName = implName;
        this.kind = kind;
    }

    /** The {@code impl=} value. */
    public String implName() {
        return implName;
    }

    public BackendKind kind() {
        return kind;
    }

    /** The backend argument of the echo server example. */
    public String serverArg() {
        return this == URING ? "uring" : "nio";
    }

    /**
     * Opens a loop on this backend (never falling back to another).
     *
     * @throws Unavailable with the reason when the backend cannot be opened here
     */
    public EventLoop open(IdleMode idleMode) throws Unavailable {
        try {
            return EventLoop.builder().backend(kind).idleMode(idleMode).build();
        } catch (RuntimeException | LinkageError e) {
            throw new Unavailable(implName + " cannot open its event loop: " + Reporter.reason(e), e);
        }
    }

    /** An implementation cannot run in this environment; the message is the reason printed with {@code skipped=}. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

        public Unavailable(String message) {
            super(message);
        }
    }
}
