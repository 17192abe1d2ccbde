package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task's future is made on demand: listeners and joiners that arrive before, during or after the task ends
 * all see its outcome, exactly once each; null values, failures and cancellation survive the lazy path.
 */
class TaskOutcomeRaceTest {

    @Test
    @Timeout(60)
    void listenersRacingCompletionEachRunOnce() throws Exception {
        int n = 20_000;
        AtomicIntegerArray calls = new AtomicIntegerArray(n);
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            List<Task<Integer>> ts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int v = i;
                Task<Integer> t = rt.spawn(() -> v);
                ts.add(t);
                if (i % 2 == 0) {
                    t.onComplete((x, e) -> calls.incrementAndGet(x)); // races the task's end
                }
            }
            for (int i = 0; i < n; i++) {
                assertEquals(i, ts.get(i).join());
                if (i % 2 == 1) {
                    int v = i;
                    ts.get(i).onComplete((x, e) -> calls.incrementAndGet(v)); // after the end: at once
                }
            }
            CountDownLatch all = new CountDownLatch(1);
            ts.get(n - 1).onComplete((x, e) -> all.countDown());
            all.await();
            for (Task<Integer> t : ts) {
                t.toCompletableFuture().join(); // every future is complete
            }
        }
        for (int i = 0; i < n; i++) {
            int c = calls.get(i);
            assertTrue(c == 1, "listener of task " + i + " ran " + c + " times");
        }
    }

    @Test
    @Timeout(30)
    void nullFailureAndCancellationOutcomes() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            Task<Object> nul = rt.spawn(() -> null);
            assertNull(nul.join());
            Task<Object> boom = rt.spawn(() -> {
                throw new IllegalArgumentException("boom");
            });
            CompletionException e = assertThrows(CompletionException.class, boom::join);
            assertTrue(e.getCause() instanceof IllegalArgumentException);
            assertTrue(!boom.isCancelled() && boom.isDone());
            CountDownLatch never = new CountDownLatch(1);
            Task<Object> stuck = rt.spawn(() -> {
                never.await();
                return null;
            });
            assertTrue(stuck.cancel());
            assertThrows(CancellationException.class, stuck::join);
            assertTrue(stuck.isCancelled());
            assertTrue(stuck.toCompletableFuture().isCompletedExceptionally());
        }
    }
}
