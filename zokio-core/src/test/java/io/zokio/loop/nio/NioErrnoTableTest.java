package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every exception type NioErrno knows and every strerror(3) text it recognises, with the errno each maps to. */
class NioErrnoTableTest {
    static Stream<Arguments> exceptionTypes() {
        return Stream.of(
                Arguments.of(new NonReadableChannelException(), Errno.EBADF),
                Arguments.of(new NonWritableChannelException(), Errno.EBADF),
                Arguments.of(new NotYetBoundException(), Errno.EINVAL),
                Arguments.of(new AlreadyConnectedException(), Errno.EISCONN),
                Arguments.of(new ConnectionPendingException(), Errno.EALREADY),
                Arguments.of(new NoConnectionPendingException(), Errno.EINVAL),
                Arguments.of(new UnresolvedAddressException(), Errno.EINVAL),
                Arguments.of(new UnsupportedAddressTypeException(), Errno.EINVAL),
                Arguments.of(new ErrnoException("splice", -Errno.ESPIPE), Errno.ESPIPE),
                Arguments.of(new NoRouteToHostException("No route to host"), Errno.EHOSTUNREACH),
                Arguments.of(new NoRouteToHostException("Network is unreachable"), Errno.ENETUNREACH),
                Arguments.of(new NoRouteToHostException(null), Errno.EHOSTUNREACH),
                Arguments.of(new PortUnreachableException(), Errno.ECONNREFUSED),
                Arguments.of(new SocketTimeoutException(), Errno.ETIMEDOUT),
                Arguments.of(new UnsupportedOperationException(), Errno.EOPNOTSUPP),
                Arguments.of(new OutOfMemoryError(), Errno.ENOMEM),
                Arguments.of(new WrongThreadException(), Errno.EFAULT));
    }

    @ParameterizedTest
    @MethodSource("exceptionTypes")
    void exceptionTypeMapsToItsErrno(Throwable t, int errno) {
        assertEquals(errno, NioErrno.of(t), t.toString());
    }

    static Stream<Arguments> strerrorTexts() {
        return Stream.of(
                Arguments.of("File exists", Errno.EEXIST),
                Arguments.of("Permission denied", Errno.EACCES),
                Arguments.of("Operation not permitted", Errno.EPERM),
                Arguments.of("Not a directory", Errno.ENOTDIR),
                Arguments.of("No such file or directory", Errno.ENOENT),
                Arguments.of("File too large", Errno.EFBIG),
                Arguments.of("File name too long", Errno.ENAMETOOLONG),
                Arguments.of("Illegal seek", Errno.ESPIPE),
                Arguments.of("Bad file descriptor", Errno.EBADF),
                Arguments.of("Invalid argument", Errno.EINVAL),
                Arguments.of("Transport endpoint is not connected", Errno.ENOTCONN),
                Arguments.of("Transport endpoint is already connected", Errno.EISCONN),
                Arguments.of("Connection timed out", Errno.ETIMEDOUT),
                Arguments.of("Software caused connection abort", Errno.ECONNABORTED),
                Arguments.of("Network is unreachable", Errno.ENETUNREACH),
                Arguments.of("No route to host", Errno.EHOSTUNREACH),
                Arguments.of("Address already in use", Errno.EADDRINUSE),
                Arguments.of("Cannot assign requested address", Errno.EADDRNOTAVAIL),
                Arguments.of("Resource temporarily unavailable", Errno.EAGAIN),
                Arguments.of("Cannot allocate memory", Errno.ENOMEM),
                Arguments.of("No buffer space available", Errno.ENOBUFS));
    }

    @ParameterizedTest
    @MethodSource("strerrorTexts")
    void strerrorTextMapsToItsErrno(String text, int errno) {
        assertEquals(errno, NioErrno.of(new IOException("sendto failed: " + text)), text);
        assertEquals(errno, NioErrno.fromMessage(text, -1), text);
    }
}
