package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.KernelStructs.*;

import io.zokio.sys.FileStat;
import io.zokio.sys.PeerAddress;
import io.zokio.sys.UnixAddress;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Encodes Java values into the kernel structs an SQE points at, and decodes what the kernel wrote back. Stateless;
 * any thread (the caller owns the segments). The encoders allocate nothing.
 */
public final class NativeCodec {
    /** Bytes of scratch that hold any sockaddr this package writes ({@code sockaddr_in6} is the largest). */
    public static final long SOCKADDR_MAX = SOCKADDR_IN6.byteSize();
    public static final long STATX_SIZE = STATX.byteSize();
    public static final long IOVEC_SIZE = IOVEC.byteSize();
    public static final long TIMESPEC_SIZE = KERNEL_TIMESPEC.byteSize();
    /**
     * Scratch bytes a one-buffer msghdr needs: the msghdr at 0, a sockaddr of up to 128 bytes at
     * {@link #MSG_SOCKADDR_AT}, one iovec at {@link #MSG_IOVEC_AT}.
     */
    public static final long MSG_SCRATCH_BYTES = 208;
    public static final long MSG_SOCKADDR_AT = 64;
    public static final long MSG_IOVEC_AT = 192;
    /** Bytes of sockaddr room a multishot RECVMSG reserves after its header (a sockaddr_in6, padded). */
    public static final int RECVMSG_NAME_BYTES = 32;

    private NativeCodec() {
    }

    /** Writes {@code address} as sockaddr_in or sockaddr_in6 at {@code dst}; returns its length. */
    public static int writeSockAddr(MemorySegment dst, InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        short port = Short.reverseBytes((short) address.getPort()); // network byte order
        if (ip instanceof Inet4Address) {
            dst.asSlice(0, SOCKADDR_IN.byteSize()).fill((byte) 0);
            U16.set(dst, SIN_FAMILY, (short) IoUringConstants.AF_INET);
            U16.set(dst, SIN_PORT, port);
            byte[] b = ip.getAddress();
            for (int i = 0; i < 4; i++) {
                U8.set(dst, SIN_ADDR + i, b[i]);
            }
            return (int) SOCKADDR_IN.byteSize();
        }
        Inet6Address ip6 = (Inet6Address) ip;
        dst.asSlice(0, SOCKADDR_IN6.byteSize()).fill((byte) 0);
        U16.set(dst, SIN6_FAMILY, (short) IoUringConstants.AF_INET6);
        U16.set(dst, SIN6_PORT, port);
        byte[] b = ip6.getAddress();
        for (int i = 0; i < 16; i++) {
            U8.set(dst, SIN6_ADDR + i, b[i]);
        }
        U32.set(dst, SIN6_SCOPE_ID, ip6.getScopeId());
        return (int) SOCKADDR_IN6.byteSize();
    }

    /**
     * Writes {@code address} as a sockaddr_un at {@code dst} (room for {@code sizeof(struct sockaddr_un)}) and
     * returns the length to pass to bind or connect: the family and the path with its NUL, or the family, the
     * leading NUL and the abstract name (whose length is exact: the kernel takes every byte as the name).
     *
     * @throws IllegalArgumentException when the address is unnamed or longer than
     *         {@value UnixAddress#MAX_PATH_BYTES} bytes
     */
    public static int writeSockAddrUn(MemorySegment dst, UnixAddress address) {
        if (address.isUnnamed() || !address.fits()) {
            throw new IllegalArgumentException("not a bindable or connectable Unix domain address: '" + address
                    + "' (" + address.length() + " bytes, at most " + UnixAddress.MAX_PATH_BYTES + ")");
        }
        dst.asSlice(0, SOCKADDR_UN.byteSize()).fill((byte) 0);
        U16.set(dst, SUN_FAMILY, (short) IoUringConstants.AF_UNIX);
        byte[] b = address.sunPath();
        MemorySegment.copy(b, 0, dst, ValueLayout.JAVA_BYTE, SUN_PATH, b.length);
        return (int) SUN_PATH + b.length + (address.isAbstract() ? 0 : 1);
    }

    /** Reads a sockaddr_un of {@code length} bytes (as getsockname or getpeername reported it) at {@code src}. */
    public static UnixAddress readSockAddrUn(MemorySegment src, int length) {
        int family = Short.toUnsignedInt((short) U16.get(src, SUN_FAMILY));
        if (family != IoUringConstants.AF_UNIX) {
            throw new IllegalStateException("unexpected address family " + family);
        }
        int n = (int) Math.min(SUN_PATH_BYTES, Math.max(0, length - SUN_PATH));
        return UnixAddress.fromSunPath(src.asSlice(SUN_PATH, n).toArray(ValueLayout.JAVA_BYTE), n);
    }

    /** Reads a sockaddr_in or sockaddr_in6 the kernel wrote at {@code src}. */
    public static InetSocketAddress readSockAddr(MemorySegment src) {
        int family = Short.toUnsignedInt((short) U16.get(src, SIN_FAMILY));
        try {
            if (family == IoUringConstants.AF_INET) {
                int port = Short.toUnsignedInt(Short.reverseBytes((short) U16.get(src, SIN_PORT)));
                byte[] b = src.asSlice(SIN_ADDR, 4).toArray(ValueLayout.JAVA_BYTE);
                return new InetSocketAddress(InetAddress.getByAddress(b), port);
            }
            if (family == IoUringConstants.AF_INET6) {
                int port = Short.toUnsignedInt(Short.reverseBytes((short) U16.get(src, SIN6_PORT)));
                byte[] b = src.asSlice(SIN6_ADDR, 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = (int) U32.get(src, SIN6_SCOPE_ID);
                InetAddress a = scope != 0 ? Inet6Address.getByAddress(null, b, scope) : InetAddress.getByAddress(b);
                return new InetSocketAddress(a, port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4- and 16-byte addresses
        }
        throw new IllegalStateException("unexpected address family " + family);
    }

    /** Fills {@code out} from the {@code struct statx} at {@code src}. */
    public static void decodeStatx(MemorySegment src, FileStat out) {
        long mtimeNs = (long) U64.get(src, STX_MTIME_SEC) * 1_000_000_000L
                + Integer.toUnsignedLong((int) U32.get(src, STX_MTIME_NSEC));
        out.set((long) U64.get(src, STX_SIZE),
                Short.toUnsignedInt((short) U16.get(src, STX_MODE)),
                (long) U64.get(src, STX_INO),
                Integer.toUnsignedLong((int) U32.get(src, STX_NLINK)),
                mtimeNs,
                (long) U64.get(src, STX_BLOCKS),
                (int) U32.get(src, STX_BLKSIZE));
    }

    /** Writes one iovec per buffer at {@code dst} (room for {@code buffers.length * IOVEC_SIZE}). */
    public static void writeIovecs(MemorySegment dst, MemorySegment[] buffers) {
        long at = 0;
        for (MemorySegment b : buffers) {
            U64.set(dst, at + IOVEC_BASE, b.address());
            U64.set(dst, at + IOVEC_LEN, b.byteSize());
            at += IOVEC_SIZE;
        }
    }

    // ---- msghdr for SENDMSG/RECVMSG ----

    /**
     * Writes a msghdr for one buffer at {@code scratch}: with {@code to} encoded as its name (SENDMSG), or with
     * room for the sender's address (RECVMSG, {@code to == null}). No control data. Allocates nothing.
     */
    public static void writeMsghdr(MemorySegment scratch, MemorySegment buffer, InetSocketAddress to) {
        MemorySegment name = scratch.asSlice(MSG_SOCKADDR_AT, MSG_IOVEC_AT - MSG_SOCKADDR_AT);
        int nameLen = to != null ? writeSockAddr(name, to) : (int) name.byteSize();
        U64.set(scratch, MSG_IOVEC_AT + IOVEC_BASE, buffer.address());
        U64.set(scratch, MSG_IOVEC_AT + IOVEC_LEN, buffer.byteSize());
        U64.set(scratch, MSG_NAME, name.address());
        U32.set(scratch, MSG_NAMELEN, nameLen);
        U64.set(scratch, MSG_IOV, scratch.address() + MSG_IOVEC_AT);
        U64.set(scratch, MSG_IOVLEN, 1L);
        U64.set(scratch, MSG_CONTROL, 0L);
        U64.set(scratch, MSG_CONTROLLEN, 0L);
        U32.set(scratch, MSG_FLAGS, 0);
    }

    /**
     * Writes the msghdr of a multishot RECVMSG at {@code scratch}: only the name length matters (the kernel
     * lays out each provided buffer as io_uring_recvmsg_out, name, payload); no iovec, no control data.
     */
    public static void writeMultishotMsghdr(MemorySegment scratch) {
        scratch.asSlice(0, MSGHDR.byteSize()).fill((byte) 0);
        U32.set(scratch, MSG_NAMELEN, RECVMSG_NAME_BYTES);
    }

    /**
     * Reads a buffer a multishot RECVMSG filled ({@code used} bytes): the sender into {@code out}; returns the
     * payload length that is in the buffer.
     */
    public static int readRecvmsgOut(MemorySegment buffer, int used, PeerAddress out) {
        int header = (int) IO_URING_RECVMSG_OUT.byteSize();
        if ((int) U32.get(buffer, RECVMSG_OUT_NAMELEN) > 0) {
            readPeerAt(buffer, header, out);
        }
        int payload = (int) U32.get(buffer, RECVMSG_OUT_PAYLOADLEN);
        return Math.max(0, Math.min(payload, used - header - RECVMSG_NAME_BYTES));
    }

    /** Decodes the sender a RECVMSG left in the msghdr scratch into {@code out}; allocates nothing. */
    public static void readPeer(MemorySegment scratch, PeerAddress out) {
        readPeerAt(scratch, MSG_SOCKADDR_AT, out);
    }

    private static void readPeerAt(MemorySegment scratch, long sa, PeerAddress out) {
        int family = Short.toUnsignedInt((short) U16.get(scratch, sa + SIN_FAMILY));
        if (family == IoUringConstants.AF_INET) {
            int port = Short.toUnsignedInt(Short.reverseBytes((short) U16.get(scratch, sa + SIN_PORT)));
            out.setIpv4((int) U32.get(scratch, sa + SIN_ADDR), port);
        } else if (family == IoUringConstants.AF_INET6) {
            int port = Short.toUnsignedInt(Short.reverseBytes((short) U16.get(scratch, sa + SIN6_PORT)));
            out.setIpv6((long) U64.get(scratch, sa + SIN6_ADDR), (long) U64.get(scratch, sa + SIN6_ADDR + 8), port,
                    (int) U32.get(scratch, sa + SIN6_SCOPE_ID));
        }
    }

    /** Bytes {@code s} needs as a NUL-terminated UTF-8 string. */
    public static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n + 1;
    }

    /** Writes {@code s} as NUL-terminated UTF-8 (room for {@link #utf8Length}); allocates nothing. */
    public static void writeUtf8z(MemorySegment dst, String s) {
        long at = 0;
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, s.charAt(++i));
            } else if (Character.isSurrogate((char) c)) {
                c = '?'; // lone surrogate: not encodable
            }
            if (c < 0x80) {
                U8.set(dst, at++, (byte) c);
            } else if (c < 0x800) {
                U8.set(dst, at++, (byte) (0xC0 | (c >> 6)));
                U8.set(dst, at++, (byte) (0x80 | (c & 0x3F)));
            } else if (c < 0x10000) {
                U8.set(dst, at++, (byte) (0xE0 | (c >> 12)));
                U8.set(dst, at++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                U8.set(dst, at++, (byte) (0x80 | (c & 0x3F)));
            } else {
                U8.set(dst, at++, (byte) (0xF0 | (c >> 18)));
                U8.set(dst, at++, (byte) (0x80 | ((c >> 12) & 0x3F)));
                U8.set(dst, at++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                U8.set(dst, at++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        U8.set(dst, at, (byte) 0);
    }
}
