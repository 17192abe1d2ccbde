package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class NioErrnoTest {
    @Test
    void channelStateExceptions() {
        assertEquals(Errno.EBADF, NioErrno.of(new ClosedChannelException()));
        assertEquals(Errno.ECANCELED, NioErrno.of(new AsynchronousCloseException()));
        assertEquals(Errno.ENOTCONN, NioErrno.of(new NotYetConnectedException()));
    }

    @Test
    void socketMessages() {
        assertEquals(Errno.ECONNRESET, NioErrno.of(new SocketException("Connection reset")));
        assertEquals(Errno.ECONNRESET, NioErrno.of(new IOException("Connection reset by peer")));
        assertEquals(Errno.EPIPE, NioErrno.of(new IOException("Broken pipe")));
        assertEquals(Errno.ECONNREFUSED, NioErrno.of(new ConnectException("Connection refused")));
        assertEquals(Errno.ECONNREFUSED, NioErrno.of(new ConnectException(null)));
        assertEquals(Errno.ETIMEDOUT, NioErrno.of(new ConnectException("Connection timed out")));
        assertEquals(Errno.EADDRINUSE, NioErrno.of(new BindException("Address already in use")));
        assertEquals(Errno.EMFILE, NioErrno.of(new IOException("Too many open files")));
        assertEquals(Errno.ENFILE, NioErrno.of(new IOException("Too many open files in system")));
    }

    @Test
    void fileSystemExceptions() {
        assertEquals(Errno.ENOENT, NioErrno.of(new NoSuchFileException("/x")));
        assertEquals(Errno.EEXIST, NioErrno.of(new FileAlreadyExistsException("/x")));
        assertEquals(Errno.EACCES, NioErrno.of(new AccessDeniedException("/x")));
        assertEquals(Errno.ENOTDIR, NioErrno.of(new NotDirectoryException("/x")));
        assertEquals(Errno.EISDIR, NioErrno.of(new FileSystemException("/x", null, "Is a directory")));
        assertEquals(FilePathOps.ENOTEMPTY, NioErrno.of(new FileSystemException("/a", "/b", "Directory not empty")));
        assertEquals(Errno.ENOSPC, NioErrno.of(new IOException("No space left on device")));
    }

    @Test
    void othersAreEio() {
        assertEquals(Errno.EIO, NioErrno.of(new IOException("something odd")));
        assertEquals(Errno.EIO, NioErrno.of(new IOException()));
        assertEquals(Errno.EINVAL, NioErrno.of(new IllegalArgumentException("READ + APPEND not allowed")));
    }

    @Test
    void edgeExceptionNamesOperationAndErrno() {
        ErrnoException e = NioErrno.exception("connect", new ConnectException("Connection refused"));
        assertEquals("connect", e.syscall());
        assertEquals(Errno.ECONNREFUSED, e.errno());
        ErrnoException same = new ErrnoException("bind", Errno.EADDRINUSE);
        assertEquals(same, NioErrno.exception("other", same));
    }
}
