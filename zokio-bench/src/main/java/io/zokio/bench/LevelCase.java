package io.zokio.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>One impl at one level (a connection count, a file size, a mode): a case of {@link Rounds} for the benches
 * that measure every impl at several levels. {@link #grid} lists the cases level by level, so that with
 * {@link #level} as the group every impl runs at one level before the next, in rotating order.
 *
 * @param impl the impl (e.g. a server process)
 * @param level the level's index in the bench's list of levels
 */
public record LevelCase<S>(S impl, int level) {

    /** Every impl at every level from 0 to {@code levels - 1}, level by level. */
    public static <S> List<LevelCase<S>> grid(int levels, List<S> impls) {
        List<LevelCase<S>> cases = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            for (S s : impls) {
                cases.add(new LevelCase<>(s, level));
            }
        }
        return cases;
    }
}
