package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lightweight tasks: execute from outside and from workers, stealing, shutdown. */
class RuntimeExecuteTest {

    @Test
    @Timeout(20)
    void executeFromOutsideRunsEveryTaskOnAWorker() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            int n = 10_000;
            CountDownLatch done = new CountDownLatch(n);
            AtomicInteger offWorker = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                rt.executeOnLoop(() -> {
                    if (!Runtime.isWorkerThread()) {
                        offWorker.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            done.await();
            assertEquals(0, offWorker.get());
        }
    }

    @Test
    @Timeout(20)
    void parkedWorkersWakeForEachLateTask() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            // every round waits for the previous one, so the workers park between rounds
            for (int round = 0; round < 200; round++) {
                CountDownLatch done = new CountDownLatch(1);
                rt.executeOnLoop(done::countDown);
                done.await();
            }
        }
    }

    @Test
    @Timeout(20)
    void pingPongBetweenLocalTasks() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            int rounds = 100_000;
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger count = new AtomicInteger();
            Runnable[] ping = new Runnable[1];
            ping[0] = () -> {
                if (count.incrementAndGet() == rounds) {
                    done.countDown();
                } else {
                    rt.executeOnLoop(ping[0]); // from a worker: the LIFO slot
                }
            };
            rt.executeOnLoop(ping[0]);
            done.await();
            assertEquals(rounds, count.get());
            // the ping-pong lives in one worker's LIFO slot: a hand-off never wakes anyone; the few wakeups come
            // from the first task and from searching workers parking (how many depends on the OS scheduler, so
            // the bound is far from the one-wakeup-per-hand-off of a scheduler that notified on every execute)
            assertTrue(rt.wakeups() <= 100, "busy workers were woken: " + rt.wakeups());
        }
    }

    /** 1M tasks fanned out from workers (local queues, overflow, stealing): none lost, none run twice. */
    @Test
    @Timeout(60)
    void millionTasksUnderStealingRunExactlyOnce() throws Exception {
        int roots = 1_000;
        int perRoot = 1_000;
        int total = roots * perRoot;
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        CountDownLatch done = new CountDownLatch(total);
        try (Runtime rt = RuntimeTestSupport.nio(4)) {
            for (int r = 0; r < roots; r++) {
                int base = r * perRoot;
                rt.executeOnLoop(() -> {
                    runs.incrementAndGet(base);
                    done.countDown();
                    for (int i = 1; i < perRoot; i++) {
                        int id = base + i;
                        rt.executeOnLoop(() -> {
                            runs.incrementAndGet(id);
                            done.countDown();
                        });
                    }
                });
            }
            done.await();
        }
        for (int i = 0; i < total; i++) {
            if (runs.get(i) != 1) {
                throw new AssertionError("task " + i + " ran " + runs.get(i) + " times");
            }
        }
    }

    @Test
    @Timeout(20)
    void workersRunTheRequestedBackend() {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            String want = RuntimeTestSupport.testBackend() == io.zokio.loop.BackendKind.NIO ? "nio" : "io_uring";
            assertEquals(want, rt.backendName());
            // the default carrier mode is detected: AFFINE exactly when the JDK's hooks are open
            assertEquals(AffineCarriers.available() ? CarrierMode.AFFINE : CarrierMode.SHARED, rt.carrierMode());
        }
    }

    @Test
    @Timeout(20)
    void executeAfterCloseIsRejected() {
        Runtime rt = RuntimeTestSupport.nio(1);
        rt.close();
        assertThrows(RejectedExecutionException.class, () -> rt.executeOnLoop(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> rt.spawn(() -> 1));
    }

    @Test
    @Timeout(20)
    void closeRunsTasksAlreadyAcceptedAndReturnsThreads() throws Exception {
        Set<Thread> before = RuntimeTestSupport.zokioThreads();
        AtomicInteger ran = new AtomicInteger();
        Runtime rt = RuntimeTestSupport.nio(3);
        for (int i = 0; i < 10_000; i++) {
            rt.executeOnLoop(ran::incrementAndGet);
        }
        rt.close();
        assertEquals(10_000, ran.get());
        RuntimeTestSupport.assertNoNewThreads(before);
    }

    @Test
    @Timeout(20)
    void closeOnAWorkerFailsFast() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            AtomicReference<Throwable> err = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            rt.executeOnLoop(() -> {
                try {
                    rt.close();
                } catch (Throwable t) {
                    err.set(t);
                }
                done.countDown();
            });
            done.await();
            assertTrue(err.get() instanceof IllegalStateException, String.valueOf(err.get()));
        }
    }
}
