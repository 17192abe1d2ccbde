package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JoinSet yields tasks in the order they finish. */
class JoinSetTest {

    @Test
    @Timeout(20)
    void yieldsTasksAsTheyFinish() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            CountDownLatch releaseFirst = new CountDownLatch(1);
            try (JoinSet<String> set = rt.joinSet()) {
                set.spawn(() -> {
                    releaseFirst.await();
                    return "slow";
                });
                set.spawn(() -> "fast");
                assertEquals(2, set.size());
                assertEquals("fast", set.next().join());
                releaseFirst.countDown();
                assertEquals("slow", set.next().join());
                assertNull(set.next());
            }
        }
    }

    @Test
    @Timeout(20)
    void manyTasksEachReturnedOnce() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2); JoinSet<Integer> set = rt.joinSet()) {
            int n = 10_000;
            for (int i = 0; i < n; i++) {
                int v = i;
                set.spawn(() -> v);
            }
            boolean[] seen = new boolean[n];
            Task<Integer> t;
            int count = 0;
            while ((t = set.next()) != null) {
                assertTrue(t.isDone());
                int v = t.join();
                assertTrue(!seen[v]);
                seen[v] = true;
                count++;
            }
            assertEquals(n, count);
        }
    }

    @Test
    @Timeout(20)
    void closeCancelsRunningTasks() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            CountDownLatch started = new CountDownLatch(1);
            Task<Object> t;
            try (JoinSet<Object> set = rt.joinSet()) {
                t = set.spawn(() -> {
                    started.countDown();
                    new CountDownLatch(1).await();
                    return null;
                });
                started.await();
            }
            assertTrue(t.isDone());
            assertThrows(CancellationException.class, t::join);
        }
    }
}
