package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Four workers, each with its own {@link LocalCache}, acquire and release at full speed while passing some
 * buffers to the next worker in a ring (so releases land on the shared pool and batches move both ways), and a
 * fifth thread without a cache uses the fallback path. Every buffer carries a stamp at both ends that must be
 * intact when it is released: two holders of one buffer would overwrite each other. At the end nothing was
 * lost or duplicated and the counters add up.
 */
class BufferPoolConcurrencyTest {
    private static final int WORKERS = 4;
    private static final int OPS = 100_000;
    private static final int[] SIZES = {512, 4096, 16 << 10, 64 << 10};

    @Test
    @Timeout(120)
    void cachesAndTheSharedPoolNeitherLoseNorDuplicate() throws Throwable {
        try (BufferPool pool = BufferPool.builder().leakDetection(false).cache(64 << 10, 16).build()) {
            List<ArrayBlockingQueue<PooledBuffer>> inboxes = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                inboxes.add(new ArrayBlockingQueue<>(64));
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<LocalCache> caches = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                LocalCache cache = pool.newLocalCache();
                caches.add(cache);
                int id = w;
                threads.add(Thread.ofPlatform().start(() -> guard(failure, () -> {
                    start.await();
                    worker(id, new Random(0xC0DE + id), cache, inboxes.get(id),
                            inboxes.get((id + 1) % WORKERS));
                })));
            }
            threads.add(Thread.ofPlatform().start(() -> guard(failure, () -> {
                start.await();
                Random rnd = new Random(0xFA11);
                for (int i = 0; i < OPS / 10; i++) {
                    PooledBuffer b = pool.acquire(SIZES[rnd.nextInt(SIZES.length)]);
                    long stamp = stamp(b, 99, i);
                    check(b, stamp);
                    b.release();
                }
            })));
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            for (ArrayBlockingQueue<PooledBuffer> inbox : inboxes) {
                for (PooledBuffer b; (b = inbox.poll()) != null; ) {
                    b.release();
                }
            }
            BufferPoolMetrics m = pool.metrics();
            assertEquals(0, m.inUseBuffers(), m.toString());
            assertEquals((long) WORKERS * OPS + OPS / 10, m.acquires(), m.toString());
            assertTrue(m.cacheHitRate() > 0.5, "hit rate " + m.cacheHitRate());
            PoolChecks.conserved(pool, 0, 0);
            for (LocalCache c : caches) {
                c.close();
            }
            PoolChecks.nothingLostOrDuplicated(pool);
        }
    }

    private static void worker(int id, Random rnd, LocalCache cache, ArrayBlockingQueue<PooledBuffer> inbox,
                               ArrayBlockingQueue<PooledBuffer> next) {
        ArrayDeque<PooledBuffer> held = new ArrayDeque<>();
        ArrayDeque<Long> stamps = new ArrayDeque<>();
        for (int i = 0; i < OPS; i++) {
            PooledBuffer b = cache.acquire(SIZES[rnd.nextInt(SIZES.length)]);
            long stamp = stamp(b, id, i);
            held.addLast(b);
            stamps.addLast(stamp);
            if (held.size() > 8) {
                PooledBuffer old = held.pollFirst();
                check(old, stamps.pollFirst());
                // some buffers go to the next worker, which releases them on its own thread
                if ((i & 7) != 0 || !next.offer(old)) {
                    old.release();
                }
            }
            PooledBuffer foreign = inbox.poll();
            if (foreign != null) {
                foreign.release();
            }
        }
        while (!held.isEmpty()) {
            PooledBuffer old = held.pollFirst();
            check(old, stamps.pollFirst());
            old.release();
        }
    }

    private static long stamp(PooledBuffer b, int id, int i) {
        long stamp = ((long) id << 40) | i | ((long) b.generation() << 20);
        b.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, stamp);
        b.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, b.capacity() - 8, stamp);
        return stamp;
    }

    private static void check(PooledBuffer b, long stamp) {
        long head = b.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        long tail = b.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, b.capacity() - 8);
        if (head != stamp || tail != stamp) {
            throw new AssertionError("buffer written by another holder: " + head + "/" + tail + " != " + stamp);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void guard(AtomicReference<Throwable> failure, Body body) {
        try {
            body.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}
