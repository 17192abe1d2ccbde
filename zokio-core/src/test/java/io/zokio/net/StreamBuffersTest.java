package io.zokio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Heap-buffer staging grows with the largest request, so small reads and writes hold little native memory. */
class StreamBuffersTest {

    @Test
    void stagingSizesArePowersOfTwoFrom4KiBTo64KiB() {
        assertEquals(4096, StreamBuffers.stagingBytes(1));
        assertEquals(4096, StreamBuffers.stagingBytes(4096));
        assertEquals(8192, StreamBuffers.stagingBytes(4097));
        assertEquals(65536, StreamBuffers.stagingBytes(65536));
        assertEquals(65536, StreamBuffers.stagingBytes(1 << 20));
    }

    @Test
    void stagingGrowsAndKeepsTheBytes() {
        StreamBuffers b = new StreamBuffers();
        assertEquals(100, b.readStaging(100).byteSize());
        assertEquals(40_000, b.readStaging(40_000).byteSize(), "grown to fit");
        assertEquals(TcpStream.STAGING_BYTES, b.readStaging(1 << 20).byteSize(), "capped");
        byte[] data = new byte[50_000];
        new java.util.Random(1).nextBytes(data);
        ByteBuffer small = ByteBuffer.wrap(data, 0, 10);
        assertEquals(10, b.writeStaging(small).byteSize());
        var seg = b.writeStaging(ByteBuffer.wrap(data));
        assertEquals(data.length, seg.byteSize());
        assertArrayEquals(data, seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }
}
