package io.zokio.loop.nio;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Maps the exceptions java.nio throws onto the Linux errno the same failure gives through io_uring, so that
 * both backends report identical results. Stateless; any thread.
 *
 * <p>Typed exceptions are mapped by type first. java.nio reports many kernel failures as a plain
 * {@code IOException} (or a {@code FileSystemException} reason) whose message is {@code strerror(errno)}, so the
 * remaining cases match the glibc message text. Anything unrecognised is {@code EIO}.
 */
final class NioErrno {
    private NioErrno() {
    }

    /** The positive errno for {@code t}. */
    static int of(Throwable t) {
        return switch (t) {
            // an op whose channel was closed under it by CLOSE/closeNow: it was cancelled, not misused
            case AsynchronousCloseException e -> Errno.ECANCELED;
            case ClosedChannelException e -> Errno.EBADF;
            case NonReadableChannelException e -> Errno.EBADF; // read(2) on an O_WRONLY fd
            case NonWritableChannelException e -> Errno.EBADF;
            case NotYetConnectedException e -> Errno.ENOTCONN;
            case NotYetBoundException e -> Errno.EINVAL; // accept(2) on a socket that is not listening
            case AlreadyConnectedException e -> Errno.EISCONN;
            case ConnectionPendingException e -> Errno.EALREADY;
            case NoConnectionPendingException e -> Errno.EINVAL;
            case UnresolvedAddressException e -> Errno.EINVAL;
            case UnsupportedAddressTypeException e -> Errno.EINVAL;
            case ErrnoException e -> e.errno();
            case NoSuchFileException e -> Errno.ENOENT;
            case FileAlreadyExistsException e -> Errno.EEXIST;
            case AccessDeniedException e -> Errno.EACCES;
            case NotDirectoryException e -> Errno.ENOTDIR;
            case FileSystemException e -> fromMessage(e.getReason(), Errno.EIO);
            case ConnectException e -> fromMessage(e.getMessage(), Errno.ECONNREFUSED);
            case NoRouteToHostException e -> fromMessage(e.getMessage(), Errno.EHOSTUNREACH);
            case PortUnreachableException e -> Errno.ECONNREFUSED;
            case BindException e -> fromMessage(e.getMessage(), Errno.EADDRINUSE);
            case SocketTimeoutException e -> Errno.ETIMEDOUT;
            case IllegalArgumentException e -> Errno.EINVAL;
            case UnsupportedOperationException e -> Errno.EOPNOTSUPP;
            case OutOfMemoryError e -> Errno.ENOMEM;
            // a buffer of a confined arena touched by a file-pool thread: the address is not usable there
            case WrongThreadException e -> Errno.EFAULT;
            default -> fromMessage(t.getMessage(), Errno.EIO);
        };
    }

    /** The errno whose {@code strerror} text {@code message} contains, else {@code fallback}. */
    static int fromMessage(String message, int fallback) {
        if (message == null) {
            return fallback;
        }
        // order matters where one text contains another ("Too many open files in system")
        if (message.contains("Connection reset")) {
            return Errno.ECONNRESET;
        } else if (message.contains("Broken pipe")) {
            return Errno.EPIPE;
        } else if (message.contains("Connection refused")) {
            return Errno.ECONNREFUSED;
        } else if (message.contains("Too many open files in system")) {
            return Errno.ENFILE;
        } else if (message.contains("Too many open files")) {
            return Errno.EMFILE;
        } else if (message.contains("No such file")) {
            return Errno.ENOENT;
        } else if (message.contains("File exists")) {
            return Errno.EEXIST;
        } else if (message.contains("Permission denied")) {
            return Errno.EACCES;
        } else if (message.contains("Operation not permitted")) {
            return Errno.EPERM;
        } else if (message.contains("Not a directory")) {
            return Errno.ENOTDIR;
        } else if (message.contains("Is a directory")) {
            return Errno.EISDIR;
        } else if (message.contains("Directory not empty")) {
            return FilePathOps.ENOTEMPTY; // e.g. an atomic move onto a non-empty directory
        } else if (message.contains("No space left")) {
            return Errno.ENOSPC;
        } else if (message.contains("File too large")) {
            return Errno.EFBIG;
        } else if (message.contains("File name too long")) {
            return Errno.ENAMETOOLONG;
        } else if (message.contains("Illegal seek")) {
            return Errno.ESPIPE;
        } else if (message.contains("Bad file descriptor")) {
            return Errno.EBADF;
        } else if (message.contains("Invalid argument")) {
            return Errno.EINVAL;
        } else if (message.contains("Transport endpoint is not connected")) {
            return Errno.ENOTCONN;
        } else if (message.contains("Transport endpoint is already connected")) {
            return Errno.EISCONN;
        } else if (message.contains("Connection timed out")) {
            return Errno.ETIMEDOUT;
        } else if (message.contains("Software caused connection abort")) {
            return Errno.ECONNABORTED;
        } else if (message.contains("Network is unreachable")) {
            return Errno.ENETUNREACH;
        } else if (message.contains("No route to host")) {
            return Errno.EHOSTUNREACH;
        } else if (message.contains("Address already in use")) {
            return Errno.EADDRINUSE;
        } else if (message.contains("Cannot assign requested address")) {
            return Errno.EADDRNOTAVAIL;
        } else if (message.contains("Resource temporarily unavailable")) {
            return Errno.EAGAIN;
        } else if (message.contains("Cannot allocate memory")) {
            return Errno.ENOMEM;
        } else if (message.contains("No buffer space available")) {
            return Errno.ENOBUFS;
        }
        return fallback;
    }

    /** The edge form: an {@link ErrnoException} naming {@code operation}, with {@code t} as its cause. */
    static ErrnoException exception(String operation, Throwable t) {
        if (t instanceof ErrnoException e) {
            return e;
        }
        ErrnoException e = new ErrnoException(operation, of(t), t.getMessage());
        e.initCause(t);
        return e;
    }
}
