package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loop task ({@code executeOnLoop}) that re-submits itself while it runs yields: it goes to the back of its
 * worker's queue, so with one worker two such tasks strictly alternate (a re-submitted task in the LIFO slot
 * would run again up to {@link Worker#MAX_LIFO_POLLS} more times first), as yielding virtual threads do.
 */
class LoopTaskYieldTest {
    /** Appends its letter, then re-submits itself until it ran {@code times} times. */
    private static final class Yielder implements Runnable {
        private final Runtime rt;
        private final char letter;
        private final StringBuffer order;
        private final CountDownLatch done;
        private int left;

        Yielder(Runtime rt, char letter, int times, StringBuffer order, CountDownLatch done) {
            this.rt = rt;
            this.letter = letter;
            this.left = times;
            this.order = order;
            this.done = done;
        }

        @Override
        public void run() {
            order.append(letter);
            if (--left > 0) {
                rt.executeOnLoop(this);
            } else {
                done.countDown();
            }
        }
    }

    @Test
    @Timeout(20)
    void selfResubmittingTasksAlternateOnOneWorker() throws Exception {
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend()).build()) {
            StringBuffer order = new StringBuffer();
            CountDownLatch done = new CountDownLatch(2);
            // both submitted from one loop task, so they start from the same worker's queue in this order
            rt.executeOnLoop(() -> {
                rt.executeOnLoop(new Yielder(rt, 'a', 20, order, done));
                rt.executeOnLoop(new Yielder(rt, 'b', 20, order, done));
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            String s = order.toString();
            assertEquals(40, s.length(), s);
            for (int i = 1; i < s.length(); i++) {
                assertTrue(s.charAt(i) != s.charAt(i - 1), "each re-submission lets the other task run: " + s);
            }
        }
    }
}
