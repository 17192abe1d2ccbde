package io.zokio.loop.uring.ffi;

import io.zokio.loop.ErrnoException;
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
    /** Automatic: signal() may still touch {@code one} while another thread closes. */
    private final Arena arena = Arena.ofAuto();
    private final Native nat = new Native(arena);
    private final int fd;
    /** The counter the pending READ fills; only the kernel writes it. */
    private final MemorySegment readBuffer = arena.allocate(8, 8);
    /** The value 1, written by signal() from any thread; never modified after construction. */
    private final MemorySegment one = arena.allocate(8, 8);
    private volatile boolean closed;

    public EventFd() throws ErrnoException {
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        int r = nat.eventfd(0, IoUringConstants.EFD_CLOEXEC);
        if (r < 0) {
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
            Native.wakeEventFd(fd, one);
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
        nat.close(fd);
        // the automatic arena frees the buffers once this object is unreachable: a signal() that passed
        // the closed check may still read `one` (its write then fails with EBADF, ignored)
    }
}
