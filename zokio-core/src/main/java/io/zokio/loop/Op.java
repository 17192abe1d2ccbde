package io.zokio.loop;

/**
 * The operations a {@link Completion} can describe. Each maps onto one io_uring opcode on the io_uring
 * backend and onto readiness plus a non-blocking call (or the file pool) on the NIO backend.
 *
 * <p>Result conventions (the {@code result} passed to the callback): {@code >= 0} success, {@code < 0} a
 * negated errno from {@link Errno}. Per operation:
 * <ul>
 *   <li>{@link #NOP}: 0.</li>
 *   <li>{@link #TIMEOUT}: 0 when the timer expired, {@code -ECANCELED} when it was cancelled.</li>
 *   <li>{@link #CANCEL}: 0 when the target was found and cancelled, {@code -ENOENT} when the target was not in
 *       flight, {@code -EALREADY} when it was already executing and could not be stopped.</li>
 *   <li>{@link #READ}, {@link #READV}, {@link #RECV}: bytes transferred; 0 means end of stream.</li>
 *   <li>{@link #WRITE}, {@link #WRITEV}, {@link #SEND}: bytes transferred (may be short).</li>
 *   <li>{@link #FSYNC}, {@link #CLOSE}, {@link #CONNECT}, {@link #SHUTDOWN}, {@link #STATX}: 0.</li>
 *   <li>{@link #OPENAT}, {@link #ACCEPT}: the new descriptor.</li>
 *   <li>{@link #POLL}: the ready event mask ({@link Completion#POLLIN}, {@link Completion#POLLOUT}, ...).</li>
 *   <li>{@link #READ_FIXED}, {@link #WRITE_FIXED}: bytes transferred, as READ and WRITE.</li>
 *   <li>{@link #FALLOCATE}, {@link #FTRUNCATE}, {@link #UNLINKAT}, {@link #RENAMEAT}, {@link #MKDIRAT}: 0.</li>
 * </ul>
 */
public enum Op {
    NOP,
    TIMEOUT,
    CANCEL,
    READ,
    WRITE,
    READV,
    WRITEV,
    FSYNC,
    OPENAT,
    CLOSE,
    STATX,
    ACCEPT,
    CONNECT,
    RECV,
    SEND,
    SHUTDOWN,
    POLL,
    // ---- file operations (issue 5) ----
    /** {@code fallocate(2)}: allocate or manipulate space of a file. */
    FALLOCATE,
    /** {@code ftruncate(2)}: set a file's size (io_uring 6.9+; older kernels run the syscall inline). */
    FTRUNCATE,
    /** {@code unlinkat(2)}: remove a file, or a directory with {@link Completion#AT_REMOVEDIR}. */
    UNLINKAT,
    /** {@code renameat2(2)}. */
    RENAMEAT,
    /** {@code mkdirat(2)}. */
    MKDIRAT,
    /** READ into a buffer registered as an io_uring fixed buffer (NIO: a plain read of the same segment). */
    READ_FIXED,
    /** WRITE from a registered fixed buffer (NIO: a plain write). */
    WRITE_FIXED
}
