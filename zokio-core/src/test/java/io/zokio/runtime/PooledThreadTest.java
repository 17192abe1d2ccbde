package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AFFINE task threads are reused: a task never sees an earlier task's thread-locals or interrupt status, and
 * closing the runtime ends every idle thread. Skips without the AFFINE hooks.
 */
class PooledThreadTest {
    private static final ThreadLocal<String> LOCAL = new ThreadLocal<>();
    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    @Test
    @Timeout(30)
    void reusedThreadsStartEachTaskCleanAndEndWithTheRuntime() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<String> leaks = java.util.Collections.synchronizedList(new ArrayList<>());
        int tasks = 2_000;
        try (Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 2)) {
            // a parent task spawns children one after another, so that a finished child's thread is idle in a
            // pool when the next spawn looks there
            rt.blockOn(() -> {
                for (int i = 0; i < tasks; i++) {
                    int n = i;
                    rt.spawn(() -> {
                        threads.add(Thread.currentThread());
                        if (LOCAL.get() != null || INHERITED.get() != null) {
                            leaks.add("task " + n + " saw thread-locals " + LOCAL.get() + "/" + INHERITED.get());
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            leaks.add("task " + n + " started interrupted");
                        }
                        LOCAL.set("task " + n);
                        INHERITED.set("task " + n);
                        Thread.currentThread().interrupt(); // must not reach the next task on this thread
                        return null;
                    }).join();
                }
                return null;
            });
            assertTrue(threads.size() < tasks, "threads were reused: " + threads.size() + " for " + tasks + " tasks");
        }
        assertEquals(List.of(), leaks);
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive(), "an idle task thread outlived its runtime: " + t);
        }
        assertNull(LOCAL.get());
    }
}
