package io.zokio.stress;

import io.zokio.runtime.sched.InjectQueue;
import io.zokio.runtime.sched.LocalQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The owner's push races a steal: a steal that sees a pushed position must also see the task in its slot
 * (the release store of tail pairs with the stealer's acquire).
 */
public final class PushVsSteal {
    private PushVsSteal() {
    }

    /** The owner pushes tasks 1 and 2 into an empty queue; r1 the stolen task as a mask, r2 what is left. */
    @JCStressTest
    @Outcome(id = "0, 3", expect = ACCEPTABLE, desc = "the steal saw an empty queue")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the steal saw one or two tasks and took the first")
    @Outcome(expect = FORBIDDEN, desc = "a task lost, taken twice, or a null read from a published slot")
    @State
    public static class IntoEmpty {
        final InjectQueue<Integer> inject = new InjectQueue<>();
        final LocalQueue.Owner<Integer> src = LocalQueue.create();
        final LocalQueue.Owner<Integer> dst = LocalQueue.create();

        @Actor
        public void owner() {
            src.push(1, inject);
            src.push(2, inject);
        }

        @Actor
        public void stealer(II_Result r) {
            r.r1 = Masks.bit(src.stealer().stealInto(dst));
        }

        @Arbiter
        public void left(II_Result r) {
            r.r1 |= Masks.drain(dst);
            r.r2 = Masks.drain(src) | Masks.bit(inject.pop());
        }
    }

    /**
     * A full queue (256 tasks): the owner's push of one more must overflow (half plus the new task, or only
     * the new task while the steal is in progress) while a steal takes half. r1: 1 when every one of the 257
     * tasks is in exactly one place; r2: tasks moved to the inject queue.
     */
    @JCStressTest
    @Outcome(id = "1, " + (LocalQueue.CAPACITY / 2 + 1), expect = ACCEPTABLE, desc = "push found the queue full and no steal: half overflowed")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "push found a steal in progress: only the new task overflowed")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the steal finished first: the push fit")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or duplicated")
    @State
    public static class OverflowVsSteal {
        static final int N = LocalQueue.CAPACITY;
        final InjectQueue<Integer> inject = new InjectQueue<>();
        final LocalQueue.Owner<Integer> src = LocalQueue.create();
        final LocalQueue.Owner<Integer> dst = LocalQueue.create();
        Integer stolen;

        public OverflowVsSteal() {
            for (int i = 0; i < N; i++) {
                src.push(i, inject);
            }
        }

        @Actor
        public void owner() {
            src.push(N, inject);
        }

        @Actor
        public void stealer() {
            stolen = src.stealer().stealInto(dst);
        }

        @Arbiter
        public void check(II_Result r) {
            boolean[] seen = new boolean[N + 1];
            boolean ok = mark(seen, stolen);
            r.r2 = inject.len();
            for (Integer t; (t = inject.pop()) != null; ) {
                ok &= mark(seen, t);
            }
            for (Integer t; (t = src.pop()) != null; ) {
                ok &= mark(seen, t);
            }
            for (Integer t; (t = dst.pop()) != null; ) {
                ok &= mark(seen, t);
            }
            for (boolean b : seen) {
                ok &= b;
            }
            r.r1 = ok ? 1 : 0;
        }

        private static boolean mark(boolean[] seen, Integer t) {
            if (t == null) {
                return true;
            }
            boolean fresh = !seen[t];
            seen[t] = true;
            return fresh;
        }
    }
}
