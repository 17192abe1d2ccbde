package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import java.util.ArrayList;
import java.util.List;

/** Records a multishot operation's callbacks and checks its contract. */
final class MultishotRecorder implements Callback {
    final List<Integer> results = new ArrayList<>();
    final List<Integer> bufferIds = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    int finals;
    int finalResult;
    Completion last;
    /** Intermediate results to accept before answering DISARM (Integer.MAX_VALUE: never). */
    int stopAfter = Integer.MAX_VALUE;
    Callback then;

    @Override
    public Action onComplete(EventLoop loop, Completion c, int result) {
        last = c;
        if (finals > 0) {
            violations.add("callback after the final one: " + result);
        }
        if (c.isActive()) {
            if (result < 0 || c.op() == Op.RECV_MULTISHOT && result == 0) {
                violations.add("an intermediate result carries no data: " + CallbackRecorder.describe(result));
            }
            results.add(result);
            bufferIds.add(c.bufferId());
            if (then != null) {
                then.onComplete(loop, c, result);
            }
            return results.size() >= stopAfter ? Action.DISARM : Action.REARM;
        }
        finals++;
        finalResult = result;
        if (c.bufferId() != -1) {
            violations.add("a final result names buffer " + c.bufferId());
        }
        return Action.DISARM;
    }

    void assertFinal(int expected) {
        assertEquals(List.of(), violations);
        assertEquals(1, finals, "exactly one final callback");
        assertResult(expected, finalResult, "final result");
    }
}
