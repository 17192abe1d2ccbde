package io.zokio.bench;

import io.zokio.loop.EventLoop;
import io.zokio.loop.IdleMode;
import java.util.EnumMap;
import java.util.Map;

/**
 * <b>Threading:</b> confined to the bench thread, which also runs the loops.
 *
 * <p>One event loop per {@link ZokioImpl}, opened on first use and kept over a bench's rounds, closed at the end:
 * for the loop benches ({@code nop}, {@code wakeup}), whose rounds measure the same loop again.
 */
final class OpenLoops implements AutoCloseable {
    private final IdleMode idleMode;
    private final Map<ZokioImpl, EventLoop> loops = new EnumMap<>(ZokioImpl.class);

    OpenLoops(IdleMode idleMode) {
        this.idleMode = idleMode;
    }

    EventLoop get(ZokioImpl impl) throws ZokioImpl.Unavailable {
        EventLoop loop = loops.get(impl);
        if (loop == null) {
            loop = impl.open(idleMode);
            loops.put(impl, loop);
        }
        return loop;
    }

    /** The backend of the impl's loop, or {@code -} when it never opened. */
    String backend(ZokioImpl impl) {
        EventLoop loop = loops.get(impl);
        return loop == null ? "-" : loop.backendName();
    }

    @Override
    public void close() {
        loops.values().forEach(EventLoop::close);
        loops.clear();
    }
}
