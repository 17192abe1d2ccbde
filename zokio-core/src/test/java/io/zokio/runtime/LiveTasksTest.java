package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runtime's live-task registry: every spawned task is on it until it ends, exactly once. */
class LiveTasksTest {

    @Test
    void addRemoveIsIdempotentAndSnapshotSeesEveryStripe() {
        LiveTasks live = new LiveTasks();
        List<Task<Object>> ts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Task<Object> t = new Task<>(null, () -> null, live.pickStripe());
            live.add(t);
            ts.add(t);
        }
        assertEquals(100, live.size());
        assertEquals(new HashSet<>(ts), new HashSet<>(live.snapshot()));
        for (int i = 0; i < 100; i += 2) {
            live.remove(ts.get(i));
            live.remove(ts.get(i)); // a second removal (cancel before start, then the task's end) is a no-op
        }
        assertEquals(50, live.size());
        for (Task<?> t : live.snapshot()) {
            assertTrue(ts.indexOf(t) % 2 == 1);
        }
    }

    @Test
    @Timeout(30)
    void finishedAndCancelledTasksLeaveTheRegistry() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            List<Task<Integer>> ts = new ArrayList<>();
            CountDownLatch gate = new CountDownLatch(1);
            for (int i = 0; i < 20_000; i++) {
                int v = i;
                ts.add(rt.spawn(() -> {
                    if (v % 2 == 0) {
                        gate.await();
                    }
                    return v;
                }));
            }
            for (int i = 0; i < ts.size(); i += 4) {
                ts.get(i).cancel();
            }
            gate.countDown();
            for (Task<Integer> t : ts) {
                t.awaitDone(Long.MAX_VALUE);
            }
            while (rt.liveTasks() != 0) { // taskDone runs just after the outcome is published
                Thread.onSpinWait();
            }
            assertEquals(0, rt.liveTasks());
        }
    }
}
