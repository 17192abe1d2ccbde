package io.zokio.fs;

import io.zokio.loop.internal.SharedSegments;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** <b>Threading:</b> stateless; any thread. Argument checks of the file API, made before anything is submitted. */
final class FileArgs {
    private FileArgs() {
    }

    /**
     * Segments must be native (checked before the inline read path uses the address) and reachable from other
     * threads: the NIO backend's pool threads copy through them, so both backends refuse a confined one here.
     */
    static MemorySegment shareable(MemorySegment s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isNative() && s.isReadOnly() && what.startsWith("dst")) {
            throw new IllegalArgumentException(what + " is read-only");
        }
        return SharedSegments.requireShareable(s, what);
    }

    static MemorySegment[] shareable(MemorySegment[] ss, String what) {
        Objects.requireNonNull(ss, what);
        for (MemorySegment s : ss) {
            shareable(s, what + " element");
        }
        return ss;
    }

    static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
    }

    static long total(MemorySegment[] bs) {
        long t = 0;
        for (MemorySegment b : bs) {
            t += b.byteSize();
        }
        return t;
    }
}
