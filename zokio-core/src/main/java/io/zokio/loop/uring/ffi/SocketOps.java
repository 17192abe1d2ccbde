package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;

import io.zokio.sys.ErrnoException;
import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Synchronous socket syscalls on raw descriptors, for the backend's helpers: each throws
 * {@link ErrnoException} naming the syscall. <b>Threading:</b> confined to one thread at a time (it owns an
 * errno buffer and scratch memory): the loop thread, or any thread once the loop is closed.
 */
public final class SocketOps {
    /** Automatic: descriptors outlive the loop, so these helpers keep working after the backend closed. */
    private final Arena arena = Arena.ofAuto();
    /**
     * Unscoped errno buffer: a call does not acquire and release the automatic arena's shared session (two
     * atomic updates, on every inline send and receive). Safe: {@link #arena} is this object's, so its memory
     * stays alive while this object can still call.
     */
    private final Native nat = new Native(arena, true);
    private final MemorySegment addr = arena.allocate(128, 8);
    private final MemorySegment val = arena.allocate(16, 8);
    private final MemorySegment len = arena.allocate(4, 4);

    public SocketOps() {
    }

    /** A non-blocking, close-on-exec TCP listener with SO_REUSEADDR (and SO_REUSEPORT when asked). */
    public int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws ErrnoException {
        int fd = openTcpSocket(address.getAddress() instanceof Inet6Address);
        try {
            setInt(fd, SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
            if (reusePort) {
                setInt(fd, SOL_SOCKET, SO_REUSEPORT, 1, "setsockopt(SO_REUSEPORT)");
            }
            int n = NativeCodec.writeSockAddr(addr, address);
            ErrnoException.check("bind", nat.bind(fd, addr, n));
            ErrnoException.check("listen", nat.listen(fd, backlog));
            return fd;
        } catch (ErrnoException e) {
            nat.close(fd);
            throw e;
        }
    }

    /**
     * A non-blocking, close-on-exec Unix domain stream socket bound to {@code address} and listening. Nothing is
     * removed first: an existing file at the path fails the bind with EADDRINUSE.
     */
    public int openUnixListener(UnixAddress address, int backlog) throws ErrnoException {
        int fd = openUnixSocket();
        try {
            int n = NativeCodec.writeSockAddrUn(addr, address);
            ErrnoException.check("bind", nat.bind(fd, addr, n));
            ErrnoException.check("listen", nat.listen(fd, backlog));
            return fd;
        } catch (ErrnoException | RuntimeException e) {
            nat.close(fd);
            throw e;
        }
    }

    /** A non-blocking, close-on-exec, unbound Unix domain stream socket. */
    public int openUnixSocket() throws ErrnoException {
        return ErrnoException.check("socket", nat.socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    }

    /** The address a Unix domain socket is bound to. */
    public UnixAddress unixLocalAddress(int fd) throws ErrnoException {
        len.set(ValueLayout.JAVA_INT, 0, (int) addr.byteSize());
        ErrnoException.check("getsockname", nat.getsockname(fd, addr, len));
        return NativeCodec.readSockAddrUn(addr, len.get(ValueLayout.JAVA_INT, 0));
    }

    /** The address of a connected Unix domain socket's peer. */
    public UnixAddress unixRemoteAddress(int fd) throws ErrnoException {
        len.set(ValueLayout.JAVA_INT, 0, (int) addr.byteSize());
        ErrnoException.check("getpeername", nat.getpeername(fd, addr, len));
        return NativeCodec.readSockAddrUn(addr, len.get(ValueLayout.JAVA_INT, 0));
    }

    /** A non-blocking, close-on-exec UDP socket bound to {@code address}. */
    public int openUdpSocket(InetSocketAddress address) throws ErrnoException {
        int fd = ErrnoException.check("socket", nat.socket(address.getAddress() instanceof Inet6Address ? AF_INET6
                : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        int n = NativeCodec.writeSockAddr(addr, address);
        int r = nat.bind(fd, addr, n);
        if (r < 0) {
            nat.close(fd);
            throw new ErrnoException("bind", -r);
        }
        return fd;
    }

    /**
     * {@code send(2)} without waiting ({@code MSG_DONTWAIT}) and without {@code SIGPIPE} ({@code MSG_NOSIGNAL}):
     * bytes sent, or a negated errno ({@code -EAGAIN} when the socket's send buffer is full).
     */
    public long sendNow(int fd, MemorySegment src, long length) {
        return nat.send(fd, src, length, IoUringConstants.MSG_DONTWAIT | IoUringConstants.MSG_NOSIGNAL);
    }

    /** {@code recv(2)} without waiting: bytes received, 0 at end of stream, or a negated errno ({@code -EAGAIN}). */
    public long recvNow(int fd, MemorySegment dst, long length) {
        return nat.recv(fd, dst, length, IoUringConstants.MSG_DONTWAIT);
    }

    public int openTcpSocket(boolean ipv6) throws ErrnoException {
        return ErrnoException.check("socket",
                nat.socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    }

    public void setOption(int fd, SockOpt option, int value) throws ErrnoException {
        String name = "setsockopt(" + option + ")";
        if (option == SockOpt.SO_LINGER) {
            val.set(ValueLayout.JAVA_INT, 0, value >= 0 ? 1 : 0); // struct linger { int l_onoff; int l_linger; }
            val.set(ValueLayout.JAVA_INT, 4, Math.max(0, value));
            ErrnoException.check(name, nat.setsockopt(fd, SOL_SOCKET, SO_LINGER, val, 8));
            return;
        }
        setInt(fd, level(option), optName(option), value, name);
    }

    public int getOption(int fd, SockOpt option) throws ErrnoException {
        String name = "getsockopt(" + option + ")";
        len.set(ValueLayout.JAVA_INT, 0, option == SockOpt.SO_LINGER ? 8 : 4);
        if (option == SockOpt.SO_LINGER) {
            ErrnoException.check(name, nat.getsockopt(fd, SOL_SOCKET, SO_LINGER, val, len));
            return val.get(ValueLayout.JAVA_INT, 0) == 0 ? -1 : val.get(ValueLayout.JAVA_INT, 4);
        }
        ErrnoException.check(name, nat.getsockopt(fd, level(option), optName(option), val, len));
        return val.get(ValueLayout.JAVA_INT, 0);
    }

    public InetSocketAddress localAddress(int fd) throws ErrnoException {
        len.set(ValueLayout.JAVA_INT, 0, (int) addr.byteSize());
        ErrnoException.check("getsockname", nat.getsockname(fd, addr, len));
        return NativeCodec.readSockAddr(addr);
    }

    public InetSocketAddress remoteAddress(int fd) throws ErrnoException {
        len.set(ValueLayout.JAVA_INT, 0, (int) addr.byteSize());
        ErrnoException.check("getpeername", nat.getpeername(fd, addr, len));
        return NativeCodec.readSockAddr(addr);
    }

    public void close(int fd) throws ErrnoException {
        ErrnoException.check("close", nat.close(fd));
    }

    private void setInt(int fd, int level, int name, int value, String what) throws ErrnoException {
        val.set(ValueLayout.JAVA_INT, 0, value);
        ErrnoException.check(what, nat.setsockopt(fd, level, name, val, 4));
    }

    private static int level(SockOpt o) {
        return o == SockOpt.TCP_NODELAY ? IPPROTO_TCP : SOL_SOCKET;
    }

    private static int optName(SockOpt o) {
        return switch (o) {
            case TCP_NODELAY -> TCP_NODELAY;
            case SO_KEEPALIVE -> SO_KEEPALIVE;
            case SO_RCVBUF -> SO_RCVBUF;
            case SO_SNDBUF -> SO_SNDBUF;
            case SO_REUSEADDR -> SO_REUSEADDR;
            case SO_REUSEPORT -> SO_REUSEPORT;
            case SO_LINGER -> SO_LINGER;
        };
    }
}
