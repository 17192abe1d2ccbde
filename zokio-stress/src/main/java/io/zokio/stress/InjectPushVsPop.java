package io.zokio.stress;

import io.zokio.runtime.sched.InjectQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A push to the inject queue races a pop (whose empty check reads the length without the lock). Outcome: the
 * popped task, the length seen after the pop by the popping thread, the tasks left (mask).
 */
@JCStressTest
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "pop before the push's length was visible")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "pop before the push, length seen after it")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "pop after the push")
@Outcome(expect = FORBIDDEN, desc = "task lost, duplicated, or a length that was never true")
@State
public class InjectPushVsPop {
    final InjectQueue<Integer> q = new InjectQueue<>();

    @Actor
    public void producer() {
        q.push(1);
    }

    @Actor
    public void consumer(III_Result r) {
        r.r1 = Masks.bit(q.pop());
        r.r2 = q.len();
    }

    @Arbiter
    public void left(III_Result r) {
        r.r3 = Masks.bit(q.pop());
    }
}
