package io.zokio.loop.uring.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.SockOpt;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The synchronous socket helpers: option round trips, IPv6 datagram sockets and errno mapping. */
class SocketOpsOptionsTest {
    private final SocketOps ops = new SocketOps();

    @Test
    void reusePortAndLingerRoundTrip() throws Exception {
        int fd = ops.openTcpSocket(false);
        try {
            assertEquals(0, ops.getOption(fd, SockOpt.SO_REUSEPORT));
            ops.setOption(fd, SockOpt.SO_REUSEPORT, 1);
            assertEquals(1, ops.getOption(fd, SockOpt.SO_REUSEPORT));
            assertEquals(-1, ops.getOption(fd, SockOpt.SO_LINGER), "lingering off by default");
            ops.setOption(fd, SockOpt.SO_LINGER, 5);
            assertEquals(5, ops.getOption(fd, SockOpt.SO_LINGER));
            ops.setOption(fd, SockOpt.SO_LINGER, -1);
            assertEquals(-1, ops.getOption(fd, SockOpt.SO_LINGER));
        } finally {
            ops.close(fd);
        }
    }

    @Test
    void ipv6UdpSocketIsBoundWhereAsked() throws Exception {
        InetAddress lo6 = InetAddress.getByName("::1");
        int fd;
        try {
            fd = ops.openUdpSocket(new InetSocketAddress(lo6, 0));
        } catch (ErrnoException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no IPv6 loopback: " + e.getMessage());
            return;
        }
        try {
            InetSocketAddress local = ops.localAddress(fd);
            assertEquals(lo6, local.getAddress());
            assertTrue(local.getPort() > 0);
        } finally {
            ops.close(fd);
        }
    }

    @Test
    void bindToAForeignAddressClosesTheSocketAndThrows() throws Exception {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> ops.openUdpSocket(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0)));
        assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        assertEquals("bind", e.syscall());
    }

    @Test
    void closingABadDescriptorIsEbadf() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> ops.close(-1));
        assertEquals(Errno.EBADF, e.errno());
    }
}
