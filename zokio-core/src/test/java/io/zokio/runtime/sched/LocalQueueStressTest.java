package io.zokio.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrent stress of {@link LocalQueue} and {@link InjectQueue}: the owner pushes 1M tasks (popping some as
 * it goes, overflowing when full) while two other workers steal from it and from each other, pop their own
 * queues and drain the inject queue. Every task must be taken exactly once. One queue's positions start just
 * before the 32-bit wrap.
 */
class LocalQueueStressTest {
    private static final int TASKS = Integer.getInteger("zokio.test.stressTasks", 1_000_000);

    /** Everything the three threads share. */
    private static final class Shared {
        final AtomicIntegerArray seen = new AtomicIntegerArray(TASKS);
        final AtomicInteger taken = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final LongAdder steals = new LongAdder();
        final LongAdder overflowed = new LongAdder();
        final InjectQueue<Integer> inject = new InjectQueue<>();
        /** The owner's overflow: counts, then hands to the inject queue. */
        final Overflow<Integer> countingOverflow = new Overflow<>() {
            @Override
            public void pushOverflow(Integer task) {
                overflowed.increment();
                inject.pushOverflow(task);
            }

            @Override
            public void pushOverflowBatch(Object[] tasks, int count) {
                overflowed.add(count);
                inject.pushOverflowBatch(tasks, count);
            }
        };
        final LocalQueue.Owner<Integer>[] queues;
        volatile boolean stop;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Shared() {
            queues = new LocalQueue.Owner[] {
                LocalQueue.create(), LocalQueue.create(Integer.MAX_VALUE - 1000), LocalQueue.create(-77)};
        }

        boolean running() {
            return taken.get() < TASKS && failure.get() == null && !stop;
        }

        void take(Integer t) {
            if (t == null) {
                return;
            }
            if (seen.getAndIncrement(t) != 0) {
                failure.compareAndSet(null, new AssertionError("task " + t + " taken twice"));
            }
            taken.incrementAndGet();
        }
    }

    /**
     * {@code overflow = true}: the owner pushes regardless, so a full queue overflows into the inject queue.
     * {@code overflow = false}: the owner pops instead of pushing into a full queue, so every task leaves the
     * owner's queue by a pop or a steal racing with it.
     */
    @ParameterizedTest(name = "overflow={0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void ownerPushesAndPopsWhileTwoWorkersSteal(boolean overflow) throws InterruptedException {
        long seed = System.nanoTime();
        Shared s = new Shared();
        Runnable owner = () -> {
            Random rnd = new Random(seed);
            LocalQueue.Owner<Integer> q = s.queues[0];
            for (int i = 0; i < TASKS && !s.stop; ) {
                if (!overflow && q.remainingSlots() == 0) {
                    s.take(q.pop());
                    continue;
                }
                q.push(i++, s.countingOverflow);
                if (!overflow && (i & 4095) == 0) {
                    Thread.yield(); // on a small machine, let the stealers run while the queue is full
                }
                if (rnd.nextInt(3) == 0) {
                    s.take(q.pop());
                }
            }
            work(s, 0);
        };
        Thread[] threads = {
            Thread.ofPlatform().name("owner").unstarted(owner),
            Thread.ofPlatform().name("stealer-1").unstarted(() -> work(s, 1)),
            Thread.ofPlatform().name("stealer-2").unstarted(() -> work(s, 2)),
        };
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((th, e) -> s.failure.compareAndSet(null, e));
            t.start();
        }
        // Hang guard only: a lost task shows up as workers that never reach TASKS.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        s.stop = true;
        for (Thread t : threads) {
            t.join();
        }
        if (s.failure.get() != null) {
            fail("seed " + seed + ": " + s.failure.get(), s.failure.get());
        }
        int notOnce = 0;
        for (int i = 0; i < TASKS; i++) {
            if (s.seen.get(i) != 1) {
                notOnce++;
            }
        }
        assertEquals(0, notOnce, "seed " + seed + ": tasks not taken exactly once");
        assertEquals(TASKS, s.taken.get());
        if (!overflow) {
            assertEquals(0, s.inject.len() + (int) s.overflowed.sum(), "nothing may overflow");
        }
        System.out.println("LocalQueueStressTest overflow=" + overflow + ": " + TASKS + " tasks, "
                + s.steals.sum() + " successful steals, seed " + seed);
    }

    /** A worker's loop: own queue, then steal round-robin, then the inject queue. */
    private static void work(Shared s, int me) {
        LocalQueue.Owner<Integer> own = s.queues[me];
        int victim = me;
        while (s.running()) {
            Integer t = own.pop();
            if (t == null) {
                victim = (victim + 1) % s.queues.length;
                if (victim != me) {
                    t = s.queues[victim].stealer().stealInto(own);
                    if (t != null) {
                        s.steals.increment();
                    }
                }
            }
            if (t == null) {
                t = s.inject.popBatchInto(own, 17);
            }
            if (t == null) {
                Thread.yield();
            } else {
                s.take(t);
            }
        }
    }
}
