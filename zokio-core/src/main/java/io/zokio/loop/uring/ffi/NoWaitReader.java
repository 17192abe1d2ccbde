package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.KernelStructs.IOVEC;
import static io.zokio.loop.uring.ffi.KernelStructs.IOVEC_BASE;
import static io.zokio.loop.uring.ffi.KernelStructs.IOVEC_LEN;
import static io.zokio.loop.uring.ffi.KernelStructs.U64;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * <b>Threading:</b> confined to one thread at a time (its errno buffer and iovec are per instance); keep one
 * per thread.
 *
 * <p>A page-cache read that cannot block: {@code preadv2(..., RWF_NOWAIT)} copies what the page cache holds
 * and returns {@code -EAGAIN} when the data would have to come from the disk (or a lock would be waited for), so
 * a virtual thread calling it holds its carrier for a memory copy at most, never for I/O. Callers send the
 * EAGAIN case (and every error) to io_uring instead.
 */
public final class NoWaitReader {
    /** {@code RWF_NOWAIT} from linux/fs.h. */
    public static final int RWF_NOWAIT = 0x8;

    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // keeps the memory of the unscoped views below alive
    private final Arena arena;
    private final Native nat;
    private final MemorySegment iov;

    /**
     * Memory from {@code Arena.ofAuto()}, held by this reader, so it is freed only after the reader became
     * unreachable: no call can follow. That is what lets the errno buffer and the iovec be used through unscoped
     * views, which spares every downcall the acquire and release of the arena's session (four atomic updates).
     */
    public NoWaitReader() {
        this.arena = Arena.ofAuto();
        this.nat = new Native(arena, true);
        MemorySegment scoped = arena.allocate(IOVEC);
        // restricted: the arena lives as long as this reader (the field above), so the view never dangles
        this.iov = MemorySegment.ofAddress(scoped.address()).reinterpret(scoped.byteSize());
    }

    /** Whether this platform has preadv2 (glibc 2.26+). */
    public static boolean available() {
        return Native.hasPreadv2();
    }

    /**
     * Reads into {@code buf} at {@code offset} without blocking. Precondition: {@code fd} is open for reading
     * for the whole call (the caller holds its use count).
     *
     * @return bytes read (0 at end of file), {@code -EAGAIN} when it would block, or another negated errno
     */
    public int read(int fd, MemorySegment buf, long offset) {
        U64.set(iov, IOVEC_BASE, buf.address()); // buf is native and alive for the call (the caller's)
        U64.set(iov, IOVEC_LEN, buf.byteSize());
        return (int) nat.preadv2(fd, iov, offset, RWF_NOWAIT);
    }
}
