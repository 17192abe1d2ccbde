package io.zokio.loop;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Native buffers for loop tests; they live as long as the test JVM (the global arena). */
final class Buffers {
    private Buffers() {
    }

    static MemorySegment native16() {
        return Arena.global().allocate(16);
    }
}
