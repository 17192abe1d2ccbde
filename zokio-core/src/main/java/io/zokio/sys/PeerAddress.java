package io.zokio.sys;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A reusable holder for the sender of a datagram (a {@code RECVMSG} operation): the backend writes the raw address into
 * it, and {@link #toInetSocketAddress()} builds an {@link InetSocketAddress} only when the peer changed since
 * the last call, so a server answering the same peers allocates nothing per datagram.
 *
 * <p><b>Threading:</b> not thread-safe; owned by the completion's owner, written by the loop thread while the
 * RECVMSG is active.
 */
public final class PeerAddress {
    private final byte[] address = new byte[16];
    private int length;
    private int port;
    private int scopeId;
    private InetSocketAddress cached;

    public PeerAddress() {
    }

    /** Backend: an IPv4 sender ({@code ipv4} in network byte order, as in {@code sin_addr}). */
    public void setIpv4(int ipv4NetworkOrder, int port) {
        byte b0 = (byte) ipv4NetworkOrder;
        byte b1 = (byte) (ipv4NetworkOrder >>> 8);
        byte b2 = (byte) (ipv4NetworkOrder >>> 16);
        byte b3 = (byte) (ipv4NetworkOrder >>> 24);
        if (length != 4 || this.port != port || address[0] != b0 || address[1] != b1 || address[2] != b2
                || address[3] != b3) {
            address[0] = b0;
            address[1] = b1;
            address[2] = b2;
            address[3] = b3;
            length = 4;
            this.port = port;
            scopeId = 0;
            cached = null;
        }
    }

    /** Backend: an IPv6 sender, its 16 address bytes in {@code hi} and {@code lo} as they lie in memory. */
    public void setIpv6(long hi, long lo, int port, int scopeId) {
        boolean same = length == 16 && this.port == port && this.scopeId == scopeId;
        for (int i = 0; i < 8 && same; i++) {
            same = address[i] == (byte) (hi >>> (8 * i)) && address[8 + i] == (byte) (lo >>> (8 * i));
        }
        if (!same) {
            for (int i = 0; i < 8; i++) {
                address[i] = (byte) (hi >>> (8 * i));
                address[8 + i] = (byte) (lo >>> (8 * i));
            }
            length = 16;
            this.port = port;
            this.scopeId = scopeId;
            cached = null;
        }
    }

    /** Backend: a sender the platform already decoded (NIO). */
    public void set(InetSocketAddress sender) {
        cached = sender;
        port = sender.getPort();
        byte[] b = sender.getAddress().getAddress();
        System.arraycopy(b, 0, address, 0, b.length);
        length = b.length;
        scopeId = sender.getAddress() instanceof Inet6Address a6 ? a6.getScopeId() : 0;
    }

    /** Whether a sender was recorded. */
    public boolean isSet() {
        return length != 0;
    }

    public int port() {
        return port;
    }

    /** The sender; the same object as last time when the sender did not change. */
    public InetSocketAddress toInetSocketAddress() {
        if (length == 0) {
            return null;
        }
        if (cached == null) {
            try {
                byte[] b = Arrays.copyOf(address, length);
                InetAddress ip = length == 16 && scopeId != 0 ? Inet6Address.getByAddress(null, b, scopeId)
                        : InetAddress.getByAddress(b);
                cached = new InetSocketAddress(ip, port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
            }
        }
        return cached;
    }

    @Override
    public String toString() {
        return length == 0 ? "PeerAddress[unset]" : "PeerAddress[" + toInetSocketAddress() + "]";
    }
}
