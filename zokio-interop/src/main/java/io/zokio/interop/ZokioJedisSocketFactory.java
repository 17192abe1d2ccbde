package io.zokio.interop;

import io.zokio.bridge.ZokioSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Jedis's socket hook on Zokio: each connection is a {@link io.zokio.bridge.ZokioSocket} from a
 * {@link ZokioSocketFactory} (the caller's runtime, see {@link io.zokio.bridge.DefaultRuntime}), with the options
 * Jedis's own factory sets (no Nagle delay, keep-alive), connected within the connect timeout and reading with the
 * socket timeout. A failed connect is the {@link JedisConnectionException} Jedis expects, with the socket's
 * exception as its cause.
 *
 * <p><b>Threading:</b> any thread; immutable.
 */
public final class ZokioJedisSocketFactory implements JedisSocketFactory {
    private final ZokioSocketFactory sockets;
    private final String host;
    private final int port;
    private final int connectTimeoutMs;
    private final int soTimeoutMs;

    public ZokioJedisSocketFactory(String host, int port, int connectTimeoutMs, int soTimeoutMs) {
        this(new ZokioSocketFactory(), host, port, connectTimeoutMs, soTimeoutMs);
    }

    public ZokioJedisSocketFactory(ZokioSocketFactory sockets, String host, int port, int connectTimeoutMs,
            int soTimeoutMs) {
        this.sockets = sockets;
        this.host = host;
        this.port = port;
        this.connectTimeoutMs = connectTimeoutMs;
        this.soTimeoutMs = soTimeoutMs;
    }

    @Override
    public Socket createSocket() throws JedisConnectionException {
        Socket s = null;
        try {
            s = sockets.createSocket();
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            s.setSoTimeout(soTimeoutMs);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw new JedisConnectionException("Failed to connect to " + host + ":" + port, e);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // already failing: the connect error is the one to report
            }
        }
    }

    @Override
    public String toString() {
        return "ZokioJedisSocketFactory[" + host + ":" + port + "]";
    }
}
