package io.zokio.loop;

import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The synchronous socket calls of a backend: creating and configuring sockets, reading their addresses, closing
 * them without a completion. Every backend offers them ({@link BackendFeatures#sockets()}).
 *
 * <p><b>Threading:</b> the owning loop's thread, or any thread that owns the descriptor while no operation on it
 * is in flight (the descriptor is the caller's until it hands it to an operation). None of them blocks: sockets
 * are created non-blocking.
 *
 * <p><b>Unix domain sockets</b> ({@code AF_UNIX}, {@code SOCK_STREAM}) take and give {@link UnixAddress}es.
 * Their defaults throw {@link UnsupportedOperationException}, for backends without them (test doubles); both
 * real backends implement them. A backend that cannot express an address (the NIO backend and a Linux
 * abstract-namespace name) throws {@link UnsupportedOperationException} naming the reason from
 * {@link #openUnixListener} and {@link #openUnixSocket}, before anything is submitted.
 */
public interface SocketCalls {
    /** A TCP socket bound to {@code address} and listening, with SO_REUSEADDR on; non-blocking. */
    int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException;

    /** An unconnected non-blocking TCP socket for {@link Op#CONNECT}. */
    int openTcpSocket(boolean ipv6) throws IOException;

    /** A non-blocking UDP socket bound to {@code address} (port 0: ephemeral) for SENDMSG and RECVMSG. */
    int openUdpSocket(InetSocketAddress address) throws IOException;

    void setSocketOption(int fd, SockOpt option, int value) throws IOException;

    int getSocketOption(int fd, SockOpt option) throws IOException;

    InetSocketAddress localAddress(int fd) throws IOException;

    InetSocketAddress remoteAddress(int fd) throws IOException;

    /** Closes a descriptor at once, without a completion. Closing an unknown descriptor throws EBADF. */
    void closeNow(int fd) throws IOException;

    /**
     * A Unix domain stream socket bound to the path or abstract name {@code address} and listening; non-blocking.
     * Nothing is removed first: an existing file at the path fails the bind with EADDRINUSE.
     */
    default int openUnixListener(UnixAddress address, int backlog) throws IOException {
        throw new UnsupportedOperationException("this backend has no Unix domain sockets");
    }

    /**
     * An unconnected non-blocking Unix domain stream socket for {@link Op#CONNECT} to {@code peer} (prepared
     * with {@link Completion#prepConnectUnix}); the backend refuses here a peer it cannot reach.
     */
    default int openUnixSocket(UnixAddress peer) throws IOException {
        throw new UnsupportedOperationException("this backend has no Unix domain sockets");
    }

    /** The address a Unix domain socket is bound to ({@link UnixAddress#unnamed()} when it is not). */
    default UnixAddress unixLocalAddress(int fd) throws IOException {
        throw new UnsupportedOperationException("this backend has no Unix domain sockets");
    }

    /** The address of a connected Unix domain socket's peer (unnamed when the peer never bound). */
    default UnixAddress unixRemoteAddress(int fd) throws IOException {
        throw new UnsupportedOperationException("this backend has no Unix domain sockets");
    }
}
