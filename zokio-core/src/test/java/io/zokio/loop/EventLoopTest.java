package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.conformance.CallbackRecorder;
import io.zokio.sys.Errno;
import io.zokio.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop itself, single-threaded, over {@link FakeBackend} and a {@link TestClock}: run modes, REARM,
 * callback failures, cancel of idle and backend completions, close and its errors.
 */
@Timeout(10)
class EventLoopTest {
    private final TestClock clock = new TestClock(1_000_000);
    private final FakeBackend backend = new FakeBackend().sleepAdvances(clock);
    private final EventLoop loop = new EventLoop(backend, clock, IdleMode.POWER_SAVE);
    private final CallbackRecorder rec = new CallbackRecorder();

    // ------------------------------------------------------------------ run modes

    @Test
    void noWaitWithNothingToDoReturnsZeroAfterOneNonBlockingPoll() {
        assertEquals(0, loop.run(RunMode.NO_WAIT));
        assertEquals(List.of(0L), backend.pollWaits);
    }

    @Test
    void noWaitNeverWaitsForPendingWork() {
        Completion read = rec.submit(loop, new Completion().prepRead(3, Buffers.native16(), 0));
        Completion timer = rec.submit(loop, new Completion().prepTimeout(5_000));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, loop.run(RunMode.NO_WAIT));
        }
        assertTrue(backend.pollWaits.stream().allMatch(w -> w == 0L), backend.pollWaits::toString);
        assertTrue(read.isActive() && timer.isActive());
        assertEquals(2, loop.active());
    }

    @Test
    void noWaitDeliversNopSubmittedBeforeIt() {
        Completion nop = rec.submit(loop, new Completion().prepNop());
        assertEquals(1, loop.run(RunMode.NO_WAIT));
        rec.assertOnce(nop, 0);
        assertEquals(0, loop.active());
    }

    @Test
    void onceReturnsAfterTheFirstCallbackAndLeavesTheRestPending() {
        Completion nop = rec.submit(loop, new Completion().prepNop());
        Completion read = rec.submit(loop, new Completion().prepRead(3, Buffers.native16(), 0));
        assertEquals(1, loop.run(RunMode.ONCE));
        rec.assertOnce(nop, 0);
        assertTrue(read.isActive());
        assertEquals(0, rec.count(read));
    }

    @Test
    void onceWaitsExactlyUntilTheNearestTimer() {
        long start = loop.now();
        Completion t1 = rec.submit(loop, new Completion().prepTimeout(3_000_000));
        Completion t2 = rec.submit(loop, new Completion().prepTimeout(7_000_000));
        assertEquals(1, loop.run(RunMode.ONCE));
        rec.assertOnce(t1, 0);
        assertEquals(0, rec.count(t2));
        assertEquals(start + 3_000_000, loop.now());
        assertTrue(backend.pollWaits.contains(3_000_000L), "loop should sleep exactly to the deadline: "
                + backend.pollWaits);
    }

    @Test
    void onceWithNothingInFlightReturnsZero() {
        assertEquals(0, loop.run(RunMode.ONCE));
    }

    @Test
    void untilDoneRunsEveryTimerAndReturns() {
        long start = loop.now();
        Completion[] t = new Completion[3];
        for (int i = 0; i < 3; i++) {
            t[i] = rec.submit(loop, new Completion().prepTimeout((i + 1) * 1_000_000L));
        }
        assertEquals(3, loop.run(RunMode.UNTIL_DONE));
        for (Completion c : t) {
            rec.assertOnce(c, 0);
        }
        assertEquals(start + 3_000_000, loop.now());
        assertEquals(0, loop.active());
    }

    @Test
    void untilDoneWithNothingInFlightReturnsZero() {
        assertEquals(0, loop.run(RunMode.UNTIL_DONE));
    }

    @Test
    void untilDoneWaitsForTasksAndTheWorkTheySubmit() {
        List<Completion> nops = new ArrayList<>();
        loop.execute(() -> nops.add(rec.submit(loop, new Completion().prepNop())));
        assertEquals(2, loop.run(RunMode.UNTIL_DONE)); // the task and the NOP's callback
        rec.assertOnce(nops.getFirst(), 0);
    }

    // ------------------------------------------------------------------ REARM, stop, failures

    @Test
    void rearmResubmitsTheSameCompletion() {
        int[] calls = {0};
        Completion nop = rec.submit(loop, new Completion().prepNop(),
                (l, c, r) -> ++calls[0] < 6 ? Action.REARM : Action.DISARM);
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(6, calls[0]);
        assertEquals(6, rec.count(nop));
        assertEquals(6, backend.submitted.stream().filter(c -> c == nop).count());
        rec.assertAllDelivered();
        assertFalse(nop.isActive());
    }

    @Test
    void zeroTimerRearmedFiresOncePerTurn() {
        int[] calls = {0};
        Completion timer = rec.submit(loop, new Completion().prepTimeout(0),
                (l, c, r) -> ++calls[0] < 100 ? Action.REARM : Action.DISARM);
        for (int turn = 1; turn <= 5; turn++) {
            assertEquals(1, loop.run(RunMode.NO_WAIT));
            assertEquals(turn, calls[0]);
        }
        assertTrue(timer.isActive());
    }

    @Test
    void stopFromACallbackEndsUntilDone() {
        int[] calls = {0};
        Completion nop = rec.submit(loop, new Completion().prepNop(), (l, c, r) -> {
            if (++calls[0] == 3) {
                l.stop();
            }
            return Action.REARM;
        });
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(3, calls[0]);
        assertTrue(nop.isActive(), "the rearmed NOP is still in flight");
        loop.run(RunMode.NO_WAIT); // the stop request was consumed: the loop runs again
        assertEquals(4, calls[0]);
    }

    @Test
    void callbackExceptionIsCountedAndDisarms() {
        Completion bad = rec.submit(loop, new Completion().prepNop(), (l, c, r) -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        Completion good = rec.submit(loop, new Completion().prepNop());
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(1, loop.callbackFailures());
        rec.assertOnce(bad, 0);
        rec.assertOnce(good, 0);
        assertFalse(bad.isActive());
        assertEquals(1, backend.submitted.stream().filter(c -> c == bad).count(), "a throwing callback disarms");
        assertEquals(0, loop.active());
        // the completion is reusable afterwards
        rec.submit(loop, bad.prepNop(), null);
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(2, rec.count(bad));
    }

    @Test
    void taskExceptionIsCountedAndTheLoopGoesOn() {
        boolean[] ran = {false};
        loop.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        loop.execute(() -> ran[0] = true);
        loop.run(RunMode.UNTIL_DONE);
        assertTrue(ran[0]);
        assertEquals(1, loop.callbackFailures());
    }

    @Test
    void aFloodOfTasksDoesNotStarveCompletions() {
        int[] ran = {0};
        for (int i = 0; i < 10_000; i++) {
            loop.execute(() -> ran[0]++);
        }
        Completion nop = rec.submit(loop, new Completion().prepNop());
        loop.run(RunMode.NO_WAIT);
        rec.assertOnce(nop, 0); // delivered in the first turn, although tasks remain queued
        assertTrue(ran[0] > 0 && ran[0] < 10_000, "one turn runs a bounded batch of tasks: " + ran[0]);
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(10_000, ran[0]);
    }

    @Test
    void aTimerAtTheEndOfTimeSaturatesAndCanBeCancelled() {
        Completion forever = rec.submit(loop, new Completion().prepTimeout(Long.MAX_VALUE));
        clock.advance(Long.MAX_VALUE / 2);
        loop.run(RunMode.NO_WAIT);
        assertEquals(0, rec.count(forever), "deadline overflow must not make the timer due");
        Completion cancel = rec.submit(loop, new Completion().prepCancel(forever));
        loop.run(RunMode.NO_WAIT);
        rec.assertOnce(forever, -Errno.ECANCELED);
        rec.assertOnce(cancel, 0);
    }

    @Test
    void runFromInsideACallbackOrTaskIsRejected() {
        List<String> messages = new ArrayList<>();
        rec.submit(loop, new Completion().prepNop(), (l, c, r) -> {
            try {
                l.run(RunMode.NO_WAIT);
            } catch (IllegalStateException e) {
                messages.add(e.getMessage());
            }
            return Action.DISARM;
        });
        loop.execute(() -> {
            try {
                loop.run(RunMode.ONCE);
            } catch (IllegalStateException e) {
                messages.add(e.getMessage());
            }
        });
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(2, messages.size(), messages::toString);
        for (String m : messages) {
            assertTrue(m.contains("run() called from a callback or task"), m);
        }
        rec.assertAllDelivered();
        assertEquals(0, loop.run(RunMode.NO_WAIT), "usable afterwards");
    }

    // ------------------------------------------------------------------ cancel

    @Test
    void cancelOfANeverSubmittedCompletionIsENOENT() {
        Completion idle = new Completion().prepNop();
        Completion cancel = rec.submit(loop, new Completion().prepCancel(idle));
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(cancel, -Errno.ENOENT);
    }

    @Test
    void cancelOfAFinishedCompletionIsENOENT() {
        Completion nop = rec.submit(loop, new Completion().prepNop());
        loop.run(RunMode.UNTIL_DONE);
        Completion cancel = rec.submit(loop, new Completion().prepCancel(nop));
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(nop, 0);
        rec.assertOnce(cancel, -Errno.ENOENT);
    }

    @Test
    void cancelOfABackendOperationGoesToTheBackend() {
        Completion read = rec.submit(loop, new Completion().prepRead(3, Buffers.native16(), 0));
        loop.run(RunMode.NO_WAIT);
        Completion cancel = rec.submit(loop, new Completion().prepCancel(read));
        assertSame(cancel, backend.submitted.getLast());
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(read, -Errno.ECANCELED);
        rec.assertOnce(cancel, 0);
    }

    @Test
    void backendResultIsDelivered() {
        Completion read = rec.submit(loop, new Completion().prepRead(3, Buffers.native16(), 0));
        loop.run(RunMode.NO_WAIT);
        backend.finish(read, 16);
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(read, 16);
    }

    // ------------------------------------------------------------------ close

    @Test
    void closeRunsQueuedTasksCancelsTimersAndDeliversEverythingOnce() {
        boolean[] taskRan = {false};
        List<Completion> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(rec.submit(loop, new Completion().prepTimeout(1_000_000L * (i + 1))));
        }
        Completion rearming = rec.submit(loop, new Completion().prepTimeout(5_000_000), (l, c, r) -> Action.REARM);
        List<Completion> reads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            reads.add(rec.submit(loop, new Completion().prepRead(3 + i, Buffers.native16(), 0)));
        }
        loop.run(RunMode.NO_WAIT); // the reads reach the backend
        Completion nop = rec.submit(loop, new Completion().prepNop()); // queued, not polled yet
        loop.execute(() -> taskRan[0] = true);

        loop.close();

        assertTrue(taskRan[0], "tasks queued before close run");
        for (Completion t : all) {
            rec.assertOnce(t, -Errno.ECANCELED);
        }
        rec.assertOnce(rearming, -Errno.ECANCELED);
        for (Completion r : reads) {
            rec.assertOnce(r, -Errno.ECANCELED);
        }
        rec.assertOnce(nop, 0);
        rec.assertAllDelivered();
        assertEquals(0, loop.active());
        assertEquals(1, backend.closeCalls);
        assertTrue(loop.isClosed());
    }

    @Test
    void closeFromInsideACallbackEndsRunCleanly() {
        Completion read = rec.submit(loop, new Completion().prepRead(3, Buffers.native16(), 0));
        Completion timer = rec.submit(loop, new Completion().prepTimeout(1_000_000_000L));
        int[] submitFailures = {0};
        Completion closer = rec.submit(loop, new Completion().prepNop(), (l, c, r) -> {
            l.close();
            try {
                l.submit(new Completion().prepNop().callback((ll, cc, rr) -> Action.DISARM));
            } catch (IllegalStateException expected) {
                submitFailures[0]++;
            }
            return Action.REARM; // ignored once closed
        });
        loop.run(RunMode.UNTIL_DONE);
        assertTrue(loop.isClosed());
        assertEquals(1, submitFailures[0], "submit after close is refused");
        rec.assertOnce(closer, 0);
        rec.assertOnce(read, -Errno.ECANCELED);
        rec.assertOnce(timer, -Errno.ECANCELED);
        rec.assertAllDelivered();
        assertEquals(0, loop.active());
        assertEquals(1, backend.closeCalls);
    }

    @Test
    void closedLoopRejectsEverythingAndCloseIsIdempotent() {
        loop.close();
        loop.close();
        assertEquals(1, backend.closeCalls);
        Completion nop = new Completion().prepNop().callback((l, c, r) -> Action.DISARM);
        IllegalStateException e1 = assertThrows(IllegalStateException.class, () -> loop.submit(nop));
        assertTrue(e1.getMessage().contains("closed"), e1.getMessage());
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> loop.run(RunMode.NO_WAIT));
        assertTrue(e2.getMessage().contains("closed"), e2.getMessage());
        RejectedExecutionException e3 = assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertTrue(e3.getMessage().contains("closed"), e3.getMessage());
        assertFalse(nop.isActive(), "a rejected submit leaves the completion idle");
    }

    @Test
    void submitWithoutCallbackOrTwiceIsRejected() {
        Completion c = new Completion().prepNop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.submit(c));
        assertTrue(e.getMessage().contains("callback"), e.getMessage());
        assertFalse(c.isActive());
        rec.submit(loop, c);
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> loop.submit(c));
        assertTrue(e2.getMessage().contains("in flight"), e2.getMessage());
        loop.run(RunMode.UNTIL_DONE);
        rec.assertOnce(c, 0);
    }

    @Test
    void everyTaskAcceptedBeforeCloseRunsAndItsSubmitFailsClearly() {
        EventLoop loop = EventLoop.builder().backend(BackendKind.NIO).build();
        loop.run(RunMode.NO_WAIT); // binds the loop to this thread
        int n = 10_000; // more than one turn's batch of tasks
        int[] ran = {0};
        RuntimeException[] refused = {null};
        for (int i = 0; i < n; i++) {
            loop.execute(() -> ran[0]++);
        }
        loop.execute(() -> {
            try {
                loop.submit(new Completion().prepNop().callback((l, c, r) -> Action.DISARM));
            } catch (IllegalStateException e) {
                refused[0] = e;
            }
        });
        loop.close();
        assertEquals(n, ran[0], "no accepted task is dropped at close");
        assertTrue(refused[0] != null && refused[0].getMessage().contains("closed"),
                "a task that submits during the close is told the loop is closed");
    }
}
