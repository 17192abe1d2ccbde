package io.zokio.bridge;

import io.zokio.net.SocketStream;
import io.zokio.net.TcpStream;
import io.zokio.net.UnixStream;
import io.zokio.runtime.Runtime;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * Connecting a {@link ZokioSocket} and speaking the JDK socket's exception language: what the stream reports
 * (errno values, closed channels) becomes the {@link SocketException} family a {@code java.net.Socket} user
 * catches, with the original as the cause.
 *
 * <p><b>Threading:</b> stateless.
 */
final class Connects {
    private Connects() {
    }

    /**
     * Connects to {@code address}, resolving it first when it is unresolved (the JDK's resolver, so
     * {@code /etc/hosts} applies; each address in turn until one accepts).
     */
    static TcpStream connect(Runtime rt, InetSocketAddress address, Duration timeout) throws IOException {
        InetAddress[] candidates;
        if (address.isUnresolved()) {
            candidates = InetAddress.getAllByName(address.getHostString()); // UnknownHostException names the host
        } else {
            candidates = new InetAddress[] {address.getAddress()};
        }
        IOException last = null;
        for (InetAddress a : candidates) {
            InetSocketAddress target = new InetSocketAddress(a, address.getPort());
            try {
                return TcpStream.connect(rt, target, timeout);
            } catch (IOException e) {
                // the stream's connect already names the address in a ConnectException or NoRouteToHostException
                last = socketException(e);
            }
        }
        if (last == null) {
            throw new UnknownHostException(address.getHostString());
        }
        throw last;
    }

    /**
     * Connects to the Unix domain socket at {@code path}; failures as {@link UnixStream#connect} reports them
     * ({@link ConnectException} for a missing file or no listener, naming the path), else "Socket" exceptions.
     */
    static UnixStream connect(Runtime rt, UnixDomainSocketAddress path, Duration timeout) throws IOException {
        try {
            return UnixStream.connect(rt, UnixAddress.of(path), timeout);
        } catch (IOException e) {
            throw socketException(e);
        }
    }

    /** The peer's address: an {@link InetSocketAddress}, or a {@link UnixDomainSocketAddress}. */
    static SocketAddress remoteAddress(SocketStream s) throws IOException {
        return switch (s) {
            case TcpStream t -> t.remoteAddress();
            case UnixStream u -> u.remoteAddress();
        };
    }

    /** The local address: an {@link InetSocketAddress}, or a {@link UnixDomainSocketAddress} (empty: unbound). */
    static SocketAddress localAddress(SocketStream s) throws IOException {
        return switch (s) {
            case TcpStream t -> t.localAddress();
            case UnixStream u -> u.localAddress();
        };
    }

    /**
     * The exception a {@code java.net.Socket} user expects for {@code e} from a read, write or option call:
     * a closed stream is "Socket closed", a reset "Connection reset", a broken pipe "Broken pipe"; timeouts and
     * socket exceptions pass unchanged.
     */
    static IOException socketException(IOException e) {
        if (e instanceof SocketException || e instanceof SocketTimeoutException) {
            return e;
        }
        SocketException s;
        if (e instanceof ClosedChannelException) {
            s = new SocketException("Socket closed");
        } else if (e instanceof ErrnoException x && x.errno() == Errno.ECONNRESET) {
            s = new SocketException("Connection reset");
        } else if (e instanceof ErrnoException x && x.errno() == Errno.EPIPE) {
            s = new SocketException("Broken pipe");
        } else {
            s = new SocketException(e.getMessage());
        }
        s.initCause(e);
        return s;
    }

    /**
     * Applies an option the stream has ({@link PendingOptions#appliesTo}); the others ({@code SO_REUSEADDR}, and
     * the TCP ones on a Unix domain stream) are only recorded.
     */
    static <T> void apply(SocketStream stream, SocketOption<T> name, T value) throws SocketException {
        if (!PendingOptions.appliesTo(stream, name)) {
            return;
        }
        try {
            if (name == StandardSocketOptions.SO_SNDBUF) {
                stream.setSendBufferSize((Integer) value);
            } else if (name == StandardSocketOptions.SO_RCVBUF) {
                stream.setReceiveBufferSize((Integer) value);
            } else {
                applyTcp((TcpStream) stream, name, value);
            }
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    private static <T> void applyTcp(TcpStream s, SocketOption<T> name, T value) throws IOException {
        if (name == StandardSocketOptions.TCP_NODELAY) {
            s.setNoDelay((Boolean) value);
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            s.setKeepAlive((Boolean) value);
        } else if (name == StandardSocketOptions.SO_LINGER) {
            int v = (Integer) value;
            s.setLinger(v < 0 ? null : Duration.ofSeconds(v));
        }
    }

    /** Reads an option the connected stream has ({@link PendingOptions#appliesTo}). */
    @SuppressWarnings("unchecked")
    static <T> T read(SocketStream stream, SocketOption<T> name) throws SocketException {
        try {
            Object v;
            if (name == StandardSocketOptions.SO_SNDBUF) {
                v = stream.sendBufferSize();
            } else if (name == StandardSocketOptions.SO_RCVBUF) {
                v = stream.receiveBufferSize();
            } else {
                TcpStream s = (TcpStream) stream;
                if (name == StandardSocketOptions.TCP_NODELAY) {
                    v = s.noDelay();
                } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
                    v = s.keepAlive();
                } else {
                    v = s.linger();
                }
            }
            return (T) v;
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    private static SocketException asSocketException(IOException e) {
        IOException m = socketException(e);
        if (m instanceof SocketException s) {
            return s;
        }
        SocketException s = new SocketException(m.getMessage());
        s.initCause(e);
        return s;
    }
}
