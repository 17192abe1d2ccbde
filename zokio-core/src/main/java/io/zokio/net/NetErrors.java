package io.zokio.net;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>Turns the errno failures of connect and bind into the {@code java.net} exceptions a Java caller expects,
 * as {@code java.net.Socket} and {@code java.nio.channels.SocketChannel} throw them, with the address in the
 * message and the original {@link ErrnoException} (syscall and errno) as the cause:
 * <table>
 *   <caption>errno to exception</caption>
 *   <tr><th>operation</th><th>errno</th><th>exception</th></tr>
 *   <tr><td>connect</td><td>ECONNREFUSED, ETIMEDOUT, ENETUNREACH</td><td>{@link ConnectException}</td></tr>
 *   <tr><td>connect</td><td>EHOSTUNREACH</td><td>{@link NoRouteToHostException}</td></tr>
 *   <tr><td>connect (Unix domain)</td><td>ENOENT (no socket file at the path)</td><td>{@link ConnectException}
 *       (the JDK's {@code SocketChannel} throws its superclass {@link SocketException} with the same text)</td></tr>
 *   <tr><td>bind</td><td>EADDRINUSE, EADDRNOTAVAIL, EACCES</td><td>{@link BindException}</td></tr>
 * </table>
 * Any other errno stays an {@link ErrnoException}; {@link ErrnoException#errnoOf(Throwable)} finds the errno on
 * any of them.
 */
final class NetErrors {
    private NetErrors() {
    }

    /**
     * The exception for a failed connect to {@code address} (an {@link java.net.InetSocketAddress} or a Unix
     * domain address, named by its {@code toString}): mapped as in the class table, else {@code e}.
     */
    static IOException connect(IOException e, Object address) {
        if (!(e instanceof ErrnoException errno)) {
            return e;
        }
        SocketException mapped = switch (errno.errno()) {
            case Errno.ECONNREFUSED -> new ConnectException("Connection refused: " + address);
            case Errno.ETIMEDOUT -> new ConnectException("Connection timed out: " + address);
            case Errno.ENETUNREACH -> new ConnectException("Network is unreachable: " + address);
            case Errno.EHOSTUNREACH -> new NoRouteToHostException("No route to host: " + address);
            case Errno.ENOENT -> new ConnectException("No such file or directory: " + address);
            default -> null;
        };
        return mapped == null ? e : withCause(mapped, errno);
    }

    /** The exception for a failed bind of {@code address}: mapped as in the class table, else {@code e}. */
    static IOException bind(IOException e, Object address) {
        if (!(e instanceof ErrnoException errno) || !"bind".equals(errno.syscall())) {
            return e;
        }
        String what = switch (errno.errno()) {
            case Errno.EADDRINUSE -> "Address already in use";
            case Errno.EADDRNOTAVAIL -> "Cannot assign requested address";
            case Errno.EACCES -> "Permission denied";
            default -> null;
        };
        return what == null ? e : withCause(new BindException(what + ": " + address), errno);
    }

    /**
     * The check before binding or connecting a Unix domain address: it must have a name that fits in
     * {@code sun_path}. The JDK's channels report a long path as {@code SocketException("Unix domain path too
     * long")}; this one also names the path and the limit.
     *
     * @throws SocketException when the path or abstract name is longer than {@value UnixAddress#MAX_PATH_BYTES}
     *         bytes
     * @throws IllegalArgumentException when {@code address} is unnamed
     */
    static UnixAddress checkUnix(UnixAddress address) throws SocketException {
        if (address.isUnnamed()) {
            throw new IllegalArgumentException("a Unix domain socket address needs a path or an abstract name");
        }
        if (!address.fits()) {
            throw new SocketException("Unix domain path too long: " + address.length() + " bytes, sun_path holds at"
                    + " most " + UnixAddress.MAX_PATH_BYTES + ": " + address);
        }
        return address;
    }

    private static IOException withCause(SocketException mapped, ErrnoException cause) {
        mapped.initCause(cause);
        return mapped;
    }
}
