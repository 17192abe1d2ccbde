package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.Zokio;
import io.zokio.buffer.BufferPoolMetrics;
import io.zokio.buffer.PooledBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime's buffer pool uses each worker's cache for the worker thread and the AFFINE virtual threads it
 * carries: hits without locks, and never one buffer handed to two holders, even when tasks of one worker
 * interleave at yields and at the shared lists' lock.
 */
class WorkerBufferCacheTest {

    @Test
    @Timeout(60)
    void affineVirtualThreadsHitTheirWorkersCacheAndNeverShareABuffer() throws Exception {
        try (Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 2)) {
            Set<Long> held = ConcurrentHashMap.newKeySet(); // addresses currently owned by some task
            AtomicInteger doubles = new AtomicInteger();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                long seed = t;
                tasks.add(rt.spawn(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    List<PooledBuffer> mine = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        if (mine.size() < 8 && (mine.isEmpty() || r.nextBoolean())) {
                            PooledBuffer b = rt.buffers().acquire(512 << r.nextInt(4));
                            if (!held.add(b.segment().address())) {
                                doubles.incrementAndGet();
                            }
                            mine.add(b);
                        } else {
                            PooledBuffer b = mine.remove(r.nextInt(mine.size()));
                            held.remove(b.segment().address());
                            b.release();
                        }
                        if (r.nextInt(16) == 0) {
                            Zokio.yieldNow(); // another task of this worker runs in between
                        }
                    }
                    for (PooledBuffer b : mine) {
                        held.remove(b.segment().address());
                        b.release();
                    }
                    return null;
                }));
            }
            for (Task<Void> t : tasks) {
                t.join();
            }
            assertEquals(0, doubles.get(), "a buffer was handed to two holders at once");
            BufferPoolMetrics m = rt.metrics().buffers();
            assertEquals(0, m.inUseBuffers(), "every buffer came back: " + m);
            assertTrue(m.cacheHits() > m.acquires() / 2, "most acquires hit a worker cache: " + m);
        }
    }

    @Test
    @Timeout(30)
    void executeTasksOnWorkersUseTheCacheAndOutsideThreadsTheSharedLists() throws Exception {
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .carrierMode(CarrierMode.SHARED).build()) {
            PooledBuffer outside = rt.buffers().acquire(4096);
            outside.release();
            assertEquals(0, rt.metrics().buffers().cacheHits(), "an outside thread has no cache");
            CountDownLatch done = new CountDownLatch(1);
            rt.executeOnLoop(() -> {
                for (int i = 0; i < 100; i++) {
                    rt.buffers().acquire(4096).release();
                }
                done.countDown();
            });
            assertTrue(done.await(20, TimeUnit.SECONDS));
            BufferPoolMetrics m = rt.metrics().buffers();
            assertTrue(m.cacheHits() >= 99, "a worker's execute tasks hit its cache: " + m);
            assertEquals(0, m.inUseBuffers());
        }
    }
}
