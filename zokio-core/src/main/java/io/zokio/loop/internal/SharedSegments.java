package io.zokio.loop.internal;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>The check the file and socket APIs make on a caller's native segment before anything is submitted: the
 * segment must be reachable from threads other than the caller's, because an event loop's thread or the NIO
 * backend's pool threads use it. A segment of a confined arena is refused at the API edge with one clear
 * message, on both backends (without the check, NIO fails deep inside the JDK and io_uring sends were seen to
 * fail with {@code EFAULT}).
 */
public final class SharedSegments {
    /** A thread that owns no arena: a confined segment is not accessible by it, a shared or global one is. */
    private static final Thread NOT_AN_OWNER = Thread.ofPlatform().unstarted(() -> { });

    private SharedSegments() {
    }

    /** {@code s}, after checking it is native and not confined to a thread; {@code what} names it in messages. */
    public static MemorySegment requireShareable(MemorySegment s, String what) {
        Objects.requireNonNull(s, what);
        if (!s.isNative()) {
            throw new IllegalArgumentException(what + " must be a native (off-heap) segment: the kernel uses it");
        }
        if (!s.isAccessibleBy(NOT_AN_OWNER)) {
            throw new IllegalArgumentException(what + " belongs to a confined arena: use Arena.ofShared(), "
                    + "Arena.ofAuto() or Arena.global() for I/O buffers");
        }
        return s;
    }
}
