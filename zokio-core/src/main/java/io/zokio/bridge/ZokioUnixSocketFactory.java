package io.zokio.bridge;

import io.zokio.runtime.Runtime;
import java.net.UnixDomainSocketAddress;
import java.util.Objects;

/**
 * A {@link javax.net.SocketFactory} whose sockets are {@link ZokioSocket}s connected to one Unix domain socket,
 * whatever host and port they are asked for: a library that connects by host and port runs over the socket
 * file instead. The PostgreSQL JDBC driver builds it from its URL, passing {@code socketFactoryArg} to the
 * public {@code String} constructor (it looks for a {@code Properties} constructor first, which this class does
 * not have, then a {@code String} one):
 *
 * <pre>{@code
 * jdbc:postgresql://localhost/db?socketFactory=io.zokio.bridge.ZokioUnixSocketFactory
 *     &socketFactoryArg=/var/run/postgresql/.s.PGSQL.5432
 * }</pre>
 *
 * <p>The driver calls {@code createSocket()} and then {@code connect(host:port, timeout)}; the socket goes to the
 * path instead, with the driver's connect timeout. Runtime: as {@link ZokioSocketFactory}'s (a factory made
 * without one uses {@link DefaultRuntime#get()} at each {@code createSocket}). A missing socket file or no
 * server behind it is a {@link java.net.ConnectException} naming the path.
 *
 * <p><b>Threading:</b> any thread; immutable.
 */
public class ZokioUnixSocketFactory extends ZokioSocketFactory {
    /** Sockets to the Unix domain socket at {@code path}, on {@link DefaultRuntime#get()}. */
    public ZokioUnixSocketFactory(String path) {
        super(null, UnixDomainSocketAddress.of(Objects.requireNonNull(path,
                "path (for the PostgreSQL driver: the socketFactoryArg property)")));
    }

    /** Sockets to the Unix domain socket at {@code path}, on {@code runtime}. */
    public ZokioUnixSocketFactory(Runtime runtime, UnixDomainSocketAddress path) {
        super(Objects.requireNonNull(runtime, "runtime"), path);
    }
}
