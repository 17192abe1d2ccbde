package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adaptive blocking pool grows when every thread is blocked and work waits; fixed without tuning. */
class BlockingPoolTest {

    @Test
    @Timeout(60)
    void theLimitGrowsUntilEveryBlockedTaskRunsAtOnce() throws Exception {
        int tasks = 40;
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .blockingThreads(64).build()) {
            int start = rt.metrics().blockingLimit();
            assertTrue(start < tasks, "starts below the load: " + start);
            CountDownLatch running = new CountDownLatch(tasks);
            CountDownLatch release = new CountDownLatch(1);
            List<Task<Object>> ts = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                ts.add(rt.blocking(() -> {
                    running.countDown();
                    release.await(); // every thread blocks: only a larger limit lets the rest start
                    return null;
                }));
            }
            assertTrue(running.await(50, TimeUnit.SECONDS), "all " + tasks + " tasks ran at once");
            assertTrue(rt.metrics().blockingLimit() >= tasks);
            assertTrue(rt.metrics().blockingAdaptations() >= 1);
            release.countDown();
            for (Task<Object> t : ts) {
                t.join();
            }
        }
    }

    @Test
    @Timeout(30)
    void withoutAdaptiveTuningTheLimitIsTheMaximum() {
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .blockingThreads(12).adaptiveTuning(false).build()) {
            assertEquals(12, rt.metrics().blockingLimit());
            assertEquals(0, rt.metrics().blockingAdaptations());
        }
    }

    @Test
    @Timeout(30)
    void withoutAdaptiveTuningBlockingWorkRunsAndNothingAdapts() throws Exception {
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .blockingThreads(2).adaptiveTuning(false).build()) {
            Task<String> a = rt.blocking(() -> Thread.currentThread().getName());
            Task<Integer> b = rt.blocking(() -> 6 * 7);
            assertTrue(a.join().startsWith("zokio-blocking-"), a.join());
            assertEquals(42, b.join());
            assertEquals(2, rt.metrics().blockingLimit());
            assertEquals(0, rt.metrics().blockingAdaptations());
        }
    }
}
