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
    POLL
}
