package io.zokio.loop.uring.ffi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeCodecTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "/tmp/a", "d\u00e9j\u00e0/\u4e2d\u6587", "emoji-\uD83D\uDE00.txt"})
    void pathsAreNulTerminatedUtf8(String path) {
        try (Arena arena = Arena.ofConfined()) {
            byte[] expected = path.getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length + 1, NativeCodec.utf8Length(path));
            MemorySegment dst = arena.allocate(NativeCodec.utf8Length(path) + 4);
            dst.fill((byte) 0x7f);
            NativeCodec.writeUtf8z(dst, path);
            assertArrayEquals(expected, dst.asSlice(0, expected.length).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0, dst.get(ValueLayout.JAVA_BYTE, expected.length));
            assertEquals(0x7f, dst.get(ValueLayout.JAVA_BYTE, expected.length + 1), "nothing written past the NUL");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "::1", "fe80::1"})
    void sockaddrRoundTrip(String host) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(NativeCodec.SOCKADDR_MAX);
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(host), 40_001);
            int len = NativeCodec.writeSockAddr(sa, a);
            assertEquals(host.contains(":") ? 28 : 16, len);
            assertEquals((byte) (40_001 >> 8), sa.get(ValueLayout.JAVA_BYTE, 2), "port in network byte order");
            assertEquals(a, NativeCodec.readSockAddr(sa));
        }
    }
}
