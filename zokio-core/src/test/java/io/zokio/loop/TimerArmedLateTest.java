package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.testing.TestClock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A timer's duration counts from when it is armed, also when the loop's turn time is old: armed between runs
 * after the clock moved (a worker ran tasks for long, a virtual thread it carries arms a read timeout), or
 * armed by a callback delivered after a long blocking wait (an idle connection's first request arms a
 * deadline). Before, both measured from the time the last turn began, and such a timer fired at once.
 */
@Timeout(30)
class TimerArmedLateTest {
    private static final long SECOND = 1_000_000_000L;

    private final TestClock clock = new TestClock(1_000);
    private final FakeBackend backend = new FakeBackend().sleepAdvances(clock);
    private final EventLoop loop = new EventLoop(backend, clock, IdleMode.POWER_SAVE);
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void close() {
        loop.close();
        arena.close();
    }

    @Test
    void timerArmedBetweenRunsCountsFromTheClockNotFromTheLastTurn() {
        loop.run(RunMode.NO_WAIT);
        clock.advance(10 * SECOND); // the owner ran other work for ten seconds without a turn
        List<Integer> fired = new ArrayList<>();
        Completion timer = new Completion().prepTimeout(5 * SECOND).callback((l, c, r) -> {
            fired.add(r);
            return Action.DISARM;
        });
        loop.submit(timer);

        loop.run(RunMode.NO_WAIT);
        assertTrue(fired.isEmpty(), "a 5 s timer fired at once: it was measured from the turn 10 s earlier");
        assertTrue(timer.isActive());

        clock.advance(5 * SECOND);
        loop.run(RunMode.NO_WAIT);
        assertEquals(List.of(0), fired);
    }

    @Test
    void timerArmedByACallbackAfterABlockingWaitCountsFromTheWake() {
        // an operation that completes while the loop sleeps 10 s (bounded by an unrelated 10 s timer)
        Completion idleBound = new Completion().prepTimeout(10 * SECOND).callback((l, c, r) -> Action.DISARM);
        MemorySegment buf = arena.allocate(16);
        List<Integer> fired = new ArrayList<>();
        Completion deadline = new Completion().callback((l, c, r) -> {
            fired.add(r);
            return Action.DISARM;
        });
        Completion read = new Completion().prepRead(3, buf, 0).callback((l, c, r) -> {
            l.submit(deadline.prepTimeout(5 * SECOND)); // the request arrived: give the next step 5 s
            return Action.DISARM;
        });
        backend.afterSleep(() -> {
            if (backend.isPending(read)) {
                backend.finish(read, 16);
            }
        });
        loop.submit(idleBound);
        loop.submit(read);

        loop.run(RunMode.ONCE); // blocks (the clock moves 10 s), delivers the read, whose callback arms 5 s
        loop.run(RunMode.NO_WAIT);
        assertTrue(fired.isEmpty(), "a 5 s deadline armed after a 10 s wait fired at once");
        assertTrue(deadline.isActive());

        clock.advance(5 * SECOND);
        loop.run(RunMode.NO_WAIT);
        assertEquals(List.of(0), fired);
    }
}
