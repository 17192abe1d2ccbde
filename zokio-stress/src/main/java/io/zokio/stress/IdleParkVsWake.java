package io.zokio.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.zokio.runtime.sched.Idle;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The idle-worker bookkeeping ({@link Idle}, public in the scheduler's non-exported package, which jcstress
 * reaches from the class path) against lost wakeups.
 */
public final class IdleParkVsWake {
    private IdleParkVsWake() {
    }

    /**
     * The last searcher parks while a producer publishes work and asks whom to wake. The worker's side is
     * Worker's: transitionWorkerToParked, and if it was the last searcher a full fence then a re-scan
     * ({@code Shared.notifyIfWorkPending}). The producer's: publish, then workerToNotify (its full fence, then
     * the state read). Outcome: the worker the producer picked (-1 none), whether the re-scan saw the work.
     * Forbidden: nobody picked and the re-scan missed the work (a task stranded while every worker sleeps).
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "producer saw the worker parked and woke it")
    @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "producer saw a searcher; the re-scan found the work")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "both: one spurious wakeup")
    @Outcome(id = "-1, 0", expect = FORBIDDEN, desc = "lost wakeup")
    @State
    public static class LastSearcherParksVsProducer {
        final Idle idle = new Idle(1);
        volatile int work;

        {
            idle.transitionWorkerToSearching(false); // the only worker is searching
        }

        @Actor
        public void worker(II_Result r) {
            if (idle.transitionWorkerToParked(0, true)) {
                VarHandle.fullFence(); // as Shared.notifyIfWorkPending: pairs with notifyShouldWakeup's fence
                r.r2 = work;
            }
        }

        @Actor
        public void producer(II_Result r) {
            work = 1;
            r.r1 = idle.workerToNotify();
        }
    }

    /**
     * A parked worker woken by its own loop takes itself off the sleepers list while a producer picks it to
     * wake: exactly one of them does. Outcome: the producer's pick, the self-unpark's result (1 true), and the
     * unparked count after both (must be 1: the worker counted once).
     */
    @JCStressTest
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "producer took it off the list first")
    @Outcome(id = "-1, 1, 1", expect = ACCEPTABLE, desc = "the worker took itself off first")
    @Outcome(expect = FORBIDDEN, desc = "taken twice, never, or miscounted")
    @State
    public static class SelfUnparkVsNotify {
        final Idle idle = new Idle(1);

        {
            idle.transitionWorkerToParked(0, false);
        }

        @Actor
        public void worker(III_Result r) {
            r.r2 = idle.unparkWorkerById(0) ? 1 : 0;
        }

        @Actor
        public void producer(III_Result r) {
            r.r1 = idle.workerToNotify();
        }

        @Arbiter
        public void check(III_Result r) {
            r.r3 = Idle.unparked(idle.state());
        }
    }
}
