package io.zokio.loop.nio;

import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The synchronous socket helpers of the NIO backend: opening listeners and sockets and mapping
 * {@link SockOpt} onto {@link StandardSocketOptions}. Stateless; loop thread only. Failures throw
 * {@link io.zokio.sys.ErrnoException} with the operation name and the errno io_uring would report.
 */
final class NioSockets {
    private NioSockets() {
    }

    static ServerSocketChannel listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        ServerSocketChannel ch = open("socket", () -> ServerSocketChannel.open(family(address)));
        String step = "setsockopt";
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            step = "bind";
            ch.bind(address, backlog);
            step = "fcntl";
            ch.configureBlocking(false);
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw NioErrno.exception(step, e);
        }
    }

    /**
     * A non-blocking Unix domain server channel bound to the path {@code address} and listening. Nothing is
     * removed first: an existing file at the path fails the bind (EADDRINUSE).
     *
     * @throws UnsupportedOperationException for an abstract-namespace address (see {@link #unixSocketAddress})
     */
    static ServerSocketChannel unixListen(UnixAddress address, int backlog) throws IOException {
        java.net.UnixDomainSocketAddress a = unixSocketAddress(address);
        ServerSocketChannel ch = open("socket", () -> ServerSocketChannel.open(StandardProtocolFamily.UNIX));
        String step = "bind";
        try {
            ch.bind(a, backlog);
            step = "fcntl";
            ch.configureBlocking(false);
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw NioErrno.exception(step, e);
        }
    }

    /** A non-blocking, unconnected Unix domain channel that will connect to {@code peer}. */
    static SocketChannel unixSocket(UnixAddress peer) throws IOException {
        unixSocketAddress(peer);
        SocketChannel ch = open("socket", () -> SocketChannel.open(StandardProtocolFamily.UNIX));
        try {
            ch.configureBlocking(false);
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw NioErrno.exception("fcntl", e);
        }
    }

    /**
     * The JDK's form of a Unix domain address.
     *
     * @throws UnsupportedOperationException for a Linux abstract-namespace name: the JDK's Unix domain channels
     *         take a {@link java.net.UnixDomainSocketAddress}, which holds a {@link java.nio.file.Path}, and a
     *         path cannot contain the NUL byte an abstract name starts with
     */
    static java.net.UnixDomainSocketAddress unixSocketAddress(UnixAddress address) {
        if (address.isAbstract()) {
            throw new UnsupportedOperationException("the NIO backend cannot use the abstract-namespace address "
                    + address + ": java.net.UnixDomainSocketAddress holds a Path, which cannot contain the leading"
                    + " NUL byte; use the io_uring backend for abstract names");
        }
        return address.toSocketAddress();
    }

    /** A non-blocking UDP channel bound to {@code address}. */
    static DatagramChannel udp(InetSocketAddress address) throws IOException {
        DatagramChannel ch = open("socket",
                () -> DatagramChannel.open(family(address)));
        String step = "bind";
        try {
            ch.bind(address);
            step = "fcntl";
            ch.configureBlocking(false);
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw NioErrno.exception(step, e);
        }
    }

    static SocketChannel socket(boolean ipv6) throws IOException {
        SocketChannel ch = open("socket",
                () -> SocketChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET));
        try {
            ch.configureBlocking(false);
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw NioErrno.exception("fcntl", e);
        }
    }

    static void set(NetworkChannel ch, SockOpt option, int value) throws IOException {
        try {
            switch (option) {
                case TCP_NODELAY -> ch.setOption(StandardSocketOptions.TCP_NODELAY, value != 0);
                case SO_KEEPALIVE -> ch.setOption(StandardSocketOptions.SO_KEEPALIVE, value != 0);
                case SO_RCVBUF -> ch.setOption(StandardSocketOptions.SO_RCVBUF, value);
                case SO_SNDBUF -> ch.setOption(StandardSocketOptions.SO_SNDBUF, value);
                case SO_REUSEADDR -> ch.setOption(StandardSocketOptions.SO_REUSEADDR, value != 0);
                case SO_REUSEPORT -> ch.setOption(StandardSocketOptions.SO_REUSEPORT, value != 0);
                case SO_LINGER -> ch.setOption(StandardSocketOptions.SO_LINGER, value < 0 ? -1 : value);
            }
        } catch (IOException | RuntimeException e) {
            throw NioErrno.exception("setsockopt", e);
        }
    }

    static int get(NetworkChannel ch, SockOpt option) throws IOException {
        try {
            return switch (option) {
                case TCP_NODELAY -> bool(ch, StandardSocketOptions.TCP_NODELAY);
                case SO_KEEPALIVE -> bool(ch, StandardSocketOptions.SO_KEEPALIVE);
                case SO_RCVBUF -> ch.getOption(StandardSocketOptions.SO_RCVBUF);
                case SO_SNDBUF -> ch.getOption(StandardSocketOptions.SO_SNDBUF);
                case SO_REUSEADDR -> bool(ch, StandardSocketOptions.SO_REUSEADDR);
                case SO_REUSEPORT -> bool(ch, StandardSocketOptions.SO_REUSEPORT);
                case SO_LINGER -> ch.getOption(StandardSocketOptions.SO_LINGER); // -1: off
            };
        } catch (IOException | RuntimeException e) {
            throw NioErrno.exception("getsockopt", e);
        }
    }

    private static int bool(NetworkChannel ch, SocketOption<Boolean> option) throws IOException {
        return ch.getOption(option) ? 1 : 0;
    }

    private static StandardProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private interface Opener<T> {
        T open() throws IOException;
    }

    private static <T> T open(String operation, Opener<T> opener) throws IOException {
        try {
            return opener.open();
        } catch (IOException | RuntimeException e) {
            throw NioErrno.exception(operation, e);
        }
    }

    static void closeQuietly(Channel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing at shutdown or after a failure: nothing left to report to
        }
    }
}
