package io.zokio.stress;

import io.zokio.runtime.sched.InjectQueue;
import io.zokio.runtime.sched.LocalQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/** The owner's pop races a steal of the same queue: every task is taken by exactly one of them. */
public final class PopVsSteal {
    private PopVsSteal() {
    }

    static int id(Integer task) {
        return task == null ? 0 : task;
    }

    /** One task: exactly one side gets it. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the owner's pop won")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the steal won")
    @Outcome(expect = FORBIDDEN, desc = "the task was lost or taken twice")
    @State
    public static class OneTask {
        final LocalQueue.Owner<Integer> src = LocalQueue.create();
        final LocalQueue.Owner<Integer> dst = LocalQueue.create();

        public OneTask() {
            src.push(1, new InjectQueue<>());
        }

        @Actor
        public void owner(II_Result r) {
            r.r1 = id(src.pop());
        }

        @Actor
        public void stealer(II_Result r) {
            r.r2 = id(src.stealer().stealInto(dst));
        }
    }

    /**
     * Two tasks (ids 1 and 2): r1 the owner's pop, r2 the steal's returned task, r3 the tasks left in either
     * queue as a bit mask (bit id-1).
     */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "pop first; the steal takes half of one")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "steal first takes half of two; pop gets the other")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice")
    @State
    public static class TwoTasks {
        final LocalQueue.Owner<Integer> src = LocalQueue.create();
        final LocalQueue.Owner<Integer> dst = LocalQueue.create();

        public TwoTasks() {
            InjectQueue<Integer> inject = new InjectQueue<>();
            src.push(1, inject);
            src.push(2, inject);
        }

        @Actor
        public void owner(III_Result r) {
            r.r1 = id(src.pop());
        }

        @Actor
        public void stealer(III_Result r) {
            r.r2 = id(src.stealer().stealInto(dst));
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Masks.drain(src) | Masks.drain(dst);
        }
    }
}
