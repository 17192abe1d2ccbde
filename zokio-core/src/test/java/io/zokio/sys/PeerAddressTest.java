package io.zokio.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The datagram sender holder: decoding of raw IPv4 and IPv6 addresses as backends write them, and reuse of the
 * decoded {@link InetSocketAddress} exactly while the sender stays the same.
 */
class PeerAddressTest {

    /** {@code sin_addr} as a backend reads it from memory: the address bytes, loaded little-endian. */
    private static int ipv4(int a, int b, int c, int d) {
        return ByteBuffer.wrap(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}).order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
    }

    /** The two halves of {@code sin6_addr} as a backend loads them from memory. */
    private static long[] ipv6(byte[] addr) {
        ByteBuffer bb = ByteBuffer.wrap(addr).order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {bb.getLong(0), bb.getLong(8)};
    }

    private static byte[] loopback6() {
        byte[] b = new byte[16];
        b[15] = 1;
        return b;
    }

    @Test
    void anUnsetHolderHasNoSender() {
        PeerAddress p = new PeerAddress();
        assertFalse(p.isSet());
        assertNull(p.toInetSocketAddress());
        assertEquals(0, p.port());
        assertEquals("PeerAddress[unset]", p.toString());
    }

    @Test
    void ipv4IsDecodedInNetworkOrderAndReusedWhileTheSenderStays() throws Exception {
        PeerAddress p = new PeerAddress();
        p.setIpv4(ipv4(127, 0, 0, 1), 5000);
        assertTrue(p.isSet());
        assertEquals(5000, p.port());
        InetSocketAddress first = p.toInetSocketAddress();
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5000), first);
        assertEquals("PeerAddress[" + first + "]", p.toString());

        p.setIpv4(ipv4(127, 0, 0, 1), 5000);
        assertSame(first, p.toInetSocketAddress(), "same sender: no new address");

        for (int[] other : new int[][] {{10, 0, 0, 1}, {127, 9, 0, 1}, {127, 0, 9, 1}, {127, 0, 0, 9}}) {
            p.setIpv4(ipv4(127, 0, 0, 1), 5000);
            InetSocketAddress before = p.toInetSocketAddress();
            p.setIpv4(ipv4(other[0], other[1], other[2], other[3]), 5000);
            InetSocketAddress after = p.toInetSocketAddress();
            assertNotSame(before, after);
            assertEquals(InetAddress.getByAddress(new byte[] {(byte) other[0], (byte) other[1], (byte) other[2],
                    (byte) other[3]}), after.getAddress());
        }

        p.setIpv4(ipv4(10, 0, 0, 1), 5001);
        assertEquals(5001, p.toInetSocketAddress().getPort(), "a new port is a new sender");
    }

    @Test
    void ipv6IsDecodedFromItsHalvesAndReusedWhileTheSenderStays() throws Exception {
        PeerAddress p = new PeerAddress();
        long[] lo = ipv6(loopback6());
        p.setIpv6(lo[0], lo[1], 6000, 0);
        InetSocketAddress first = p.toInetSocketAddress();
        assertInstanceOf(Inet6Address.class, first.getAddress());
        assertTrue(first.getAddress().isLoopbackAddress());
        assertEquals(0, ((Inet6Address) first.getAddress()).getScopeId());
        assertEquals(6000, first.getPort());

        p.setIpv6(lo[0], lo[1], 6000, 0);
        assertSame(first, p.toInetSocketAddress());

        byte[] doc = InetAddress.getByName("2001:db8::1").getAddress();
        long[] d = ipv6(doc);
        p.setIpv6(d[0], d[1], 6000, 0); // differs in the first half
        assertEquals(InetAddress.getByAddress(doc), p.toInetSocketAddress().getAddress());

        byte[] doc2 = InetAddress.getByName("2001:db8::2").getAddress();
        long[] d2 = ipv6(doc2);
        p.setIpv6(d2[0], d2[1], 6000, 0); // differs in the second half only
        assertEquals(InetAddress.getByAddress(doc2), p.toInetSocketAddress().getAddress());

        p.setIpv6(d2[0], d2[1], 6001, 0);
        assertEquals(6001, p.toInetSocketAddress().getPort());
    }

    @Test
    void aLinkLocalScopeIsKeptAndAChangedScopeIsANewSender() throws Exception {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        long[] h = ipv6(linkLocal);
        PeerAddress p = new PeerAddress();
        p.setIpv6(h[0], h[1], 7000, 3);
        InetSocketAddress scoped = p.toInetSocketAddress();
        assertEquals(3, ((Inet6Address) scoped.getAddress()).getScopeId());

        p.setIpv6(h[0], h[1], 7000, 4);
        InetSocketAddress other = p.toInetSocketAddress();
        assertNotSame(scoped, other);
        assertEquals(4, ((Inet6Address) other.getAddress()).getScopeId());
    }

    @Test
    void switchingFamiliesIsANewSender() throws Exception {
        PeerAddress p = new PeerAddress();
        p.setIpv4(ipv4(127, 0, 0, 1), 80);
        InetSocketAddress v4 = p.toInetSocketAddress();
        byte[] mapped = new byte[16]; // leading bytes 127.0.0.1 in a 16-byte address: not the same sender
        mapped[0] = 127;
        mapped[3] = 1;
        long[] m = ipv6(mapped);
        p.setIpv6(m[0], m[1], 80, 0);
        InetSocketAddress v6 = p.toInetSocketAddress();
        assertInstanceOf(Inet6Address.class, v6.getAddress());
        assertNotSame(v4, v6);

        p.setIpv4(ipv4(127, 0, 0, 1), 80);
        assertInstanceOf(Inet4Address.class, p.toInetSocketAddress().getAddress());
    }

    @Test
    void aDecodedSenderIsKeptAsGivenAndMatchesTheRawForm() throws Exception {
        PeerAddress p = new PeerAddress();
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 53);
        p.set(v4);
        assertSame(v4, p.toInetSocketAddress());
        assertEquals(53, p.port());
        p.setIpv4(ipv4(192, 0, 2, 7), 53);
        assertSame(v4, p.toInetSocketAddress(), "the raw form of the same sender keeps it");

        byte[] linkLocal = InetAddress.getByName("fe80::2").getAddress();
        InetSocketAddress v6 = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 5), 443);
        p.set(v6);
        assertSame(v6, p.toInetSocketAddress());
        long[] h = ipv6(linkLocal);
        p.setIpv6(h[0], h[1], 443, 5);
        assertSame(v6, p.toInetSocketAddress(), "same bytes, port and scope");
        p.setIpv6(h[0], h[1], 443, 0);
        assertEquals(0, ((Inet6Address) p.toInetSocketAddress().getAddress()).getScopeId());
    }
}
