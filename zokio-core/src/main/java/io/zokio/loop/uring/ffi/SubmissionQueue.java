package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static io.zokio.loop.uring.ffi.KernelStructs.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * <b>Threading:</b> not thread-safe; the thread that drives its {@link IoUring} (the loop thread).
 *
 * <p>The submission side of an {@link IoUring}: the mapped SQ ring and SQE array, and one {@code prep} method per
 * operation family, as liburing's {@code io_uring_prep_*} ({@code src/include/liburing.h}). A prep claims the
 * next SQE at the local tail and writes it; nothing reaches the kernel until {@link IoUring#enter} publishes the
 * tail with a release store. The SQ index array is filled once with the identity, so SQE {@code i} is always
 * slot {@code i}. Memory an SQE points to (paths, buffers, iovecs, sockaddrs) must stay alive until its CQE is
 * reaped.
 *
 * <p>SQEs are written as eight 64-bit words, little-endian (checked when {@link IoUring} is loaded): word 0 holds
 * {@code opcode} (with {@code flags} and {@code ioprio} zero) and {@code fd}; word 3 {@code len} and
 * {@code op_flags}; word 5 clears {@code buf_index}, {@code personality} and {@code splice_fd_in}. A prep
 * that needs one of the zeroed fields sets it after the claim.
 */
public final class SubmissionQueue {
    private static final long SQE_SIZE = IO_URING_SQE.byteSize();

    // the mapped ring
    private final MemorySegment sqRing;
    private final MemorySegment sqes;
    private final long sqHead;
    private final long sqTail;
    private final int sqMask;
    private final int sqEntries;

    // local state
    /** The next SQE to fill. */
    private int sqeTail;
    /** The last kernel SQ head seen. */
    private int sqeHeadCached;
    /** The last value stored to the shared SQ tail. */
    private int publishedTail;

    SubmissionQueue(MemorySegment params, MemorySegment sqRing, MemorySegment sqes) {
        this.sqRing = sqRing;
        this.sqes = sqes;
        long so = PARAMS_SQ_OFF;
        sqHead = u32(params, so + SQOFF_HEAD);
        sqTail = u32(params, so + SQOFF_TAIL);
        sqMask = (int) U32.get(sqRing, u32(params, so + SQOFF_RING_MASK));
        sqEntries = (int) U32.get(sqRing, u32(params, so + SQOFF_RING_ENTRIES));
        long array = u32(params, so + SQOFF_ARRAY);
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(ValueLayout.JAVA_INT, array + 4L * i, i); // identity: SQ slot i -> SQE i
        }
        sqeTail = (int) U32.get(sqRing, sqTail);
        sqeHeadCached = (int) U32.getAcquire(sqRing, sqHead);
        publishedTail = sqeTail;
    }

    private static long u32(MemorySegment s, long off) {
        return Integer.toUnsignedLong((int) U32.get(s, off));
    }

    // ------------------------------------------------------------------ state

    public int entries() {
        return sqEntries;
    }

    /** SQEs filled and not yet consumed by the kernel. */
    public int pending() {
        // acquire: pairs with the kernel's smp_store_release of the SQ head in io_commit_sqring()
        sqeHeadCached = (int) U32.getAcquire(sqRing, sqHead);
        return sqeTail - sqeHeadCached;
    }

    /** Whether no SQE can be filled without flushing. */
    public boolean isFull() {
        if (sqeTail - sqeHeadCached < sqEntries) {
            return false;
        }
        return pending() >= sqEntries;
    }

    /** The SQE position counter: it grows by one per prepared SQE (to tell whether a prep made one). */
    public int position() {
        return sqeTail;
    }

    /** ORs {@code sqeFlags} (e.g. {@code IOSQE_FIXED_FILE}) into the SQE prepared at {@code position}. */
    public void orSqeFlags(int position, int sqeFlags) {
        long b = (long) (position & sqMask) * SQE_SIZE;
        U8.set(sqes, b + SQE_FLAGS, (byte) ((byte) U8.get(sqes, b + SQE_FLAGS) | sqeFlags));
    }

    // ------------------------------------------------------------------ for IoUring.enter

    /** Stores the local tail to the shared SQ tail, if it moved. */
    void publishTail() {
        if (publishedTail != sqeTail) {
            // release: makes the SQE stores visible before the tail; pairs with the kernel's
            // smp_load_acquire of the SQ tail in io_sqring_entries()
            U32.setRelease(sqRing, sqTail, sqeTail);
            publishedTail = sqeTail;
        }
    }

    /** SQEs filled since the kernel head last seen: an upper bound of what an enter submits. */
    int unsubmitted() {
        return sqeTail - sqeHeadCached;
    }

    /** Reads the kernel's SQ head after an enter. */
    void refreshHead() {
        sqeHeadCached = (int) U32.getAcquire(sqRing, sqHead);
    }

    // ------------------------------------------------------------------ claiming an SQE

    /** Claims the next SQE and writes every field but the op-specific ones; returns its offset. */
    private long sqe(int opcode, int fd, long addr, int len, long off, int opFlags, long userData) {
        if (sqeTail - sqeHeadCached >= sqEntries && pending() >= sqEntries) {
            throw new IllegalStateException("SQ full: flush before preparing another SQE");
        }
        long b = (long) (sqeTail & sqMask) * SQE_SIZE;
        sqeTail++;
        // little-endian word writes: opcode | flags=0 | ioprio=0 | fd, then len | op_flags
        U64.set(sqes, b + SQE_OPCODE, (opcode & 0xffL) | ((long) fd << 32));
        U64.set(sqes, b + SQE_OFF, off);
        U64.set(sqes, b + SQE_ADDR, addr);
        U64.set(sqes, b + SQE_LEN, (len & 0xffff_ffffL) | ((long) opFlags << 32));
        U64.set(sqes, b + SQE_USER_DATA, userData);
        U64.set(sqes, b + SQE_BUF_INDEX, 0L); // buf_index, personality, splice_fd_in
        U64.set(sqes, b + SQE_ADDR3, 0L);
        U64.set(sqes, b + SQE_PAD2, 0L);
        return b;
    }

    // ------------------------------------------------------------------ generic and control

    public void prepNop(long userData) {
        sqe(IORING_OP_NOP, -1, 0, 0, 0, 0, userData);
    }

    /** ASYNC_CANCEL of the request whose user_data is {@code targetUserData} (or by {@code cancelFlags}). */
    public void prepCancel(long targetUserData, int cancelFlags, long userData) {
        sqe(IORING_OP_ASYNC_CANCEL, -1, targetUserData, 0, 0, cancelFlags, userData);
    }

    /** A relative TIMEOUT of {@code timeoutNs} that also completes after {@code count} other completions. */
    public void prepTimeout(MemorySegment timespec, long timeoutNs, int count, long userData) {
        U64.set(timespec, TIMESPEC_SEC, timeoutNs / 1_000_000_000L);
        U64.set(timespec, TIMESPEC_NSEC, timeoutNs % 1_000_000_000L);
        sqe(IORING_OP_TIMEOUT, -1, timespec.address(), 1, count, 0, userData);
    }

    /** One-shot POLL_ADD; {@code events} go to {@code poll32_events}. */
    public void prepPollAdd(int fd, int events, long userData) {
        sqe(IORING_OP_POLL_ADD, fd, 0, 0, 0, events, userData);
    }

    /** One-shot POLL_ADD on behalf of an operation that waits (SENDFILE waiting for POLLOUT). */
    public void prepPollOut(int fd, long userData) {
        sqe(IORING_OP_POLL_ADD, fd, 0, 0, 0, POLLOUT, userData);
    }

    // ------------------------------------------------------------------ files

    /** READ or WRITE of the whole {@code buf} at {@code offset} (-1: the file position). */
    public void prepReadWrite(int opcode, int fd, MemorySegment buf, long offset, long userData) {
        sqe(opcode, fd, buf.address(), (int) buf.byteSize(), offset, 0, userData);
    }

    /** READV or WRITEV with {@code count} iovecs at {@code iovecs}. */
    public void prepVectored(int opcode, int fd, MemorySegment iovecs, int count, long offset, long userData) {
        sqe(opcode, fd, iovecs.address(), count, offset, 0, userData);
    }

    public void prepFsync(int fd, int fsyncFlags, long userData) {
        sqe(IORING_OP_FSYNC, fd, 0, 0, 0, fsyncFlags, userData);
    }

    /** {@code path} is a NUL-terminated string that must stay alive until the completion is reaped. */
    public void prepOpenAt(int dirfd, MemorySegment path, int openFlags, int mode, long userData) {
        sqe(IORING_OP_OPENAT, dirfd, path.address(), mode, 0, openFlags, userData);
    }

    public void prepClose(int fd, long userData) {
        sqe(IORING_OP_CLOSE, fd, 0, 0, 0, 0, userData);
    }

    /** {@code statxBuf} (256 bytes) and {@code path} must stay alive until the completion is reaped. */
    public void prepStatx(int dirfd, MemorySegment path, int statxFlags, int mask, MemorySegment statxBuf,
                          long userData) {
        sqe(IORING_OP_STATX, dirfd, path.address(), mask, statxBuf.address(), statxFlags, userData);
    }

    /**
     * READ_FIXED or WRITE_FIXED of {@code buf}, which lies inside registered buffer {@code bufIndex} (the
     * kernel checks the range and answers -EFAULT otherwise).
     */
    public void prepReadWriteFixed(int opcode, int fd, MemorySegment buf, long offset, int bufIndex,
                                   long userData) {
        long b = sqe(opcode, fd, buf.address(), (int) buf.byteSize(), offset, 0, userData);
        U16.set(sqes, b + SQE_BUF_INDEX, (short) bufIndex); // after sqe() zeroed the word
    }

    // ------------------------------------------------------------------ file metadata; field use as liburing's io_uring_prep_*

    /** FALLOCATE: {@code len} carries the mode, {@code addr} the length, {@code off} the offset. */
    public void prepFallocate(int fd, int mode, long offset, long length, long userData) {
        sqe(IORING_OP_FALLOCATE, fd, length, mode, offset, 0, userData);
    }

    /** FTRUNCATE: {@code off} carries the new length. */
    public void prepFtruncate(int fd, long length, long userData) {
        sqe(IORING_OP_FTRUNCATE, fd, 0, 0, length, 0, userData);
    }

    /** {@code path} is NUL-terminated and must stay alive until the completion is reaped. */
    public void prepUnlinkAt(int dirfd, MemorySegment path, int unlinkFlags, long userData) {
        sqe(IORING_OP_UNLINKAT, dirfd, path.address(), 0, 0, unlinkFlags, userData);
    }

    /** RENAMEAT: {@code len} carries the new dirfd, {@code off} (addr2) the new path. Both paths outlive it. */
    public void prepRenameAt(int oldDirfd, MemorySegment oldPath, int newDirfd, MemorySegment newPath,
                             int renameFlags, long userData) {
        sqe(IORING_OP_RENAMEAT, oldDirfd, oldPath.address(), newDirfd, newPath.address(), renameFlags, userData);
    }

    /** MKDIRAT: {@code len} carries the mode. */
    public void prepMkdirAt(int dirfd, MemorySegment path, int mode, long userData) {
        sqe(IORING_OP_MKDIRAT, dirfd, path.address(), mode, 0, 0, userData);
    }

    // ------------------------------------------------------------------ sockets

    public void prepAccept(int fd, int acceptFlags, long userData) {
        sqe(IORING_OP_ACCEPT, fd, 0, 0, 0, acceptFlags, userData);
    }

    /** {@code sockaddr} must stay alive until the completion is reaped. */
    public void prepConnect(int fd, MemorySegment sockaddr, int addrLen, long userData) {
        sqe(IORING_OP_CONNECT, fd, sockaddr.address(), 0, addrLen, 0, userData);
    }

    /** RECV or SEND of the whole {@code buf}. */
    public void prepSendRecv(int opcode, int fd, MemorySegment buf, int msgFlags, long userData) {
        sqe(opcode, fd, buf.address(), (int) buf.byteSize(), 0, msgFlags, userData);
    }

    public void prepShutdown(int fd, int how, long userData) {
        sqe(IORING_OP_SHUTDOWN, fd, 0, how, 0, 0, userData);
    }

    /** SENDMSG or RECVMSG with the msghdr at {@code msghdr} (kept alive until the CQE), as io_uring_prep_sendmsg. */
    public void prepMsg(int opcode, int fd, MemorySegment msghdr, int msgFlags, long userData) {
        sqe(opcode, fd, msghdr.address(), 1, 0, msgFlags, userData);
    }

    /** SEND_ZC of the whole {@code buf}: a result CQE (F_MORE) then a notification CQE (F_NOTIF). */
    public void prepSendZc(int fd, MemorySegment buf, int msgFlags, long userData) {
        sqe(IORING_OP_SEND_ZC, fd, buf.address(), (int) buf.byteSize(), 0, msgFlags, userData);
    }

    // ------------------------------------------------------------------ several CQEs per request: splice, multishot

    /**
     * SPLICE of {@code len} bytes from {@code fdIn} at {@code offIn} to {@code fdOut} at {@code offOut} (-1: no
     * offset, required for pipes and sockets), as liburing's io_uring_prep_splice: the output side takes the
     * {@code fd} and {@code off} fields, the input side {@code splice_off_in} (the {@code addr} union) and
     * {@code splice_fd_in}.
     */
    public void prepSplice(int fdIn, long offIn, int fdOut, long offOut, int len, int spliceFlags, long userData) {
        long b = sqe(IORING_OP_SPLICE, fdOut, offIn, len, offOut, spliceFlags, userData);
        U32.set(sqes, b + SQE_SPLICE_FD_IN, fdIn);
    }

    /** Multishot ACCEPT: {@code IORING_ACCEPT_MULTISHOT} in {@code ioprio}; one CQE per connection. */
    public void prepAcceptMultishot(int fd, int acceptFlags, long userData) {
        long b = sqe(IORING_OP_ACCEPT, fd, 0, 0, 0, acceptFlags, userData);
        U16.set(sqes, b + SQE_IOPRIO, (short) IORING_ACCEPT_MULTISHOT);
    }

    /**
     * Multishot RECV into buffers of provided buffer group {@code bgid}: {@code IOSQE_BUFFER_SELECT},
     * {@code IORING_RECV_MULTISHOT} in {@code ioprio}, {@code buf_group}, and a zero length (each buffer's own).
     */
    public void prepRecvMultishot(int fd, int bgid, int msgFlags, long userData) {
        long b = sqe(IORING_OP_RECV, fd, 0, 0, 0, msgFlags, userData);
        U8.set(sqes, b + SQE_FLAGS, (byte) IOSQE_BUFFER_SELECT);
        U16.set(sqes, b + SQE_IOPRIO, (short) IORING_RECV_MULTISHOT);
        U16.set(sqes, b + SQE_BUF_INDEX, (short) bgid);
    }

    /** Multishot RECVMSG into provided buffer group {@code bgid}, with {@code msghdr} (name length only). */
    public void prepRecvMsgMultishot(int fd, MemorySegment msghdr, int bgid, int msgFlags, long userData) {
        long b = sqe(IORING_OP_RECVMSG, fd, msghdr.address(), 1, 0, msgFlags, userData);
        U8.set(sqes, b + SQE_FLAGS, (byte) IOSQE_BUFFER_SELECT);
        U16.set(sqes, b + SQE_IOPRIO, (short) IORING_RECV_MULTISHOT);
        U16.set(sqes, b + SQE_BUF_INDEX, (short) bgid);
    }
}
