package io.zokio.loop;

import io.zokio.sys.Errno;
import io.zokio.sys.PeerAddress;

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
 *   <li>{@link #POLL}: the ready event mask ({@link PollEvents#POLLIN}, {@link PollEvents#POLLOUT}, ...).</li>
 *   <li>{@link #READ_FIXED}, {@link #WRITE_FIXED}: bytes transferred, as READ and WRITE.</li>
 *   <li>{@link #FALLOCATE}, {@link #FTRUNCATE}, {@link #UNLINKAT}, {@link #RENAMEAT}, {@link #MKDIRAT}: 0.</li>
 * </ul>
 *
 * <h2>Network strengths (io_uring, emulated on NIO)</h2>
 * <ul>
 *   <li>{@link #SPLICE}: bytes moved from {@code fdIn} to {@code fd} (0: end of input), as {@code splice(2)}.
 *       io_uring: {@code IORING_OP_SPLICE}; one side must be a pipe (see {@code IoUringBackend#openPipe}). NIO
 *       has no pipes: it supports a file at an explicit offset as input and a socket as output (with
 *       {@code offsetOut} {@link Completion#OFFSET_CURRENT}), through {@code FileChannel.transferTo}; anything
 *       else is {@code -EINVAL}. Portable code sends files with {@link #SENDFILE}.</li>
 *   <li>{@link #SENDFILE}: "send a file range to a socket", the same on both backends: bytes sent
 *       ({@code 1..length}, may be short: loop like a short send; 0 when the offset is at or past the end of the
 *       file). io_uring: two SPLICEs through a pipe the backend owns (file to pipe, pipe to socket, waiting for
 *       POLLOUT when the socket is full), never touching user memory; NIO: {@code FileChannel.transferTo}
 *       ({@code sendfile(2)} underneath).</li>
 *   <li>{@link #ACCEPT_MULTISHOT}, {@link #RECV_MULTISHOT}: <b>multishot</b>. The callback runs once per result
 *       while the completion stays active ({@link Completion#isActive()} is true inside it: io_uring's
 *       {@code IORING_CQE_F_MORE}); returning {@link Action#REARM} keeps it going, {@link Action#DISARM} asks it
 *       to stop. Exactly one <em>final</em> callback follows (the completion is idle then), whose result never
 *       carries data: {@code -ECANCELED} after a stop or a CANCEL, 0 for end of stream (RECV_MULTISHOT), or
 *       the error that ended it. Results the kernel produced before a stop took effect are still delivered
 *       (never lost: each is a descriptor or a buffer the callback must take care of). Intermediate results:
 *       ACCEPT_MULTISHOT the new socket; RECV_MULTISHOT bytes received ({@code > 0}) into the buffer
 *       {@link Completion#bufferId()} of the {@link BufferGroup}, which the user gives back with
 *       {@link BufferGroup#release}. When the group runs dry the backend waits for a release and re-arms
 *       (back-pressure); {@code -ENOBUFS} never reaches the callback.</li>
 *   <li>{@link #SEND_ZC}: bytes sent, like {@link #SEND}; the callback runs once, after the kernel's
 *       notification ({@code IORING_CQE_F_NOTIF}) that it no longer reads the buffer. NIO: a plain send.</li>
 *   <li>{@link #SENDMSG}: one datagram to the completion's address on a UDP socket
 *       ({@code Backend.openUdpSocket}); bytes sent. {@link #RECVMSG}: one datagram; bytes copied into the
 *       buffer (the rest of a longer datagram is discarded, as {@code recvmsg(2)} without MSG_TRUNC does), the
 *       sender in the completion's {@link PeerAddress}. io_uring: {@code IORING_OP_SENDMSG}/{@code RECVMSG};
 *       NIO: {@code DatagramChannel.send}/{@code receive}.</li>
 *   <li>{@link #RECVMSG_MULTISHOT}: batched datagram receive, multishot like RECV_MULTISHOT: each intermediate
 *       result is one datagram's payload length ({@code >= 0}: empty datagrams exist), its bytes at
 *       {@link Completion#bufferOffset()} of buffer {@link Completion#bufferId()} (the group's buffers hold a
 *       {@link Completion#RECVMSG_HEADER_BYTES}-byte header first, so the payload capacity is that much
 *       smaller; longer datagrams are cut), its sender in the completion's {@link PeerAddress}. The final result
 *       is an error or {@code -ECANCELED}. io_uring: {@code IORING_OP_RECVMSG} with
 *       {@code IORING_RECV_MULTISHOT} ({@code struct io_uring_recvmsg_out}); NIO: repeated
 *       {@code DatagramChannel.receive}.</li>
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
    // ---- file operations ----
    /** {@code fallocate(2)}: allocate or manipulate space of a file. */
    FALLOCATE,
    /** {@code ftruncate(2)}: set a file's size (io_uring 6.9+; older kernels run the syscall inline). */
    FTRUNCATE,
    /** {@code unlinkat(2)}: remove a file, or a directory with {@link UnlinkFlags#AT_REMOVEDIR}. */
    UNLINKAT,
    /** {@code renameat2(2)}. */
    RENAMEAT,
    /** {@code mkdirat(2)}. */
    MKDIRAT,
    /** READ into a buffer registered as an io_uring fixed buffer (NIO: a plain read of the same segment). */
    READ_FIXED,
    /** WRITE from a registered fixed buffer (NIO: a plain write). */
    WRITE_FIXED,

    // ---- splice, sendfile, multishot, zero-copy send, messages (see the class doc) ----
    SPLICE,
    SENDFILE,
    ACCEPT_MULTISHOT,
    RECV_MULTISHOT,
    SEND_ZC,
    SENDMSG,
    RECVMSG,
    RECVMSG_MULTISHOT;

    /** Whether the operation is multishot: callbacks while active, then one final callback. */
    public boolean isMultishot() {
        return this == ACCEPT_MULTISHOT || this == RECV_MULTISHOT || this == RECVMSG_MULTISHOT;
    }
}
