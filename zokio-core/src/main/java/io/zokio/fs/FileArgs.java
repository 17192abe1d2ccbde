package io.zokio.fs;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** <b>Threading:</b> stateless; any thread. Argument checks of the file API, made before anything is submitted. */
final class FileArgs {
    private FileArgs() {
    }

    /** A thread that owns no arena: a confined segment is not accessible by it, a shared or global one is. */
    private static final Thread NOT_AN_OWNER = Thread.ofPlatform().unstarted(() -> { });

    /**
     * Segments must be native (checked before the inline read path uses the address) and reachable from other
     * threads: the NIO backend's pool threads copy through them, and a confined segment would fail there
     * (io_uring would not notice), so both backends refuse it here.
     */
    static MemorySegment shareable(MemorySegment s, String what) {
        Objects.requireNonNull(s, what);
        if (!s.isNative()) {
            throw new IllegalArgumentException(what + " must be a native (off-heap) segment: the kernel writes into it");
        }
        if (s.isReadOnly() && what.startsWith("dst")) {
            throw new IllegalArgumentException(what + " is read-only");
        }
        if (!s.isAccessibleBy(NOT_AN_OWNER)) {
            throw new IllegalArgumentException(what + " belongs to a confined arena: use Arena.ofShared(), "
                    + "Arena.ofAuto() or Arena.global() for I/O buffers");
        }
        return s;
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
