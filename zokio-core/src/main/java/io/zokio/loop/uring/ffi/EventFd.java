package io.zokio.loop.uring.ffi;

import io.zokio.sys.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A blocking, close-on-exec eventfd used to wake a ring: the ring keeps a READ pending on it and
 * {@link #signal()} adds 1 to its counter.
 *
 * <p><b>Threading:</b> {@link #signal()} is safe from any thread and never blocks; everything else is for the
 * owning (loop) thread. The eventfd is blocking on purpose: io_uring answers a READ on an {@code O_NONBLOCK}
 * file with {@code -EAGAIN} instead of waiting for readiness.
 */
public final class EventFd implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    /** Holds only {@code one}: signal() passes it to a downcall, which keeps this arena open during the call. */
    private final Arena signalArena = Arena.ofShared();
    private final Native nat = new Native(arena);
    private final int fd;
    /** The counter the pending READ fills; only the kernel writes it. */
    private final MemorySegment readBuffer = arena.allocate(8, 8);
    /** The value 1, written by signal() from any thread; never modified after construction. */
    private final MemorySegment one = signalArena.allocate(8, 8);
    private volatile boolean closed;

    public EventFd() throws ErrnoException {
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        int r = nat.eventfd(0, IoUringConstants.EFD_CLOEXEC);
        if (r < 0) {
            arena.close();
            signalArena.close();
            throw new ErrnoException("eventfd", r);
        }
        fd = r;
    }

    public int fd() {
        return fd;
    }

    /** The 8-byte buffer for the ring's pending READ. */
    public MemorySegment readBuffer() {
        return readBuffer;
    }

    /** Adds 1 to the counter. Any thread. A signal racing with close() may be lost, which is harmless. */
    public void signal() {
        if (!closed) {
            try {
                Native.wakeEventFd(fd, one);
            } catch (IllegalStateException closedMeanwhile) {
                // close() won the race: the loop is gone, nothing to wake
            }
        }
    }

    /** Reads and clears the counter synchronously (tests). */
    public long drain() throws ErrnoException {
        ErrnoException.check("read", nat.read(fd, readBuffer));
        return readBuffer.get(ValueLayout.JAVA_LONG, 0);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // 1. close the signal arena: afterwards no signal() can reach write(2); one that is inside write(2)
        //    right now holds the arena, so close() throws and we retry until that write returned.
        // 2. only then close the fd, so that a late signal() can never write into a reused descriptor number.
        while (true) {
            try {
                signalArena.close();
                break;
            } catch (IllegalStateException inUse) {
                Thread.onSpinWait();
            }
        }
        nat.close(fd);
        arena.close();
    }
}
