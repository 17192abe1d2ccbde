package io.zokio.net;

import io.zokio.loop.EventLoop;
import io.zokio.runtime.internal.WorkerLoops;
import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * <b>Threading:</b> stateless. Methods taking an {@link EventLoop} must run on that loop's thread; those taking
 * a {@link SocketCore} get there themselves through {@link WorkerLoops#call} (in place on the loop's thread, else the
 * caller parks) and refuse a closed socket with {@link java.nio.channels.ClosedChannelException}.
 *
 * <p>Every descriptor-level call the net package makes through its loop's {@link io.zokio.loop.SocketCalls}, in one place: opening and binding sockets,
 * socket options, addresses, and closing a descriptor. Operations that go through the ring (receive, send,
 * accept, connect, ...) are not here: they are {@link io.zokio.loop.Completion}s driven by {@link NetOp}.
 */
final class DescriptorCalls {
    private DescriptorCalls() {
    }

    /** A bound descriptor and the address the kernel gave it. */
    record Bound(int fd, InetSocketAddress local) {
    }

    /** Loop thread: a new, unconnected TCP socket. */
    static int openTcpSocket(EventLoop loop, boolean ipv6) throws IOException {
        return loop.sockets().openTcpSocket(ipv6);
    }

    /** Loop thread: a listening TCP socket on {@code address}; closed again if its address cannot be read. */
    static Bound openTcpListener(EventLoop loop, InetSocketAddress address, int backlog, boolean reusePort)
            throws IOException {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        return withLocalAddress(loop, loop.sockets().openTcpListener(address, backlog, reusePort));
    }

    /** Loop thread: a UDP socket bound to {@code address}; closed again if its address cannot be read. */
    static Bound openUdpSocket(EventLoop loop, InetSocketAddress address) throws IOException {
        return withLocalAddress(loop, loop.sockets().openUdpSocket(address));
    }

    /** Loop thread: a listening Unix domain socket on the path or abstract name {@code address}. */
    static int openUnixListener(EventLoop loop, UnixAddress address, int backlog) throws IOException {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        return loop.sockets().openUnixListener(address, backlog);
    }

    /** Loop thread: a new, unconnected Unix domain socket that will connect to {@code peer}. */
    static int openUnixSocket(EventLoop loop, UnixAddress peer) throws IOException {
        return loop.sockets().openUnixSocket(peer);
    }

    static UnixAddress unixLocalAddress(SocketCore core) throws IOException {
        core.checkOpen();
        return core.loops.call(core.worker, loop -> loop.sockets().unixLocalAddress(core.fd));
    }

    static UnixAddress unixRemoteAddress(SocketCore core) throws IOException {
        core.checkOpen();
        return core.loops.call(core.worker, loop -> loop.sockets().unixRemoteAddress(core.fd));
    }

    private static Bound withLocalAddress(EventLoop loop, int fd) throws IOException {
        try {
            return new Bound(fd, loop.sockets().localAddress(fd));
        } catch (IOException | RuntimeException e) {
            loop.sockets().closeNow(fd);
            throw e;
        }
    }

    /** Loop thread: closes {@code fd} at once (no operation may name it any more). */
    static void closeNow(EventLoop loop, int fd) throws IOException {
        loop.sockets().closeNow(fd);
    }

    static void setOption(SocketCore core, SockOpt opt, int value) throws IOException {
        core.checkOpen();
        core.loops.call(core.worker, loop -> {
            loop.sockets().setSocketOption(core.fd, opt, value);
            return null;
        });
    }

    static int option(SocketCore core, SockOpt opt) throws IOException {
        core.checkOpen();
        return core.loops.call(core.worker, loop -> loop.sockets().getSocketOption(core.fd, opt));
    }

    static InetSocketAddress localAddress(SocketCore core) throws IOException {
        core.checkOpen();
        return core.loops.call(core.worker, loop -> loop.sockets().localAddress(core.fd));
    }

    static InetSocketAddress remoteAddress(SocketCore core) throws IOException {
        core.checkOpen();
        return core.loops.call(core.worker, loop -> loop.sockets().remoteAddress(core.fd));
    }
}
