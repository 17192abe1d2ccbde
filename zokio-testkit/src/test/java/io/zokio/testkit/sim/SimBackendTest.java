package io.zokio.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The completion contract and virtual time of {@link SimBackend}. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SimBackendTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> SimConfig.defaults().withLatency(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> SimConfig.defaults().withLatency(10, 5));
        assertThrows(IllegalArgumentException.class, () -> SimConfig.defaults().withFaultRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> SimConfig.defaults().withFaultRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SimConfig.defaults().withShortRate(-0.1));
        assertThrows(IllegalArgumentException.class, () -> SimConfig.defaults().withSocketBufferBytes(0));
        SimConfig d = SimConfig.defaults();
        assertEquals(SimConfig.DEFAULT_MIN_LATENCY_NS, d.minLatencyNs());
        assertEquals(0.0, d.faultRate());
    }

    @Test
    void eachOperationCompletesOnceAtItsVirtualTimeInSubmissionOrder() {
        try (SimHarness h = new SimHarness(SimConfig.seeded(1).withLatency(1000, 1000))) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int id = i;
                h.submit(new Completion().prepNop().callback(h.record((l, c, r) -> {
                    order.add(id);
                    return io.zokio.loop.Action.DISARM;
                })));
            }
            assertEquals(5, h.backend.inFlight());
            assertEquals(1000, h.backend.nextDueNs());
            assertEquals(0, h.loop.run(RunMode.NO_WAIT), "nothing before its time, nothing from submit");
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(List.of(0, 1, 2, 3, 4), order, "same due time: submission order");
            assertEquals(1000, h.clock.nanoTime(), "the clock jumped to the due time");
            assertEquals(0, h.backend.inFlight());
            assertEquals(5, h.backend.submissions());
            assertTrue(h.exactlyOnce());
        }
    }

    @Test
    void zeroLatencyResubmitsAreDeliveredOnePassAtATime() {
        try (SimHarness h = new SimHarness(SimConfig.seeded(13).withLatency(0, 0))) {
            int[] runs = new int[1];
            Completion nop = new Completion().prepNop().callback((l, c, r) -> {
                runs[0]++;
                return io.zokio.loop.Action.REARM; // forever, at the same virtual instant
            });
            h.loop.submit(nop);
            assertEquals(1, h.loop.run(RunMode.NO_WAIT), "one turn, one delivery: the resubmit waits");
            assertEquals(1, h.loop.run(RunMode.NO_WAIT));
            assertEquals(2, runs[0]);
            assertEquals(0, h.clock.nanoTime());
        }
    }

    @Test
    void fiveSecondLatencyCompletesAfterAVirtualJumpWithoutRealWaiting() {
        try (SimHarness h = new SimHarness(SimConfig.seeded(2).withLatency(5 * SECOND, 5 * SECOND))) {
            Completion nop = h.submit(new Completion().prepNop());
            h.loop.run(RunMode.UNTIL_DONE); // the @Timeout would not survive many real 5 s waits; there are none
            assertEquals(0, nop.result());
            assertEquals(5 * SECOND, h.clock.nanoTime());
            // a loop timer with nothing in the backend: the clock jumps to it (a turn first, so that the loop's
            // time, which a timer starts from, is the clock's)
            h.loop.run(RunMode.NO_WAIT);
            Completion timer = h.submit(new Completion().prepTimeout(3 * SECOND));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(0, timer.result());
            assertEquals(8 * SECOND, h.clock.nanoTime());
        }
    }

    @Test
    void aWaitWithoutDeadlineNeverJumpsPastAnEarlierTimer() {
        try (SimHarness h = new SimHarness(SimConfig.seeded(3).withLatency(10 * SECOND, 10 * SECOND))) {
            List<Long> at = new ArrayList<>();
            h.submit(new Completion().prepTimeout(SECOND).callback(h.record((l, c, r) -> {
                at.add(h.clock.nanoTime());
                return io.zokio.loop.Action.DISARM;
            })));
            Completion nop = h.submit(new Completion().prepNop());
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(List.of(SECOND), at, "the timer fired at its own time, not at the op's");
            assertEquals(10 * SECOND, h.clock.nanoTime());
            assertEquals(0, nop.result());
        }
    }

    @Test
    void idleWithJumpsDisallowedBlocksUntilWakeup() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(4))) {
            h.backend.setJumpAllowed(() -> false);
            Completion timer = h.submit(new Completion().prepTimeout(SECOND));
            AtomicBoolean taskRan = new AtomicBoolean();
            Thread waker = Thread.ofPlatform().start(() -> {
                while (!h.loop.isBlockedInKernel()) {
                    Thread.onSpinWait(); // the test thread is about to block: this is the only way out
                }
                h.loop.execute(() -> taskRan.set(true));
            });
            h.loop.run(RunMode.ONCE); // blocks in poll until the execute() above wakes it
            waker.join();
            assertTrue(taskRan.get());
            assertEquals(0, h.clock.nanoTime(), "no jump while jumps are disallowed");
            assertTrue(timer.isActive());
            h.backend.setJumpAllowed(() -> true);
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(SECOND, h.clock.nanoTime());
            assertFalse(timer.isActive());
        }
    }

    @Test
    void directPollWithNothingPendingBlocksUntilWakeupFromAnotherThread() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(5))) {
            AtomicBoolean woke = new AtomicBoolean();
            Thread me = Thread.currentThread();
            Thread waker = Thread.ofPlatform().start(() -> {
                while (me.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
                woke.set(true);
                h.backend.wakeup();
            });
            assertEquals(0, h.backend.poll(-1));
            assertTrue(woke.get(), "returned only after wakeup()");
            waker.join();
            assertEquals(0, h.clock.nanoTime());
        }
    }

    @Test
    void cancelStopsAWaitingOperationAndAnswersLikeTheKernel() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(6).withLatency(100, 100))) {
            int l = h.loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
            Completion accept = h.submit(new Completion().prepAccept(l));
            h.clock.advance(SECOND);
            h.loop.run(RunMode.NO_WAIT); // the accept ran and parked
            assertEquals(1, h.backend.parked());
            assertEquals(Long.MAX_VALUE, h.backend.nextDueNs());
            Completion cancel = h.submit(new Completion().prepCancel(accept));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.ECANCELED, accept.result());
            assertEquals(0, cancel.result());
            assertTrue(h.trace.indexOf("ACCEPT -125 @" + h.clock.nanoTime())
                    < h.trace.indexOf("CANCEL 0 @" + h.clock.nanoTime()), "target before cancel: " + h.trace);

            // a target that completes first (same due time, submitted earlier): ENOENT
            Completion nop = h.submit(new Completion().prepNop());
            Completion late = h.submit(new Completion().prepCancel(nop));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(0, nop.result());
            assertEquals(-Errno.ENOENT, late.result());

            // a target not yet performed: cancelled
            Completion recv = h.submit(new Completion().prepAccept(l));
            Completion early = h.submit(new Completion().prepCancel(recv));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.ECANCELED, recv.result());
            assertEquals(0, early.result());
            assertTrue(h.exactlyOnce());
        }
    }

    @Test
    void cancelRacesAreAnsweredConsistently() {
        try (SimHarness h = new SimHarness(SimConfig.seeded(12).withLatency(1, SECOND))) {
            int cancelWon = 0;
            int targetWon = 0;
            for (int i = 0; i < 40; i++) {
                Completion nop = h.submit(new Completion().prepNop());
                Completion cancel = h.submit(new Completion().prepCancel(nop));
                h.loop.run(RunMode.UNTIL_DONE);
                if (cancel.result() == 0) {
                    assertEquals(-Errno.ECANCELED, nop.result());
                    cancelWon++;
                } else {
                    assertEquals(-Errno.ENOENT, cancel.result());
                    assertEquals(0, nop.result());
                    targetWon++;
                }
            }
            assertTrue(cancelWon > 0 && targetWon > 0, cancelWon + " / " + targetWon);
            assertTrue(h.exactlyOnce());
        }
    }

    @Test
    void closeCancelsEverythingInFlightExactlyOnce() throws Exception {
        SimHarness h = new SimHarness(SimConfig.seeded(7).withLatency(SECOND, 2 * SECOND));
        try {
            int l = h.loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
            Completion parked = h.submit(new Completion().prepAccept(l));
            h.clock.advance(3 * SECOND);
            h.loop.run(RunMode.NO_WAIT);
            assertTrue(parked.isActive());
            List<Completion> pending = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pending.add(h.submit(new Completion().prepNop()));
            }
            assertEquals(11, h.backend.inFlight());
            h.loop.close();
            assertEquals(0, h.backend.inFlight());
            assertEquals(-Errno.ECANCELED, parked.result());
            for (Completion c : pending) {
                assertEquals(-Errno.ECANCELED, c.result());
            }
            assertTrue(h.exactlyOnce());
            assertEquals(11, h.trace.stream().filter(s -> s.contains(" -125 ")).count());
            h.loop.close(); // idempotent
            assertEquals(11, h.trace.size());
        } finally {
            h.arena.close();
        }
    }

    @Test
    void unsupportedOperationsCompleteWithEopnotsupp() throws Exception {
        try (SimHarness h = new SimHarness(SimConfig.seeded(8))) {
            int s = h.loop.sockets().openTcpSocket(false);
            Completion zc = h.submit(new Completion().prepSendZc(s, h.bytes("x"), 0));
            Completion multi = h.submit(new Completion().prepAcceptMultishot(s));
            h.loop.run(RunMode.UNTIL_DONE);
            assertEquals(-Errno.EOPNOTSUPP, zc.result());
            assertEquals(-Errno.EOPNOTSUPP, multi.result());
            assertTrue(h.exactlyOnce());
        }
    }
}
