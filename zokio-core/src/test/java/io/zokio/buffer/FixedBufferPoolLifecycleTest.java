package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The size bounds of a fixed-buffer pool, its totals, and what it does once closed. */
class FixedBufferPoolLifecycleTest {

    @Test
    void boundsAreThoseOfTheKernel() {
        assertThrows(IllegalArgumentException.class, () -> new FixedBufferPool(16385, 4096));
        assertThrows(IllegalArgumentException.class, () -> new FixedBufferPool(1, (1 << 30) + 1));
    }

    @Test
    void totalsCountRequestedBytesAndAClosedPoolRefusesAcquire() {
        FixedBufferPool pool = new FixedBufferPool(3, 5000);
        assertEquals(5000, pool.bufferBytes());
        assertEquals(15_000, pool.totalBytes());
        FixedBufferPool.FixedBuffer b = pool.acquire();
        assertSame(pool, b.pool());
        assertEquals("FixedBuffer[0, 5000 B]", b.toString());
        b.release();
        IllegalStateException twice = assertThrows(IllegalStateException.class, b::release);
        assertTrue(twice.getMessage().contains("released twice"), twice.getMessage());
        pool.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, pool::acquire);
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        pool.close(); // a second close does nothing
        assertEquals(3, pool.available());
    }
}
