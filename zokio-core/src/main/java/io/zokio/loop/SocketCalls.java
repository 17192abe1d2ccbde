package io.zokio.loop;

import io.zokio.sys.SockOpt;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The synchronous socket calls of a backend: creating and configuring sockets, reading their addresses, closing
 * them without a completion. Every backend offers them ({@link BackendFeatures#sockets()}).
 *
 * <p><b>Threading:</b> the owning loop's thread, or any thread that owns the descriptor while no operation on it
 * is in flight (the descriptor is the caller's until it hands it to an operation). None of them blocks: sockets
 * are created non-blocking.
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
}
