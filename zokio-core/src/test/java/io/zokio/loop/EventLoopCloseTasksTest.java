package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * close() runs every task accepted before it, in order, also those beyond one turn's batch; a task that throws
 * there does not stop the ones after it, and tasks offered after the close are refused.
 */
@Timeout(10)
class EventLoopCloseTasksTest {
    /** One turn's task batch in the loop (tasks beyond it wait for the next turn). */
    private static final int BATCH = 4096;

    @Test
    void tasksBeyondTheBatchRunAtCloseEvenAfterOneThrows() {
        EventLoop loop = new EventLoop(new FakeBackend(), new TestClock(), IdleMode.POWER_SAVE);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            int n = i;
            loop.execute(() -> ran.add(n));
        }
        loop.execute(() -> {
            ran.add(-1);
            throw new IllegalStateException("a task failing at close");
        });
        loop.execute(() -> ran.add(BATCH));
        loop.close();
        assertEquals(BATCH + 2, ran.size());
        for (int i = 0; i < BATCH; i++) {
            assertEquals(i, ran.get(i));
        }
        assertEquals(-1, ran.get(BATCH), "the failing task ran after the batch");
        assertEquals(BATCH, ran.get(BATCH + 1), "and the one after it still ran");
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> ran.add(0)));
        assertEquals(BATCH + 2, ran.size());
    }
}
