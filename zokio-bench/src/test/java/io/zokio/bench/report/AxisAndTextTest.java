package io.zokio.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart's axis choice and the number and text formatting shared by the writers. */
class AxisAndTextTest {

    @Test
    void axisIsLinearForNarrowRangesAndLogForWideOnes() {
        Axis narrow = Axis.choose(10_385_104, 79_534_427);
        assertFalse(narrow.isLog());
        assertEquals(0, narrow.lo());
        assertTrue(narrow.hi() >= 79_534_427);
        assertEquals(0.0, narrow.ticks().getFirst());
        assertEquals(narrow.hi(), narrow.ticks().getLast(), 1e-6);

        Axis wide = Axis.choose(787_083, 68_883_887);
        assertTrue(wide.isLog());
        assertEquals(1e5, wide.lo(), 1e-6);
        assertEquals(1e8, wide.hi(), 1e-6);
        assertEquals(List.of(1e5, 1e6, 1e7, 1e8), wide.ticks());

        assertFalse(Axis.choose(0, 1000).isLog(), "a measured zero cannot go on a log axis");
        assertFalse(Axis.choose(Double.NaN, Double.NaN).isLog());
    }

    @Test
    void fractionIsMonotonicAndClamped() {
        for (Axis a : List.of(Axis.choose(3, 97), Axis.choose(3, 97_000), Axis.choose(40, 45))) {
            assertEquals(0, a.fraction(a.lo()), 1e-9);
            assertEquals(1, a.fraction(a.hi()), 1e-9);
            assertEquals(0, a.fraction(-5), 1e-9);
            assertEquals(1, a.fraction(a.hi() * 10), 1e-9);
            double prev = -1;
            for (double t : a.ticks()) {
                double f = a.fraction(t);
                assertTrue(f > prev, a.describe() + " ticks ascend");
                prev = f;
            }
        }
        Axis log = Axis.choose(50, 5000);
        assertEquals(10, log.lo(), 1e-9); // whole decades around 50..5000: 10..10^4
        assertEquals(2.0 / 3, log.fraction(1000), 1e-9);
    }

    @Test
    void niceStepsAreRound() {
        assertEquals(2e6, Axis.niceStep(1.6e6), 1e-6);
        assertEquals(2.5e4, Axis.niceStep(2.1e4), 1e-6);
        assertEquals(5, Axis.niceStep(4.2), 1e-9);
        assertEquals(10, Axis.niceStep(6), 1e-9);
        assertEquals(1, Axis.niceStep(0), 1e-9);
    }

    @Test
    void siFormatting() {
        assertEquals("10.4M", Text.si(10_385_104));
        assertEquals("86.6k", Text.si(86_625));
        assertEquals("823", Text.si(823));
        assertEquals("0", Text.si(0));
        assertEquals("1k", Text.si(999.6));
        assertEquals("1.5M", Text.si(1.5e6));
        assertEquals("250k", Text.si(2.5e5));
        assertEquals("0.5", Text.si(0.5));
        assertEquals("n/a", Text.si(Double.NaN));
        assertEquals("10,385,104", Text.grouped(10_385_104.4));
        assertEquals("4.05x", Text.ratio(86625.0 / 21408));
        assertEquals("n/a", Text.ratio(Double.NaN));
    }

    @Test
    void escaping() {
        assertEquals("a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; e", Text.xml("a<b> & \"c\" 'd'\ne\u0001"));
        assertEquals("a \\| b", Text.md("a | b"));
        assertEquals("x y", Text.md("x\n y"));
        assertEquals("-", Text.md(""));
        assertEquals("abc\u2026", Text.clip("abcdef", 4));
        assertEquals("abc", Text.clip("abc", 4));
    }
}
