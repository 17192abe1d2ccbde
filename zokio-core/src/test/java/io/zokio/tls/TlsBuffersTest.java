package io.zokio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.buffer.BufferPool;
import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A TLS stream's three buffers in the mode this JVM runs ({@code zokio.tls.directBuffers}: heap by default,
 * pooled direct buffers in the suite's second execution): growing keeps the unread bytes, pooled buffers go
 * back to the pool exactly once, and a pool that refuses leaves nothing taken.
 */
class TlsBuffersTest {
    @Test
    void growingKeepsTheUnreadBytesOfEachBuffer() {
        try (BufferPool pool = BufferPool.builder().build()) {
            TlsBuffers b = new TlsBuffers(pool, 1024, 512);
            assertEquals(TlsBuffers.DIRECT, b.netIn.isDirect());
            b.netIn = fill(b.netIn, 100, 1);
            b.netOut = fill(b.netOut, 200, 2);
            b.appIn = fill(b.appIn, 50, 3);
            b.growNetIn(4096);
            b.growNetOut(8192);
            b.growAppIn(2048);
            assertContent(b.netIn, 100, 1, 4096);
            assertContent(b.netOut, 200, 2, 8192);
            assertContent(b.appIn, 50, 3, 2048);
            b.widenNetIn(1024); // already four records' worth: stays
            assertTrue(b.netIn.capacity() >= 4096);
            assertContent(b.netIn, 100, 1, 4096);
            b.release();
        }
    }

    @Test
    void widenDoublesNetworkInputUpToFourRecords() {
        try (BufferPool pool = BufferPool.builder().build()) {
            TlsBuffers b = new TlsBuffers(pool, 1000, 500);
            b.netIn = fill(b.netIn, 10, 9);
            b.widenNetIn(1000);
            assertTrue(b.netIn.capacity() >= 2000, "doubled: " + b.netIn.capacity());
            b.widenNetIn(1000);
            b.widenNetIn(1000);
            assertTrue(b.netIn.capacity() >= TlsBuffers.STREAMING_RECORDS * 1000);
            assertContent(b.netIn, 10, 9, TlsBuffers.STREAMING_RECORDS * 1000);
            b.release();
        }
    }

    @Test
    void releaseGivesEveryPooledBufferBackOnce() {
        try (BufferPool pool = BufferPool.builder().build()) {
            TlsBuffers b = new TlsBuffers(pool, 1024, 512);
            b.growNetIn(4096); // the grown buffer replaces the first; the first goes back at once
            assertEquals(TlsBuffers.DIRECT ? 3 : 0, pool.metrics().inUseBuffers());
            assertFalse(b.isReleased());
            b.release();
            b.release(); // a second release does nothing
            assertTrue(b.isReleased());
            assertNull(b.netIn);
            assertEquals(0, pool.metrics().inUseBuffers(), "nothing left taken from the pool");
        }
    }

    @Test
    void releaseAfterThePoolClosedIsQuiet() {
        BufferPool pool = BufferPool.builder().build();
        TlsBuffers b = new TlsBuffers(pool, 1024, 512);
        pool.close(); // the runtime closed first: its pool's memory went with it
        b.release();
        assertTrue(b.isReleased());
    }

    @Test
    void aClosedPoolRefusesAndTheConstructorKeepsNothing() {
        BufferPool pool = BufferPool.builder().build();
        pool.close();
        if (TlsBuffers.DIRECT) {
            assertThrows(IllegalStateException.class, () -> new TlsBuffers(pool, 1024, 512));
        } else {
            TlsBuffers heap = new TlsBuffers(pool, 1024, 512); // heap buffers never touch the pool
            assertEquals(0, heap.netIn.remaining());
        }
        assertEquals(0, pool.metrics().inUseBuffers());
    }

    @Test
    void aStreamThatCannotTakeItsBuffersClosesItsConnection() throws Exception {
        Certs certs = Certs.get();
        TlsConfig config = TlsTestSupport.serverBuilder(certs.serverP12).build();
        try (Runtime rt = TlsTestSupport.open(BackendKind.NIO, 1);
             TcpListener l = TcpListener.bind(rt, TlsTestSupport.ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TlsTestSupport.on(rt, () -> {
                TcpStream tcp = TcpStream.connect(rt, TlsTestSupport.localhost(l.port()), Duration.ofSeconds(10));
                try (TcpStream peer = l.accept(Duration.ofSeconds(10))) {
                    rt.buffers().close(); // nothing in the kernel holds a pooled buffer here
                    if (TlsBuffers.DIRECT) {
                        assertThrows(IllegalStateException.class, () -> TlsStream.server(rt, tcp, config));
                        assertFalse(tcp.isOpen(), "the connection is closed with the stream that could not be made");
                    } else {
                        TlsStream heap = TlsStream.server(rt, tcp, config); // heap buffers need no pool
                        assertTrue(tcp.isOpen());
                        heap.close();
                    }
                }
                return null;
            });
        }
    }

    /** {@code b} in read mode holding {@code n} bytes of {@code value}. */
    private static ByteBuffer fill(ByteBuffer b, int n, int value) {
        b.clear();
        for (int i = 0; i < n; i++) {
            b.put((byte) value);
        }
        return b.flip();
    }

    private static void assertContent(ByteBuffer b, int n, int value, int minCapacity) {
        assertTrue(b.capacity() >= minCapacity, "capacity " + b.capacity() + " < " + minCapacity);
        assertEquals(n, b.remaining());
        for (int i = b.position(); i < b.limit(); i++) {
            assertEquals((byte) value, b.get(i));
        }
    }
}
