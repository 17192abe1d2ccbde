package io.zokio.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * <b>Threading:</b> immutable values.
 *
 * <p>One step of a call sequence: which call ({@code op}), a small choice ({@code pick}: which handle, buffer,
 * path or option set) and a number ({@code num}: an offset, length or timeout) drawn mostly from the edges
 * (negative, zero, page and int boundaries, huge) so that out-of-range arguments come up often.
 */
record Step(int op, int pick, long num) {
    static final long[] EDGES = {Long.MIN_VALUE, -4096, -1, 0, 1, 7, 511, 512, 4095, 4096, 65_535, 65_536,
            Integer.MAX_VALUE, 1L << 31, 1L << 40, Long.MAX_VALUE - 1, Long.MAX_VALUE};

    static Arbitrary<Long> numbers() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(box(EDGES))),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 100_000)));
    }

    static Arbitrary<List<Step>> sequences(int ops, int minLength, int maxLength) {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, ops - 1),
                Arbitraries.integers().between(0, 1023), numbers()).as(Step::new);
        return step.list().ofMinSize(minLength).ofMaxSize(maxLength);
    }

    private static Long[] box(long[] v) {
        Long[] out = new Long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** {@code num} as a length for a buffer: at most {@code max} bytes, never negative. */
    int size(int max) {
        return (int) Math.floorMod(num, (long) max + 1);
    }

    @Override
    public String toString() {
        return op + "/" + pick + "/" + num;
    }
}
