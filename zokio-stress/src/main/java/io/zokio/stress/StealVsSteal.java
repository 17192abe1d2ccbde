package io.zokio.stress;

import io.zokio.runtime.sched.InjectQueue;
import io.zokio.runtime.sched.LocalQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Two stealers race for a queue of four tasks (ids 1..4). The first claim takes two; the other either sees
 * the steal-in-progress mark and backs off, or comes after it finished and takes half of the rest. Outcome:
 * stealer 1's tasks, stealer 2's tasks, tasks left, each as a bit mask (bit id-1).
 */
@JCStressTest
@Outcome(id = "3, 4, 8", expect = ACCEPTABLE, desc = "stealer 1 first, stealer 2 after it finished")
@Outcome(id = "4, 3, 8", expect = ACCEPTABLE, desc = "stealer 2 first, stealer 1 after it finished")
@Outcome(id = "3, 0, 12", expect = ACCEPTABLE, desc = "stealer 2 saw stealer 1's steal in progress")
@Outcome(id = "0, 3, 12", expect = ACCEPTABLE, desc = "stealer 1 saw stealer 2's steal in progress")
@Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice")
@State
public class StealVsSteal {
    final LocalQueue.Owner<Integer> src = LocalQueue.create();
    final LocalQueue.Owner<Integer> dst1 = LocalQueue.create();
    final LocalQueue.Owner<Integer> dst2 = LocalQueue.create();

    public StealVsSteal() {
        InjectQueue<Integer> inject = new InjectQueue<>();
        for (int i = 1; i <= 4; i++) {
            src.push(i, inject);
        }
    }

    @Actor
    public void stealer1(III_Result r) {
        r.r1 = Masks.bit(src.stealer().stealInto(dst1));
    }

    @Actor
    public void stealer2(III_Result r) {
        r.r2 = Masks.bit(src.stealer().stealInto(dst2));
    }

    @Arbiter
    public void left(III_Result r) {
        r.r1 |= Masks.drain(dst1);
        r.r2 |= Masks.drain(dst2);
        r.r3 = Masks.drain(src);
    }
}
