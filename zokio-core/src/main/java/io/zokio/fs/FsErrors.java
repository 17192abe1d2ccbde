package io.zokio.fs;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;

/** Turns negated errno results into the exceptions the public API throws. Stateless; any thread. */
final class FsErrors {
    private FsErrors() {
    }

    /**
     * The exception for {@code result < 0} of {@code syscall} on {@code path}: an {@link InterruptedIOException}
     * when the caller's interrupt cancelled it, else an {@link ErrnoException} with the syscall, the errno and
     * the path (and, for descriptor exhaustion, what limit was hit).
     */
    static IOException of(String syscall, int result, Path path) {
        int errno = -result;
        if (errno == Errno.ECANCELED && Thread.currentThread().isInterrupted()) {
            InterruptedIOException e = new InterruptedIOException(syscall + " of " + path + " interrupted");
            e.bytesTransferred = 0;
            return e;
        }
        String detail = switch (errno) {
            case Errno.EMFILE -> path + ": too many open files in this process (RLIMIT_NOFILE, ulimit -n)";
            case Errno.ENFILE -> path + ": the system-wide open file table is full (fs.file-max)";
            default -> String.valueOf(path);
        };
        return new ErrnoException(syscall, errno, detail);
    }

    /** Throws for a negative result, returns it otherwise. */
    static int check(String syscall, int result, Path path) throws IOException {
        if (result < 0) {
            throw of(syscall, result, path);
        }
        return result;
    }
}
