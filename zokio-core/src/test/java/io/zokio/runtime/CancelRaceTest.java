package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancel racing a task's end: whatever the interleaving, {@code cancel()} returns true exactly when the task
 * ends cancelled, and {@code isCancelled()} agrees with what {@code join()} reports: a task that has just
 * returned must not publish its value after a cancel returned true.
 */
class CancelRaceTest {

    @Test
    @Timeout(120)
    void cancelReturnsTrueExactlyWhenTheTaskEndsCancelled() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            int won = 0;
            int lost = 0;
            for (int i = 0; i < 200_000; i++) {
                int id = i;
                Task<Integer> t = rt.spawn(() -> id);
                for (int spin = i % 64; spin > 0; spin--) {
                    Thread.onSpinWait(); // vary where the cancel lands relative to the task's end
                }
                boolean cancelled = t.cancel();
                boolean endedCancelled;
                try {
                    assertEquals(id, t.join());
                    endedCancelled = false;
                } catch (CancellationException e) {
                    endedCancelled = true;
                }
                assertEquals(cancelled, endedCancelled, "task " + i + ": cancel() returned " + cancelled);
                assertEquals(endedCancelled, t.isCancelled(), "task " + i + ": isCancelled() disagrees with join()");
                if (cancelled) {
                    won++;
                } else {
                    lost++;
                }
            }
            System.out.println("cancel race: cancel won " + won + ", the task's end won " + lost);
            assertTrue(won > 0 && lost > 0, "both sides of the race were exercised: won " + won + ", lost " + lost);
        }
    }
}
