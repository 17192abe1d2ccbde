package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime's live-task registry: every spawned task is on it until it ends, exactly once; gone tasks are
 * unlinked by later adds and by a parking worker's sweep, so the list stays near the live count.
 */
class LiveTasksTest {

    @Test
    void addRemoveIsIdempotentAndSnapshotSeesEveryStripe() {
        LiveTasks live = new LiveTasks(2);
        List<Task<Object>> ts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Task<Object> t = new Task<>(null, () -> null, live.pickStripe(i % 3 - 1));
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
    void goneTasksAreUnlinkedByLaterAddsSoTheListStaysNearTheLiveCount() {
        LiveTasks live = new LiveTasks(2);
        List<Task<Object>> first = addTasks(live, 10_000);
        first.forEach(live::remove);
        assertEquals(0, live.size());
        List<Task<Object>> second = addTasks(live, 10_000);

        assertEquals(10_000, live.size());
        assertEquals(new HashSet<>(second), new HashSet<>(live.snapshot()));
        // each stripe swept the first batch out once it doubled: at most the second batch is left linked
        assertTrue(live.linked() <= second.size(), "entries still linked: " + live.linked());
        for (Task<?> t : first) {
            assertTrue(t.liveNext == null || first.contains(t.liveNext), "a gone task still links a live one");
        }
    }

    @Test
    void aParkingWorkerSweepsWhenGoneTasksAreMostOfTheListAtMostOncePerInterval() {
        LiveTasks live = new LiveTasks(2);
        addTasks(live, 5_000).forEach(live::remove);
        List<Task<Object>> kept = addTasks(live, 100);
        int before = live.linked();
        assertTrue(before > 1_000, "the adds alone did not sweep everything: " + before);

        live.sweepIfWorthIt(1_000);
        assertEquals(kept.size(), live.linked());
        assertEquals(new HashSet<>(kept), new HashSet<>(live.snapshot()));

        addTasks(live, 5_000).forEach(live::remove);
        int garbage = live.linked();
        live.sweepIfWorthIt(2_000); // within 10 ms of the last look: no sweep
        assertEquals(garbage, live.linked());
        live.sweepIfWorthIt(1_000 + 10_000_000);
        assertEquals(kept.size(), live.linked());

        kept.subList(0, 10).forEach(live::remove); // a few gone among many live: not worth a sweep
        live.sweepIfWorthIt(1_000 + 30_000_000);
        assertEquals(kept.size(), live.linked());
        assertEquals(kept.size() - 10, live.size());
    }

    private static List<Task<Object>> addTasks(LiveTasks live, int n) {
        List<Task<Object>> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Task<Object> t = new Task<>(null, () -> null, live.pickStripe(i % 3 - 1));
            live.add(t);
            ts.add(t);
        }
        return ts;
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
