package io.zokio.sys;

import java.io.IOException;

/**
 * A kernel (or kernel-equivalent) failure surfaced at the API edge: names the syscall or operation and the
 * errno. Inside the loop failures travel as negated errno results; this is what the edge throws.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final int errno;

    /**
     * @param syscall the syscall or operation that failed, e.g. {@code "io_uring_setup"} or {@code "connect"}
     * @param errno the errno, positive or negated
     */
    public ErrnoException(String syscall, int errno) {
        this(syscall, errno, null);
    }

    public ErrnoException(String syscall, int errno, String detail) {
        super(syscall + " failed: " + Errno.name(errno) + " (errno " + Math.abs(errno) + ")"
                + (detail == null ? "" : ": " + detail));
        this.syscall = syscall;
        this.errno = Math.abs(errno);
    }

    /** The syscall or operation that failed. */
    public String syscall() {
        return syscall;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /**
     * The errno behind {@code t}: its own when it is an {@code ErrnoException}, else that of the first
     * {@code ErrnoException} in its cause chain (the typed exceptions of the API edge, such as
     * {@link java.net.ConnectException} or {@link java.net.BindException}, carry one as their cause); 0 when
     * there is none.
     */
    public static int errnoOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ErrnoException e) {
                return e.errno();
            }
        }
        return 0;
    }

    /** Throws an {@code ErrnoException} when {@code result < 0}; returns {@code result} otherwise. */
    public static int check(String syscall, int result) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(syscall, result);
        }
        return result;
    }
}
