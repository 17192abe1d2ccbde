package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Invariant checks shared by the pool tests; call them only while no other thread uses the pool. */
final class PoolChecks {
    private PoolChecks() {
    }

    /** Conservation: allocated == in use + free, with {@code heldPooled} buffers known to be held by the test. */
    static void conserved(BufferPool pool, long heldPooled, long heldUnpooled) {
        BufferPoolMetrics m = pool.metrics();
        assertEquals(heldPooled, m.inUseBuffers(), "in use vs held: " + m);
        assertEquals(heldUnpooled, m.unpooledInUse(), "unpooled in use: " + m);
        assertEquals(m.allocatedBuffers(), m.inUseBuffers() + m.freeBuffers(), "allocated == in use + free: " + m);
    }

    /**
     * With everything released and every cache closed: each shared list holds exactly the buffers it carved,
     * and taking them all out yields distinct handles on distinct memory without carving a new slab. So nothing
     * was lost and nothing was duplicated.
     */
    static void nothingLostOrDuplicated(BufferPool pool) {
        for (int c = 0; c < pool.sizeClassCount(); c++) {
            long[] m = new long[4];
            pool.shared(c).addCounts(m);
            assertEquals(m[1], m[0], "class " + c + ": free == allocated");
            int bytes = pool.sizeClassBytes(c);
            List<PooledBuffer> all = new ArrayList<>();
            Set<PooledBuffer> handles = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<Long> addresses = new HashSet<>();
            for (long i = 0; i < m[1]; i++) {
                PooledBuffer b = pool.acquire(bytes);
                assertTrue(handles.add(b), "class " + c + ": handle twice in the free list");
                assertTrue(addresses.add(b.segment().address()), "class " + c + ": memory twice in the free list");
                all.add(b);
            }
            long[] after = new long[4];
            pool.shared(c).addCounts(after);
            assertEquals(m[1], after[1], "class " + c + ": draining carved a new slab, so buffers were lost");
            for (PooledBuffer b : all) {
                b.release();
            }
        }
    }
}
