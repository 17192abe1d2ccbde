package io.zokio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property tests of {@link BufferPool}: seeded random acquire, release, hand-off (release on another thread),
 * IN_KERNEL round trips and deliberate double releases, on 1 to 4 threads, with or without a
 * {@link LocalCache}, over random slab and cache sizes, touching every size class and oversized requests.
 * A failure names its seed.
 *
 * <p>Checked: no two holders ever share memory (an address map, and a stamp written at both ends of each buffer
 * that must be intact at release); a second release (where no other thread can have re-acquired the handle)
 * and a release while IN_KERNEL throw; at quiescent points
 * (all threads at a barrier) allocated == in use + free and in use == what the test holds; at the end nothing
 * was lost or duplicated.
 */
class BufferPoolPropertyTest {
    private static final int SEEDS = Integer.getInteger("zokio.test.seeds", 24);
    private static final int STEPS = 1200;
    private static final int CHECK_EVERY = 300;

    /** A buffer held by the test with the stamp its holder wrote. */
    private record Held(PooledBuffer buffer, long stamp) {
    }

    @Test
    @Timeout(180)
    void buffersAreConservedUnderRandomUse() {
        long base = 0xB0FF_0000L;
        for (int i = 0; i < SEEDS; i++) {
            long seed = base + i;
            try {
                run(seed);
            } catch (Throwable t) {
                fail("seed " + seed + ": " + t, t);
            }
        }
    }

    private static void run(long seed) throws Throwable {
        Random rnd = new Random(seed);
        long[] slabs = {4096, 64 << 10, 4 << 20};
        BufferPoolBuilder builder = BufferPool.builder().leakDetection(false)
                .slabBytes(slabs[rnd.nextInt(slabs.length)]);
        switch (rnd.nextInt(3)) {
            case 0 -> builder.cache(0, 2);
            case 1 -> builder.cache(64 << 10, 8);
            default -> builder.cache(256 << 10, 64);
        }
        int threads = 1 + rnd.nextInt(4);
        ConcurrentHashMap<Long, PooledBuffer> byAddress = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Held> handoff = new ConcurrentLinkedQueue<>();
        List<List<Held>> heldPerThread = new ArrayList<>();
        List<LocalCache> caches = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (BufferPool pool = builder.build()) {
            CyclicBarrier barrier = new CyclicBarrier(threads,
                    () -> checkQuiescent(pool, heldPerThread, handoff, failure));
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Held> held = new ArrayList<>();
                heldPerThread.add(held);
                LocalCache cache = rnd.nextInt(4) == 0 ? null : pool.newLocalCache();
                caches.add(cache);
                long threadSeed = rnd.nextLong();
                int id = t;
                started.add(Thread.ofPlatform().start(() -> {
                    try {
                        work(new Random(threadSeed), id, pool, cache, held, byAddress, handoff, barrier);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        barrier.reset();
                    }
                }));
            }
            for (Thread t : started) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            checkQuiescent(pool, heldPerThread, handoff, failure);
            for (List<Held> held : heldPerThread) {
                for (Held h : held) {
                    releaseChecked(h, byAddress);
                }
                held.clear();
            }
            for (Held h; (h = handoff.poll()) != null; ) {
                releaseChecked(h, byAddress);
            }
            PoolChecks.conserved(pool, 0, 0);
            for (LocalCache c : caches) {
                if (c != null) {
                    c.close(); // its owner has stopped, so another thread may close it
                }
            }
            PoolChecks.conserved(pool, 0, 0);
            PoolChecks.nothingLostOrDuplicated(pool);
            assertTrue(byAddress.isEmpty());
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void work(Random rnd, int id, BufferPool pool, LocalCache cache, List<Held> held,
                             ConcurrentHashMap<Long, PooledBuffer> byAddress, ConcurrentLinkedQueue<Held> handoff,
                             CyclicBarrier barrier) throws Exception {
        long counter = 0;
        for (int step = 1; step <= STEPS; step++) {
            int op = rnd.nextInt(20);
            if (op < 8 && held.size() < 24) {
                int bytes = randomSize(rnd);
                PooledBuffer b = cache != null ? cache.acquire(bytes) : pool.acquire(bytes);
                assertEquals(PooledBuffer.OWNED, b.state());
                assertTrue(b.capacity() >= bytes);
                PooledBuffer other = byAddress.putIfAbsent(b.segment().address(), b);
                if (other != null) {
                    throw new AssertionError("two holders of the memory at " + b.segment().address());
                }
                long stamp = ((long) id << 48) | ++counter;
                b.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, stamp);
                b.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, b.capacity() - 8, stamp);
                held.add(new Held(b, stamp));
            } else if (op < 13 && !held.isEmpty()) {
                releaseChecked(held.remove(rnd.nextInt(held.size())), byAddress);
            } else if (op < 15 && !held.isEmpty()) {
                handoff.add(held.remove(rnd.nextInt(held.size())));
            } else if (op < 17) {
                Held h = handoff.poll();
                if (h != null) {
                    releaseChecked(h, byAddress); // usually another thread's buffer
                }
            } else if (op < 19 && !held.isEmpty()) {
                PooledBuffer b = held.get(rnd.nextInt(held.size())).buffer();
                b.markInKernel();
                assertThrows(IllegalStateException.class, b::release);
                b.markReturned();
            } else if (!held.isEmpty()) {
                Held h = held.remove(rnd.nextInt(held.size()));
                releaseChecked(h, byAddress);
                // Handles are reused: a stale second release is caught only while nobody has re-acquired the
                // handle. That is certain when it went back to this thread's own cache (only this thread pops
                // it) or was unpooled (never reused); from the shared list another thread may take it at once.
                if (cache != null || !h.buffer().isPooled()) {
                    assertThrows(IllegalStateException.class, h.buffer()::release);
                }
            }
            if (step % CHECK_EVERY == 0) {
                barrier.await();
            }
        }
    }

    /** Sizes across every class boundary, and now and then an oversized one. */
    private static int randomSize(Random rnd) {
        int r = rnd.nextInt(100);
        if (r < 3) {
            return (1 << 20) + 1 + rnd.nextInt(1 << 20);
        }
        int shift = 9 + rnd.nextInt(12); // 512 B .. 1 MiB
        int bytes = 1 << shift;
        return switch (rnd.nextInt(3)) {
            case 0 -> bytes;
            case 1 -> bytes / 2 + 1;
            default -> 8 + rnd.nextInt(bytes - 8 + 1);
        };
    }

    private static void releaseChecked(Held h, ConcurrentHashMap<Long, PooledBuffer> byAddress) {
        PooledBuffer b = h.buffer();
        long addr = b.segment().address();
        assertEquals(h.stamp(), b.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 0), "someone else wrote here");
        assertEquals(h.stamp(), b.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, b.capacity() - 8));
        assertTrue(byAddress.remove(addr, b), "buffer not registered as held");
        b.release();
    }

    private static void checkQuiescent(BufferPool pool, List<List<Held>> heldPerThread,
                                       ConcurrentLinkedQueue<Held> handoff, AtomicReference<Throwable> failure) {
        try {
            long pooled = 0;
            long unpooled = 0;
            List<Held> all = new ArrayList<>(handoff);
            heldPerThread.forEach(all::addAll);
            for (Held h : all) {
                if (h.buffer().isPooled()) {
                    pooled++;
                } else {
                    unpooled++;
                }
            }
            PoolChecks.conserved(pool, pooled, unpooled);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            throw t;
        }
    }
}
