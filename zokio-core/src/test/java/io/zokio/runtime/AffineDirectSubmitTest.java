package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.Completion;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AFFINE: a virtual thread carried by the target loop's worker submits straight to that loop (counted in
 * {@code Worker.directSubmits}); I/O for another worker's loop still goes through {@code execute}, and a
 * virtual thread on any other carrier is still rejected by {@code EventLoop.submit}. Skips without the
 * {@code --add-opens} that AFFINE needs.
 */
class AffineDirectSubmitTest {
    private static final int OPS = 200;

    private static long directSubmits(Runtime rt) {
        long n = 0;
        for (int i = 0; i < rt.workers(); i++) {
            n += rt.worker(i).directSubmits;
        }
        return n;
    }

    private static Completion nop() {
        return new Completion().prepNop();
    }

    @Test
    @Timeout(30)
    void ioOnTheCarriersOwnLoopIsSubmittedDirectlyAndOtherLoopsAreRouted() throws Exception {
        Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 2);
        long[] counts;
        try {
            counts = rt.blockOn(() -> {
                long own = 0;
                long other = 0;
                for (int i = 0; i < OPS; i++) {
                    // no park between reading the carrier and submitting: the carrier cannot change
                    int k = AffineCarriers.carrierWorker().index;
                    long before = rt.worker(k).directSubmits;
                    assertEquals(0, rt.submitAndAwait(k, nop()));
                    own += rt.worker(k).directSubmits - before; // read on the same carrier: exact
                    int j = AffineCarriers.carrierWorker().index;
                    long beforeOther = directSubmits(rt);
                    assertEquals(0, rt.submitAndAwait(1 - j, nop()));
                    other += directSubmits(rt) - beforeOther;
                }
                return new long[] {own, other};
            });
        } finally {
            rt.close();
        }
        assertEquals(OPS, counts[0], "every operation on the carrier's own loop took the direct path");
        assertEquals(0, counts[1], "operations on the other worker's loop went through execute()");
    }

    /**
     * A task that submits to its carrier's loop before that worker ever turned its loop must not bind the loop
     * to the virtual thread (the worker would then fail on its own next submit).
     */
    @Test
    @Timeout(60)
    void directSubmitRightAfterStartDoesNotStealTheLoopsOwnership() throws Exception {
        for (int i = 0; i < 30; i++) {
            Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 2);
            try {
                Task<Integer> t = rt.spawn(() -> rt.submitAndAwait(AffineCarriers.carrierWorker().index, nop()));
                assertEquals(0, t.join());
                assertEquals(0, rt.blockOn(() -> rt.submitAndAwait(0, nop()) + rt.submitAndAwait(1, nop())));
            } finally {
                rt.close();
            }
        }
    }

    @Test
    @Timeout(30)
    void sharedModeNeverSubmitsDirectly() throws Exception {
        try (Runtime rt = CarrierModeTest.open(CarrierMode.SHARED, 2)) {
            rt.blockOn(() -> {
                for (int i = 0; i < OPS; i++) {
                    rt.submitAndAwait(i & 1, nop());
                }
                return null;
            });
            rt.close();
            assertEquals(0, directSubmits(rt));
        }
    }

    @Test
    @Timeout(30)
    void eventLoopAcceptsTheCarriedVirtualThreadAndRejectsOthers() throws Exception {
        try (Runtime rt = CarrierModeTest.open(CarrierMode.AFFINE, 2)) {
            rt.onLoop(0, l -> 0); // both loops are bound to their workers by now (they have run)
            rt.onLoop(1, l -> 0);
            String verdict = rt.blockOn(() -> {
                int k = AffineCarriers.carrierWorker().index;
                // a virtual thread carried by worker k is accepted by k's loop (no park in between)...
                rt.worker(k).loop.submit(nop().callback((l, c, r) -> Action.DISARM));
                // ...and rejected by the other worker's loop
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> rt.worker(1 - k).loop.submit(nop().callback((l, c, r) -> Action.DISARM)));
                return e.getMessage();
            });
            assertTrue(verdict.contains("bound to thread"), verdict);
            // a virtual thread of the JDK's own scheduler is never carried by a worker
            AtomicReference<Throwable> shared = new AtomicReference<>();
            Thread.ofVirtual().start(() -> {
                try {
                    rt.worker(0).loop.submit(nop().callback((l, c, r) -> Action.DISARM));
                } catch (Throwable t) {
                    shared.set(t);
                }
            }).join();
            assertTrue(shared.get() instanceof IllegalStateException, String.valueOf(shared.get()));
        }
    }
}
