package io.zokio.loop.nio;

import io.zokio.loop.SocketCalls;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The NIO backend's {@link SocketCalls}: channels in the backend's handle table, named by their index.
 *
 * <p><b>Threading:</b> the owning loop's thread (the handle table is not thread-safe).
 */
final class NioSocketCalls implements SocketCalls {
    private final NioBackend backend;
    private final SocketDriver sockets;
    private final FileDriver files;
    private final HandleTable table;

    NioSocketCalls(NioBackend backend, SocketDriver sockets, FileDriver files, HandleTable table) {
        this.backend = backend;
        this.sockets = sockets;
        this.files = files;
        this.table = table;
    }

    @Override
    public int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        backend.checkOpen();
        return sockets.openListener(address, backlog, reusePort);
    }

    @Override
    public int openUdpSocket(InetSocketAddress address) throws IOException {
        backend.checkOpen();
        return sockets.openUdp(address);
    }

    @Override
    public int openTcpSocket(boolean ipv6) throws IOException {
        backend.checkOpen();
        return sockets.openSocket(ipv6);
    }

    @Override
    public int openUnixListener(UnixAddress address, int backlog) throws IOException {
        backend.checkOpen();
        return sockets.openUnixListener(address, backlog);
    }

    /** @throws UnsupportedOperationException for an abstract-namespace peer, which the JDK cannot express */
    @Override
    public int openUnixSocket(UnixAddress peer) throws IOException {
        backend.checkOpen();
        return sockets.openUnixSocket(peer);
    }

    @Override
    public UnixAddress unixLocalAddress(int fd) throws IOException {
        return sockets.unixLocalAddress(fd);
    }

    @Override
    public UnixAddress unixRemoteAddress(int fd) throws IOException {
        return sockets.unixRemoteAddress(fd);
    }

    @Override
    public void setSocketOption(int fd, SockOpt option, int value) throws IOException {
        sockets.setOption(fd, option, value);
    }

    @Override
    public int getSocketOption(int fd, SockOpt option) throws IOException {
        return sockets.getOption(fd, option);
    }

    @Override
    public InetSocketAddress localAddress(int fd) throws IOException {
        return sockets.localAddress(fd);
    }

    @Override
    public InetSocketAddress remoteAddress(int fd) throws IOException {
        return sockets.remoteAddress(fd);
    }

    /** A socket's waiters get -ECANCELED in the next poll; a file's operations already in the pool finish first. */
    @Override
    public void closeNow(int fd) throws IOException {
        Handle h = table.get(fd);
        if (h == null) {
            throw new ErrnoException("close", Errno.EBADF);
        }
        if (h.isSocket()) {
            ErrnoException.check("close", sockets.close(h));
            return;
        }
        try {
            files.closeNow(h);
        } catch (IOException e) {
            throw NioErrno.exception("close", e);
        }
    }
}
