package io.zokio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.IdleMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The round protocol without a workload: order, rotation, warm-up, failures, medians and the line. */
class RoundsTest {
    private static final Options QUICK = new Options(List.of(), Scale.QUICK, IdleMode.BALANCED);

    @Test
    void rotatesWithinGroupsAndKeepsGroupOrder() {
        List<String> cases = List.of("a1", "b1", "c1", "a2", "b2");
        assertEquals(cases, Rounds.order(cases, c -> c.charAt(1), 0));
        assertEquals(List.of("b1", "c1", "a1", "b2", "a2"), Rounds.order(cases, c -> c.charAt(1), 1));
        assertEquals(List.of("c1", "a1", "b1", "a2", "b2"), Rounds.order(cases, c -> c.charAt(1), 2));
    }

    @Test
    void warmsUpThenRunsEveryCaseOncePerRound() throws InterruptedException {
        List<String> calls = new ArrayList<>();
        Map<String, Rounds.Outcome> out = Rounds.run(QUICK, List.of("x", "y", "z"), (k, round) -> {
            calls.add(k + round);
            return Sample.of(round + 1, 1.0).with("lat", 10 * (round + 1));
        });
        assertEquals(List.of("x-1", "y-1", "z-1", "x0", "y0", "z0", "y1", "z1", "x1", "z2", "x2", "y2", "x3", "y3",
                "z3", "y4", "z4", "x4"), calls);
        Rounds.Outcome x = out.get("x");
        assertNull(x.failure());
        assertEquals(Rounds.count(Scale.QUICK), x.samples().size());
        Spread s = x.spread();
        assertEquals(3.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(5.0, s.max());
        assertEquals(15, s.ops());
        assertEquals(30.0, x.median("lat"));
    }

    @Test
    void aFailingCaseStopsAloneWithItsReason() throws InterruptedException {
        Map<String, Rounds.Outcome> out = Rounds.run(QUICK, List.of("ok", "bad", "gone"), (k, round) -> {
            if (k.equals("bad") && round == 1) {
                throw new IllegalStateException("boom");
            }
            if (k.equals("gone")) {
                throw new ZokioImpl.Unavailable("not here");
            }
            return Sample.of(1, 1.0);
        });
        assertNull(out.get("ok").failure());
        assertEquals("failed: IllegalStateException: boom", out.get("bad").failure());
        assertEquals("not here", out.get("gone").failure());
    }

    @Test
    void evenCountsTakeTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Spread.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void aResultOfRoundsPrintsTheMedianAndSpreadAndParsesBack() {
        Spread s = Spread.of(List.of(Sample.of(100, 1.0), Sample.of(300, 1.0), Sample.of(200, 1.0)));
        Result r = Result.ofRounds("nop", "zokio-nio", s, Map.of("batch", "64"));
        assertTrue(r.line().startsWith("name=nop impl=zokio-nio ops=600 secs=3.000 ops_per_sec=200 min=100 max=300 "
                + "rounds=3 batch=64"), r.line());
        Result back = Result.parse(r.line());
        assertEquals(200.0, back.opsPerSec());
        assertEquals("100", back.extras().get("min"));
        assertEquals("3", back.extras().get("rounds"));
    }
}
