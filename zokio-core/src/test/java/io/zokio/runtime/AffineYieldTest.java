package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Thread.yield()} of an AFFINE virtual thread sends it to the back of its worker's queue: with one
 * worker, two yielding threads strictly alternate (a yielder put in the LIFO slot would run again up to
 * {@link Worker#MAX_LIFO_POLLS} more times first).
 */
class AffineYieldTest {
    @Test
    @Timeout(20)
    void yieldingThreadsAlternateOnOneWorker() throws Exception {
        try (Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 1)) {
            StringBuffer order = new StringBuffer();
            Task<Void> a = rt.spawn(() -> {
                Task<Void> b = rt.spawn(() -> {
                    for (int i = 0; i < 20; i++) {
                        order.append('b');
                        Thread.yield();
                    }
                    return null;
                });
                for (int i = 0; i < 20; i++) {
                    order.append('a');
                    Thread.yield();
                }
                b.join();
                return null;
            });
            a.join();
            assertEquals("ab".repeat(20), order.toString(), "each yield lets the other thread run once");
        }
    }
}
