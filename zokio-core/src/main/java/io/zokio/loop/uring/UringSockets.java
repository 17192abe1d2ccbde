package io.zokio.loop.uring;

import io.zokio.loop.InlineSocketCalls;
import io.zokio.loop.SocketCalls;
import io.zokio.loop.uring.ffi.SocketOps;
import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * The io_uring backend's {@link SocketCalls}: plain syscalls through the FFM binding on kernel descriptors.
 * Every socket it creates is recorded as owned by its backend, which closes what the application left open.
 *
 * <p><b>Threading:</b> as {@link SocketCalls}; the owner table is thread-safe.
 */
final class UringSockets implements SocketCalls, InlineSocketCalls {
    private final SocketOps sockets = new SocketOps();
    private final Object owner;

    UringSockets(Object owner) {
        this.owner = owner;
    }

    @Override
    public int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        return owned(sockets.openTcpListener(address, backlog, reusePort));
    }

    @Override
    public int openTcpSocket(boolean ipv6) throws IOException {
        return owned(sockets.openTcpSocket(ipv6));
    }

    @Override
    public int openUdpSocket(InetSocketAddress address) throws IOException {
        return owned(sockets.openUdpSocket(address));
    }

    @Override
    public int openUnixListener(UnixAddress address, int backlog) throws IOException {
        return owned(sockets.openUnixListener(address, backlog));
    }

    /** Any path or abstract name: the kernel takes both. */
    @Override
    public int openUnixSocket(UnixAddress peer) throws IOException {
        return owned(sockets.openUnixSocket());
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

    @Override
    public long sendNow(int fd, MemorySegment src, long length) {
        return sockets.sendNow(fd, src, length);
    }

    @Override
    public long recvNow(int fd, MemorySegment dst, long length) {
        return sockets.recvNow(fd, dst, length);
    }

    @Override
    public void closeNow(int fd) throws IOException {
        OwnedDescriptors.releasing(fd);
        sockets.close(fd);
    }

    /** Closes a descriptor the application left open, at backend close. */
    void closeLeftOpen(int fd) throws IOException {
        sockets.close(fd);
    }

    private int owned(int fd) {
        OwnedDescriptors.opened(fd, owner);
        return fd;
    }
}
