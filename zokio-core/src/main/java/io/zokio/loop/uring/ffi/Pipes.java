package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;

import io.zokio.sys.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Pipes for SPLICE: {@code pipe2(2)} with close-on-exec and an optional capacity ({@code F_SETPIPE_SZ}), and
 * {@code sendfile(2)} for the inline SENDFILE mode.
 * <b>Threading:</b> confined to one thread at a time (it owns an errno buffer and scratch memory): the loop
 * thread.
 */
public final class Pipes {
    /** Automatic: pipes outlive nothing here, the scratch is tiny. */
    private final Arena arena = Arena.ofAuto();
    private final Native nat = new Native(arena);
    private final MemorySegment fds = arena.allocate(8, 4);
    private final MemorySegment offset = arena.allocate(8, 8);

    public Pipes() {
    }

    /**
     * A pipe, close-on-exec (blocking unless {@code nonBlocking}); {@code capacityBytes > 0} asks the kernel for
     * that capacity (best effort: {@code /proc/sys/fs/pipe-max-size} limits unprivileged callers).
     *
     * @return {@code {readEnd, writeEnd}}
     */
    public int[] open(boolean nonBlocking, int capacityBytes) throws ErrnoException {
        ErrnoException.check("pipe2", nat.pipe2(fds, O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)));
        int[] p = {fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4)};
        if (capacityBytes > 0) {
            nat.fcntl(p[1], F_SETPIPE_SZ, capacityBytes); // failure keeps the default (64 KiB)
        }
        return p;
    }

    /** The capacity of pipe end {@code fd} in bytes, or a negated errno. */
    public int capacity(int fd) {
        return nat.fcntl(fd, F_GETPIPE_SZ, 0);
    }

    /**
     * {@code sendfile(2)} of up to {@code count} bytes of file {@code inFd} at {@code fileOffset} to socket
     * {@code outFd}: bytes sent, or a negated errno ({@code -EAGAIN} when a non-blocking socket is full). It
     * reads the file on the calling thread (a page-cache miss blocks it).
     */
    public int sendfile(int outFd, int inFd, long fileOffset, int count) {
        offset.set(ValueLayout.JAVA_LONG, 0, fileOffset);
        return (int) nat.sendfile(outFd, inFd, offset, count);
    }

    /** Closes {@code fd}; returns 0 or a negated errno. */
    public int close(int fd) {
        return nat.close(fd);
    }
}
