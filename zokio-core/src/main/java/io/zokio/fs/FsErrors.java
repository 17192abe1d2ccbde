package io.zokio.fs;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Turns negated errno results into the exceptions the public API throws. Stateless; any thread.
 *
 * <p>The errnos {@code java.nio.file} has a type for become that type, as {@link java.nio.file.Files} throws
 * them, with the path as the file, the syscall and errno as the reason, and the {@link ErrnoException} as the
 * cause:
 * <table>
 *   <caption>errno to exception</caption>
 *   <tr><th>errno</th><th>exception</th></tr>
 *   <tr><td>ENOENT</td><td>{@link NoSuchFileException}</td></tr>
 *   <tr><td>EEXIST</td><td>{@link FileAlreadyExistsException}</td></tr>
 *   <tr><td>EACCES, EPERM</td><td>{@link AccessDeniedException}</td></tr>
 *   <tr><td>ENOTDIR</td><td>{@link NotDirectoryException}</td></tr>
 *   <tr><td>ENOTEMPTY</td><td>{@link DirectoryNotEmptyException}</td></tr>
 *   <tr><td>ECANCELED after the caller's interrupt</td><td>{@link InterruptedIOException}</td></tr>
 *   <tr><td>any other</td><td>{@link ErrnoException} (syscall, errno, path)</td></tr>
 * </table>
 */
final class FsErrors {
    private static final int ENOTEMPTY = 39;

    private FsErrors() {
    }

    /**
     * The exception for {@code result < 0} of {@code syscall} on {@code path}: an {@link InterruptedIOException}
     * when the caller's interrupt cancelled it, a {@code java.nio.file} type as in the class table, else an
     * {@link ErrnoException} with the syscall, the errno and the path (and, for descriptor exhaustion, what limit
     * was hit).
     */
    static IOException of(String syscall, int result, Path path) {
        int errno = Math.abs(result);
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
        return typed(new ErrnoException(syscall, errno, detail), path);
    }

    /**
     * {@code cause} as the {@code java.nio.file} type of its errno (class table) naming {@code path}, with
     * {@code cause} as its cause; {@code cause} itself when the errno has no such type.
     */
    static IOException typed(ErrnoException cause, Path path) {
        int errno = cause.errno();
        String file = String.valueOf(path);
        String reason = cause.syscall() + " failed: " + Errno.name(errno);
        FileSystemException typed = switch (errno) {
            case Errno.ENOENT -> new NoSuchFileException(file, null, reason);
            case Errno.EEXIST -> new FileAlreadyExistsException(file, null, reason);
            case Errno.EACCES, Errno.EPERM -> new AccessDeniedException(file, null, reason);
            case Errno.ENOTDIR -> new NotDirectoryException(file);
            case ENOTEMPTY -> new DirectoryNotEmptyException(file);
            default -> null;
        };
        if (typed == null) {
            return cause;
        }
        typed.initCause(cause);
        return typed;
    }

    /** Throws for a negative result, returns it otherwise. */
    static int check(String syscall, int result, Path path) throws IOException {
        if (result < 0) {
            throw of(syscall, result, path);
        }
        return result;
    }
}
