package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Properties of the scheduler that hang (until @Timeout) when broken, rather than depend on timing. */
class SchedulerFairnessTest {

    /**
     * A worker pushes 200 tasks to its own queue and then blocks until 199 of them ran: only a steal by the
     * other worker (woken because the queue had work) can run them; the last one waits in the LIFO slot.
     */
    @Test
    @Timeout(20)
    void anIdleWorkerStealsFromABlockedOne() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            int n = 200;
            CountDownLatch stolenDone = new CountDownLatch(n - 1);
            AtomicInteger ranOnOther = new AtomicInteger();
            CompletableFuture<Boolean> lifoRanLast = new CompletableFuture<>();
            rt.executeOnLoop(() -> {
                Worker me = Worker.current();
                for (int i = 0; i < n; i++) {
                    boolean last = i == n - 1;
                    rt.executeOnLoop(() -> {
                        if (last) {
                            lifoRanLast.complete(Worker.current() == me && stolenDone.getCount() == 0);
                        } else {
                            if (Worker.current() != me) {
                                ranOnOther.incrementAndGet();
                            }
                            stolenDone.countDown();
                        }
                    });
                }
                try {
                    stolenDone.await(); // blocks this worker: the others must be stolen
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(lifoRanLast.get());
            assertEquals(n - 1, ranOnOther.get());
        }
    }

    /**
     * One worker busy with a task that reschedules itself forever: the fairness interval still lets a task
     * from the inject queue and a loop operation through.
     */
    @Test
    @Timeout(20)
    void aSelfReschedulingTaskStarvesNeitherTheInjectQueueNorTheLoop() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            AtomicBoolean stop = new AtomicBoolean();
            Runnable[] spin = new Runnable[1];
            spin[0] = () -> {
                if (!stop.get()) {
                    rt.executeOnLoop(spin[0]);
                }
            };
            rt.executeOnLoop(spin[0]);
            CountDownLatch injected = new CountDownLatch(1);
            rt.executeOnLoop(injected::countDown); // from outside: the inject queue
            injected.await();
            int v = rt.onLoop(0, loop -> 7); // a loop task: needs a loop turn
            assertEquals(7, v);
            int nop = rt.blockOn(() -> rt.submitAndAwait(0, new io.zokio.loop.Completion().prepNop()));
            assertEquals(0, nop);
            stop.set(true);
        }
    }
}
