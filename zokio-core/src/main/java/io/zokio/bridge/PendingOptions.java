package io.zokio.bridge;

import io.zokio.net.SocketStream;
import io.zokio.net.TcpStream;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The options of a {@link ZokioSocket}: recorded when set (before connect they wait here), applied to the
 * stream at connect. {@code SO_REUSEADDR} and the traffic class are recorded only (a client socket binds an
 * ephemeral port; Zokio sets no IP_TOS). On a Unix domain stream only the buffer sizes apply: TCP_NODELAY,
 * SO_KEEPALIVE and SO_LINGER mean nothing there and are recorded only ({@link #appliesTo}), so a library that
 * sets them on every socket (the PostgreSQL driver sets TCP_NODELAY) works unchanged.
 *
 * <p><b>Threading:</b> guarded by the socket's state lock.
 */
final class PendingOptions {
    static final Set<SocketOption<?>> APPLIED = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_LINGER);
    static final Set<SocketOption<?>> SUPPORTED = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_REUSEADDR);

    Boolean noDelay;
    Boolean keepAlive;
    Integer sendBuffer;
    Integer receiveBuffer;
    /** Seconds, or -1 for off. */
    Integer linger;
    boolean reuseAddress;
    int trafficClass;

    <T> void set(SocketOption<T> name, T value) {
        Objects.requireNonNull(name, "name");
        if (!SUPPORTED.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        if (value == null) {
            throw new IllegalArgumentException("value of '" + name + "' must not be null");
        }
        if (name == StandardSocketOptions.TCP_NODELAY) {
            noDelay = (Boolean) value;
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            keepAlive = (Boolean) value;
        } else if (name == StandardSocketOptions.SO_SNDBUF) {
            sendBuffer = positive((Integer) value, name);
        } else if (name == StandardSocketOptions.SO_RCVBUF) {
            receiveBuffer = positive((Integer) value, name);
        } else if (name == StandardSocketOptions.SO_LINGER) {
            int v = (Integer) value;
            linger = v < 0 ? -1 : v;
        } else {
            reuseAddress = (Boolean) value;
        }
    }

    @SuppressWarnings("unchecked")
    <T> T get(SocketOption<T> name) {
        if (!SUPPORTED.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        Object v;
        if (name == StandardSocketOptions.TCP_NODELAY) {
            v = noDelay != null && noDelay;
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            v = keepAlive != null && keepAlive;
        } else if (name == StandardSocketOptions.SO_SNDBUF) {
            v = sendBuffer == null ? 0 : sendBuffer;
        } else if (name == StandardSocketOptions.SO_RCVBUF) {
            v = receiveBuffer == null ? 0 : receiveBuffer;
        } else if (name == StandardSocketOptions.SO_LINGER) {
            v = linger == null ? -1 : linger;
        } else {
            v = reuseAddress;
        }
        return (T) v;
    }

    /** Whether {@code name} is applied to (and read from) {@code s}, rather than only recorded here. */
    static boolean appliesTo(SocketStream s, SocketOption<?> name) {
        return s instanceof TcpStream ? APPLIED.contains(name)
                : name == StandardSocketOptions.SO_SNDBUF || name == StandardSocketOptions.SO_RCVBUF;
    }

    /** Applies what was set before connect to the new stream (on a Unix domain stream: the buffer sizes). */
    void applyTo(SocketStream s) throws IOException {
        if (s instanceof TcpStream t) {
            applyTcp(t);
        }
        if (sendBuffer != null) {
            s.setSendBufferSize(sendBuffer);
        }
        if (receiveBuffer != null) {
            s.setReceiveBufferSize(receiveBuffer);
        }
    }

    private void applyTcp(TcpStream s) throws IOException {
        if (noDelay != null) {
            s.setNoDelay(noDelay);
        }
        if (keepAlive != null) {
            s.setKeepAlive(keepAlive);
        }
        if (linger != null) {
            s.setLinger(linger < 0 ? null : Duration.ofSeconds(linger));
        }
    }

    private static int positive(int v, SocketOption<?> name) {
        if (v <= 0) {
            throw new IllegalArgumentException("invalid value for '" + name + "': " + v);
        }
        return v;
    }
}
