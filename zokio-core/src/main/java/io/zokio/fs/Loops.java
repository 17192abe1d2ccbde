package io.zokio.fs;

import io.zokio.loop.EventLoop;
import io.zokio.runtime.Runtime;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@link EventLoop} of each worker of a runtime, for the asynchronous API, which submits through
 * {@link EventLoop#execute} without parking anyone. Learned once per runtime through {@link Runtime#onLoop}
 * (which must not run on a loop thread), then cached. Any thread.
 */
final class Loops {
    private static final Map<Runtime, EventLoop[]> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private Loops() {
    }

    /**
     * The loops of {@code rt}'s workers, or null when they are not known yet and the caller is a loop thread
     * (which cannot wait for {@link Runtime#onLoop}).
     */
    static EventLoop[] of(Runtime rt) {
        EventLoop[] loops = CACHE.get(rt);
        if (loops != null || Runtime.isWorkerThread()) {
            return loops;
        }
        loops = new EventLoop[rt.workers()];
        try {
            for (int i = 0; i < loops.length; i++) {
                loops[i] = rt.onLoop(i, loop -> loop);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up the runtime's event loops", e);
        }
        CACHE.put(rt, loops);
        return loops;
    }
}
