package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NIO backend's synchronous socket calls: boolean options read back what was set, options a Unix domain
 * socket lacks fail EOPNOTSUPP, and the addresses of unbound, listening and non-Unix sockets are what
 * getsockname/getpeername report on Linux.
 */
@Timeout(20)
class NioSocketOptionsAndAddressesTest extends NioLoopFixture {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        open(1);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    @Test
    void reuseOptionsReadBackWhatWasSet() throws Exception {
        int fd = loop.sockets().openTcpSocket(false);
        for (SockOpt o : new SockOpt[] {SockOpt.SO_REUSEADDR, SockOpt.SO_REUSEPORT}) {
            loop.sockets().setSocketOption(fd, o, 1);
            assertEquals(1, loop.sockets().getSocketOption(fd, o), o.name());
            loop.sockets().setSocketOption(fd, o, 0);
            assertEquals(0, loop.sockets().getSocketOption(fd, o), o.name());
        }
    }

    @Test
    void optionsAUnixSocketLacksAreNotSupported() throws Exception {
        int fd = loop.sockets().openUnixListener(UnixAddress.ofPath(dir.resolve("s")), 4);
        ErrnoException set = assertThrows(ErrnoException.class,
                () -> loop.sockets().setSocketOption(fd, SockOpt.SO_REUSEPORT, 1));
        assertEquals(Errno.EOPNOTSUPP, set.errno());
        ErrnoException get = assertThrows(ErrnoException.class,
                () -> loop.sockets().getSocketOption(fd, SockOpt.TCP_NODELAY));
        assertEquals(Errno.EOPNOTSUPP, get.errno());
    }

    @Test
    void addressesOfUnboundListeningAndNonUnixSockets() throws Exception {
        int tcp = loop.sockets().openTcpSocket(false);
        InetSocketAddress unbound = loop.sockets().localAddress(tcp);
        assertEquals(0, unbound.getPort(), "unbound: the wildcard");
        assertTrue(unbound.getAddress().isAnyLocalAddress(), unbound.toString());
        assertTrue(loop.sockets().unixLocalAddress(tcp).isUnnamed(), "not a Unix domain socket");

        int listener = loop.sockets().openUnixListener(UnixAddress.ofPath(dir.resolve("l")), 4);
        assertEquals(UnixAddress.ofPath(dir.resolve("l")), loop.sockets().unixLocalAddress(listener));
        ErrnoException e = assertThrows(ErrnoException.class, () -> loop.sockets().unixRemoteAddress(listener));
        assertEquals(Errno.ENOTCONN, e.errno());
    }
}
