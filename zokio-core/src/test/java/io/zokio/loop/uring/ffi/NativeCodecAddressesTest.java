package io.zokio.loop.uring.ffi;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.PeerAddress;
import io.zokio.sys.UnixAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The codec's less travelled paths: Unix domain addresses, IPv6 scope ids, families it does not know, multishot
 * RECVMSG buffers and strings with surrogates.
 */
class NativeCodecAddressesTest {
    @Test
    void unixPathIsWrittenWithItsNulAndReadBack() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(KernelStructs.SOCKADDR_UN.byteSize());
            UnixAddress a = UnixAddress.ofPath(Path.of("/tmp/zokio.sock"));
            int len = NativeCodec.writeSockAddrUn(sa, a);
            assertEquals(2 + 15 + 1, len, "family, path, NUL");
            assertEquals(IoUringConstants.AF_UNIX, sa.get(JAVA_SHORT, 0));
            assertEquals(0, sa.get(JAVA_BYTE, 2 + 15));
            assertEquals(a, NativeCodec.readSockAddrUn(sa, len));
        }
    }

    @Test
    void abstractNameLengthIsExact() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(KernelStructs.SOCKADDR_UN.byteSize());
            UnixAddress a = UnixAddress.ofAbstract("zk");
            int len = NativeCodec.writeSockAddrUn(sa, a);
            assertEquals(2 + 1 + 2, len, "family, leading NUL, name, no terminator");
            assertEquals(0, sa.get(JAVA_BYTE, 2));
            assertEquals(a, NativeCodec.readSockAddrUn(sa, len));
        }
    }

    @Test
    void unnamedOrOverlongUnixAddressIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(KernelStructs.SOCKADDR_UN.byteSize());
            assertThrows(IllegalArgumentException.class, () -> NativeCodec.writeSockAddrUn(sa, UnixAddress.unnamed()));
            UnixAddress tooLong = UnixAddress.ofPath(Path.of("/" + "x".repeat(UnixAddress.MAX_PATH_BYTES)));
            assertFalse(tooLong.fits());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NativeCodec.writeSockAddrUn(sa, tooLong));
            assertTrue(e.getMessage().contains("at most " + UnixAddress.MAX_PATH_BYTES), e.getMessage());
        }
    }

    @Test
    void unexpectedFamiliesAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(NativeCodec.SOCKADDR_MAX);
            sa.set(JAVA_SHORT, 0, (short) IoUringConstants.AF_INET);
            assertThrows(IllegalStateException.class, () -> NativeCodec.readSockAddrUn(sa, 16));
            sa.set(JAVA_SHORT, 0, (short) IoUringConstants.AF_UNIX);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeCodec.readSockAddr(sa));
            assertEquals("unexpected address family 1", e.getMessage());
        }
    }

    @Test
    void ipv6ScopeIdRoundTrips() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(NativeCodec.SOCKADDR_MAX);
            byte[] ll = InetAddress.getByName("fe80::1").getAddress();
            InetSocketAddress a = new InetSocketAddress(Inet6Address.getByAddress(null, ll, 3), 8080);
            assertEquals(28, NativeCodec.writeSockAddr(sa, a));
            assertEquals(3, sa.get(JAVA_INT, 24), "sin6_scope_id");
            InetSocketAddress back = NativeCodec.readSockAddr(sa);
            assertEquals(3, ((Inet6Address) back.getAddress()).getScopeId());
            assertEquals(a, back);
        }
    }

    @Test
    void multishotRecvmsgBufferYieldsSenderAndPayload() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            int header = (int) KernelStructs.IO_URING_RECVMSG_OUT.byteSize();
            MemorySegment buf = arena.allocate(header + NativeCodec.RECVMSG_NAME_BYTES + 64);
            InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 5353);
            int nameLen = NativeCodec.writeSockAddr(buf.asSlice(header), from);
            buf.set(JAVA_INT, KernelStructs.RECVMSG_OUT_NAMELEN, nameLen);
            buf.set(JAVA_INT, KernelStructs.RECVMSG_OUT_PAYLOADLEN, 10);
            PeerAddress peer = new PeerAddress();
            int used = header + NativeCodec.RECVMSG_NAME_BYTES + 10;
            assertEquals(10, NativeCodec.readRecvmsgOut(buf, used, peer));
            assertEquals(from, peer.toInetSocketAddress());
            assertEquals(4, NativeCodec.readRecvmsgOut(buf, used - 6, peer), "a truncated payload: what is there");

            buf.set(JAVA_INT, KernelStructs.RECVMSG_OUT_NAMELEN, 0);
            PeerAddress none = new PeerAddress();
            assertEquals(10, NativeCodec.readRecvmsgOut(buf, used, none));
            assertFalse(none.isSet(), "no name: the sender is left alone");
        }
    }

    @Test
    void peerOfAnUnknownFamilyIsLeftUnset() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(NativeCodec.MSG_SCRATCH_BYTES);
            scratch.set(JAVA_SHORT, NativeCodec.MSG_SOCKADDR_AT, (short) IoUringConstants.AF_UNIX);
            PeerAddress peer = new PeerAddress();
            NativeCodec.readPeer(scratch, peer);
            assertFalse(peer.isSet());
        }
    }

    @Test
    void loneSurrogatesAreWrittenAsQuestionMarksWithinTheReservedRoom() {
        for (String s : new String[] {"a\uD800", "\uDC00b", "\uD83Dx", "\uD800\uD800"}) {
            try (Arena arena = Arena.ofConfined()) {
                byte[] expected = s.getBytes(StandardCharsets.UTF_8); // the JDK also substitutes '?'
                int room = NativeCodec.utf8Length(s);
                assertTrue(room >= expected.length + 1, s);
                MemorySegment dst = arena.allocate(room);
                NativeCodec.writeUtf8z(dst, s);
                assertArrayEquals(expected, dst.asSlice(0, expected.length).toArray(JAVA_BYTE), s);
                assertEquals(0, dst.get(JAVA_BYTE, expected.length), s);
            }
        }
    }
}
