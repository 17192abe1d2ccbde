package io.zokio.loop.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/** Static helpers of the conformance suite: bytes, checksums, readable result assertions. Stateless. */
final class ConformanceSupport {
    private ConformanceSupport() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code length} pseudo-random bytes, the same for the same seed. */
    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) rnd.nextInt();
        }
        return b;
    }

    static byte[] bytes(MemorySegment s, long length) {
        return s.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    /** Compares results by name ({@code -ECANCELED (-125)}), so a failure reads as the errno. */
    static void assertResult(int expected, int actual, String what) {
        assertEquals(CallbackRecorder.describe(expected), CallbackRecorder.describe(actual), what);
    }

    /** The {@code 0777} bits of {@code p}, as {@code st_mode} has them. */
    static int permissionBits(Path p) throws IOException {
        int bits = 0;
        for (var perm : Files.getPosixFilePermissions(p)) {
            bits |= 1 << (8 - perm.ordinal()); // OWNER_READ (ordinal 0) is 0400 ... OTHERS_EXECUTE is 01
        }
        return bits;
    }

    /** Whether this machine can bind a TCP socket to {@code ::1}. */
    static boolean ipv6LoopbackAvailable() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
