package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static io.zokio.loop.uring.ffi.KernelStructs.*;

import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One io_uring instance: the ring descriptor, the mapped SQ and CQ rings and the SQE array (liburing's
 * {@code struct io_uring}).
 *
 * <p><b>Threading:</b> not thread-safe; one thread at a time (the loop thread). With
 * {@code IORING_SETUP_SINGLE_ISSUER} the ring is created disabled ({@code IORING_SETUP_R_DISABLED}) and the
 * first thread that calls {@link #enter} enables it and becomes its only submitter, so a ring may be built on
 * one thread and driven from another. After that, {@code io_uring_enter} and {@code io_uring_register} from
 * any other thread fail with {@code EEXIST}.
 *
 * <p><b>Ring protocol</b> (liburing's queue.c): SQEs are written at the local tail, published by a release
 * store of the shared SQ tail; CQEs are read between the local head and the shared CQ tail (acquire), then
 * released by one release store of the shared CQ head. The SQ index array is filled once with the identity,
 * so SQE {@code i} is always slot {@code i}.
 *
 * <p>SQEs are written as eight 64-bit words with the little-endian assumption checked below: word 0 holds
 * {@code opcode} (with {@code flags} and {@code ioprio} zero) and {@code fd}; word 3 {@code len} and
 * {@code op_flags}; word 5 clears {@code buf_index}, {@code personality} and {@code splice_fd_in}.
 */
public final class IoUring implements AutoCloseable {
    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("io_uring backend supports little-endian platforms only");
        }
    }

    private static final long SQE_SIZE = IO_URING_SQE.byteSize();
    private static final long CQE_SIZE = IO_URING_CQE.byteSize();

    private final Arena arena = Arena.ofShared();
    /** Unscoped errno: every call is guarded by {@link #closed} (see {@link #checkOpen()}). */
    private final Native nat = new Native(arena, true);
    private final int fd;
    private final int setupFlags;
    private final UringFeatures features;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing; // == sqRing with IORING_FEAT_SINGLE_MMAP
    private final MemorySegment sqes;
    private final long sqHead, sqTail, sqFlags, sqDropped;
    private final long cqHead, cqTail, cqOverflow, cqes;
    private final int sqMask, sqEntries, cqMask, cqEntries;
    /** io_uring_getevents_arg followed by its __kernel_timespec, for timed waits. */
    private final MemorySegment waitArg;
    private final MemorySegment waitTs;
    private final boolean extArg;

    private int sqeTail;        // local: next SQE to fill
    private int sqeHeadCached;  // last kernel SQ head seen
    private int publishedTail;  // last value stored to the shared SQ tail
    private int cqHeadLocal;    // local copy of the shared CQ head (only we write it)
    private boolean disabled;
    private Thread submitter;
    private boolean closed;

    private IoUring(int fd, MemorySegment params, MemorySegment sqRing, MemorySegment cqRing, MemorySegment sqes,
                    UringFeatures features) {
        this.fd = fd;
        this.setupFlags = (int) U32.get(params, PARAMS_FLAGS);
        this.features = features;
        this.sqRing = sqRing;
        this.cqRing = cqRing;
        this.sqes = sqes;
        long so = PARAMS_SQ_OFF;
        long co = PARAMS_CQ_OFF;
        sqHead = u32(params, so + SQOFF_HEAD);
        sqTail = u32(params, so + SQOFF_TAIL);
        sqFlags = u32(params, so + SQOFF_FLAGS);
        sqDropped = u32(params, so + SQOFF_DROPPED);
        sqMask = (int) U32.get(sqRing, u32(params, so + SQOFF_RING_MASK));
        sqEntries = (int) U32.get(sqRing, u32(params, so + SQOFF_RING_ENTRIES));
        cqHead = u32(params, co + CQOFF_HEAD);
        cqTail = u32(params, co + CQOFF_TAIL);
        cqOverflow = u32(params, co + CQOFF_OVERFLOW);
        cqes = u32(params, co + CQOFF_CQES);
        cqMask = (int) U32.get(cqRing, u32(params, co + CQOFF_RING_MASK));
        cqEntries = (int) U32.get(cqRing, u32(params, co + CQOFF_RING_ENTRIES));
        long array = u32(params, so + SQOFF_ARRAY);
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(ValueLayout.JAVA_INT, array + 4L * i, i); // identity: SQ slot i -> SQE i
        }
        sqeTail = (int) U32.get(sqRing, sqTail);
        sqeHeadCached = (int) U32.getAcquire(sqRing, sqHead);
        publishedTail = sqeTail;
        cqHeadLocal = (int) U32.get(cqRing, cqHead);
        disabled = (setupFlags & IORING_SETUP_R_DISABLED) != 0;
        extArg = (features.features() & IORING_FEAT_EXT_ARG) != 0;
        waitArg = arena.allocate(IO_URING_GETEVENTS_ARG.byteSize() + KERNEL_TIMESPEC.byteSize(), 8);
        waitTs = waitArg.asSlice(IO_URING_GETEVENTS_ARG.byteSize(), KERNEL_TIMESPEC.byteSize());
        U64.set(waitArg, GETEVENTS_TS, waitTs.address());
        U32.set(waitArg, GETEVENTS_SIGMASK_SZ, 8); // _NSIG / 8, as liburing passes; sigmask itself is NULL
    }

    private static long u32(MemorySegment s, long off) {
        return Integer.toUnsignedLong((int) U32.get(s, off));
    }

    /**
     * Creates a ring of {@code entries} SQEs and {@code 2 * entries} CQEs with as many of {@code wantedFlags}
     * as the kernel accepts; see {@link IoUringSetup#open}.
     *
     * @throws ErrnoException {@code io_uring_setup} or {@code mmap} failed (with a detail such as
     *                        {@code kernel.io_uring_disabled=2})
     */
    public static IoUring open(int entries, int wantedFlags) throws IOException {
        return IoUringSetup.open(entries, wantedFlags);
    }

    /** Wraps a ring that {@link IoUringSetup} created and mapped. */
    static IoUring wrap(int fd, MemorySegment params, MemorySegment sqRing, MemorySegment cqRing,
                        MemorySegment sqes, UringFeatures features) {
        return new IoUring(fd, params, sqRing, cqRing, sqes, features);
    }

    // ------------------------------------------------------------------ state

    public UringFeatures features() {
        return features;
    }

    public int fd() {
        return fd;
    }

    public int sqEntries() {
        return sqEntries;
    }

    public int cqEntries() {
        return cqEntries;
    }

    public boolean hasSetupFlag(int bit) {
        return (setupFlags & bit) != 0;
    }

    /** The thread that enabled a single-issuer ring, or {@code null}. */
    public Thread submitter() {
        return submitter;
    }

    /** {@code sq_ring->flags}: IORING_SQ_CQ_OVERFLOW, IORING_SQ_TASKRUN. */
    public int sqFlags() {
        // acquire: pairs with the kernel's atomic_or on sq_flags when it queues task work or overflows
        return (int) U32.getAcquire(sqRing, sqFlags);
    }

    /** CQEs the kernel dropped (0 with IORING_FEAT_NODROP). */
    public int cqOverflowCount() {
        return (int) U32.getAcquire(cqRing, cqOverflow);
    }

    // ------------------------------------------------------------------ submission queue

    /** SQEs filled and not yet consumed by the kernel. */
    public int sqPending() {
        // acquire: pairs with the kernel's smp_store_release of the SQ head in io_commit_sqring()
        sqeHeadCached = (int) U32.getAcquire(sqRing, sqHead);
        return sqeTail - sqeHeadCached;
    }

    /** Whether an SQE can be filled without flushing. */
    public boolean sqFull() {
        if (sqeTail - sqeHeadCached < sqEntries) {
            return false;
        }
        return sqPending() >= sqEntries;
    }

    /** The SQE position counter: it grows by one per prepared SQE (to tell whether a prep made one). */
    public int sqePosition() {
        return sqeTail;
    }

    /** ORs {@code sqeFlags} (e.g. {@code IOSQE_FIXED_FILE}) into the SQE prepared at {@code position}. */
    public void orSqeFlags(int position, int sqeFlags) {
        long b = (long) (position & sqMask) * SQE_SIZE;
        U8.set(sqes, b + SQE_FLAGS, (byte) ((byte) U8.get(sqes, b + SQE_FLAGS) | sqeFlags));
    }

    /** Claims the next SQE and writes every field but the op-specific ones; returns its offset. */
    private long sqe(int opcode, int fd, long addr, int len, long off, int opFlags, long userData) {
        if (sqeTail - sqeHeadCached >= sqEntries && sqPending() >= sqEntries) {
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

    public void prepNop(long userData) {
        sqe(IORING_OP_NOP, -1, 0, 0, 0, 0, userData);
    }

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

    /** One-shot POLL_ADD; {@code events} go to {@code poll32_events}. */
    public void prepPollAdd(int fd, int events, long userData) {
        sqe(IORING_OP_POLL_ADD, fd, 0, 0, 0, events, userData);
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

    // ---- file operations; field use as liburing's io_uring_prep_* (src/include/liburing.h) ----

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

    /**
     * READ_FIXED or WRITE_FIXED of {@code buf}, which lies inside registered buffer {@code bufIndex} (the
     * kernel checks the range and answers -EFAULT otherwise).
     */
    public void prepReadWriteFixed(int opcode, int fd, MemorySegment buf, long offset, int bufIndex,
                                   long userData) {
        long b = sqe(opcode, fd, buf.address(), (int) buf.byteSize(), offset, 0, userData);
        U16.set(sqes, b + SQE_BUF_INDEX, (short) bufIndex); // after sqe() zeroed the word
    }

    // ------------------------------------------------------------------ enter

    /** Enables a ring created with R_DISABLED; the calling thread becomes its submitter. */
    public int enableIfDisabled() {
        checkOpen();
        if (!disabled) {
            return 0;
        }
        int r = nat.ioUringRegister(fd, IORING_REGISTER_ENABLE_RINGS, MemorySegment.NULL, 0);
        if (r >= 0) {
            disabled = false;
            submitter = Thread.currentThread();
        }
        return r;
    }

    /**
     * Publishes filled SQEs and calls {@code io_uring_enter}: submits them, and with {@code getEvents} runs
     * deferred task work, flushes overflowed CQEs and waits until {@code minComplete} CQEs are ready or
     * {@code timeoutNs} passed ({@code <= 0}: no limit). Uses the critical handle when it cannot wait.
     *
     * @return the number of SQEs consumed, or a negated errno (ETIME, EINTR, EBUSY, EAGAIN, EEXIST...)
     */
    public int enter(boolean getEvents, int minComplete, long timeoutNs) {
        int en = enableIfDisabled();
        if (en < 0) {
            return en;
        }
        publishTail();
        int toSubmit = sqeTail - sqeHeadCached; // upper bound; the kernel reads the exact count from the tail
        int flags = getEvents ? IORING_ENTER_GETEVENTS : 0;
        long arg = 0;
        long argSize = 0;
        if (minComplete > 0 && timeoutNs > 0 && extArg) {
            U64.set(waitTs, TIMESPEC_SEC, timeoutNs / 1_000_000_000L);
            U64.set(waitTs, TIMESPEC_NSEC, timeoutNs % 1_000_000_000L);
            flags |= IORING_ENTER_EXT_ARG;
            arg = waitArg.address();
            argSize = IO_URING_GETEVENTS_ARG.byteSize();
        }
        int r = nat.ioUringEnter(fd, toSubmit, minComplete, flags, arg, argSize, minComplete > 0);
        sqeHeadCached = (int) U32.getAcquire(sqRing, sqHead);
        return r;
    }

    /** Whether {@link #enter} honours {@code timeoutNs} (IORING_FEAT_EXT_ARG). */
    public boolean hasTimedWait() {
        return extArg;
    }

    private void publishTail() {
        if (publishedTail != sqeTail) {
            // release: makes the SQE stores visible before the tail; pairs with the kernel's
            // smp_load_acquire of the SQ tail in io_sqring_entries()
            U32.setRelease(sqRing, sqTail, sqeTail);
            publishedTail = sqeTail;
        }
    }

    // ------------------------------------------------------------------ completion queue

    /** CQEs ready to reap. */
    public int cqReady() {
        // acquire: pairs with the kernel's smp_store_release of the CQ tail in io_commit_cqring()
        return (int) U32.getAcquire(cqRing, cqTail) - cqHeadLocal;
    }

    /**
     * Copies up to {@code max} CQEs into {@code userData[at..]} and {@code res[at..]}, then releases them to the
     * kernel with one store of the CQ head.
     *
     * @return the number copied
     */
    public int reap(long[] userData, int[] res, int at, int max) {
        int head = cqHeadLocal;
        int n = Math.min(cqReady(), max);
        for (int i = 0; i < n; i++) {
            long b = cqes + (long) ((head + i) & cqMask) * CQE_SIZE;
            userData[at + i] = (long) U64.get(cqRing, b + CQE_USER_DATA);
            res[at + i] = (int) U32.get(cqRing, b + CQE_RES);
        }
        if (n > 0) {
            cqHeadLocal = head + n;
            // release: the CQE reads above happen before the kernel may reuse the entries; pairs with the
            // kernel's read of the CQ head when it checks for free space
            U32.setRelease(cqRing, cqHead, cqHeadLocal);
        }
        return n;
    }

    // ------------------------------------------------------------------ splice, multishot, zero-copy send, messages

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

    /** SEND_ZC of the whole {@code buf}: a result CQE (F_MORE) then a notification CQE (F_NOTIF). */
    public void prepSendZc(int fd, MemorySegment buf, int msgFlags, long userData) {
        sqe(IORING_OP_SEND_ZC, fd, buf.address(), (int) buf.byteSize(), 0, msgFlags, userData);
    }

    /** Multishot RECVMSG into provided buffer group {@code bgid}, with {@code msghdr} (name length only). */
    public void prepRecvMsgMultishot(int fd, MemorySegment msghdr, int bgid, int msgFlags, long userData) {
        long b = sqe(IORING_OP_RECVMSG, fd, msghdr.address(), 1, 0, msgFlags, userData);
        U8.set(sqes, b + SQE_FLAGS, (byte) IOSQE_BUFFER_SELECT);
        U16.set(sqes, b + SQE_IOPRIO, (short) IORING_RECV_MULTISHOT);
        U16.set(sqes, b + SQE_BUF_INDEX, (short) bgid);
    }

    /** SENDMSG or RECVMSG with the msghdr at {@code msghdr} (kept alive until the CQE), as io_uring_prep_sendmsg. */
    public void prepMsg(int opcode, int fd, MemorySegment msghdr, int msgFlags, long userData) {
        sqe(opcode, fd, msghdr.address(), 1, 0, msgFlags, userData);
    }

    /** One-shot POLL_ADD on behalf of an operation that waits (SENDFILE waiting for POLLOUT). */
    public void prepPollOut(int fd, long userData) {
        sqe(IORING_OP_POLL_ADD, fd, 0, 0, 0, POLLOUT, userData);
    }

    /**
     * {@link #reap(long[], int[], int, int)} that also copies each CQE's {@code flags} (F_MORE, F_BUFFER with the
     * buffer id in the upper 16 bits, F_NOTIF).
     */
    public int reap(long[] userData, int[] res, int[] flags, int at, int max) {
        int head = cqHeadLocal;
        int n = Math.min(cqReady(), max);
        for (int i = 0; i < n; i++) {
            long b = cqes + (long) ((head + i) & cqMask) * CQE_SIZE;
            userData[at + i] = (long) U64.get(cqRing, b + CQE_USER_DATA);
            res[at + i] = (int) U32.get(cqRing, b + CQE_RES);
            flags[at + i] = (int) U32.get(cqRing, b + CQE_FLAGS);
        }
        if (n > 0) {
            cqHeadLocal = head + n;
            // release: pairs with the kernel's read of the CQ head, as in reap() above
            U32.setRelease(cqRing, cqHead, cqHeadLocal);
        }
        return n;
    }

    /** IORING_REGISTER_PBUF_RING: {@code ring} (page-aligned, {@code entries * 16} bytes) as group {@code bgid}. */
    public int registerBufRing(MemorySegment ring, int entries, int bgid) {
        // the kernel reads and writes entries * 16 bytes at ring.address(): the segment must cover them, or that
        // kernel-shared memory would lie outside every bounds check on the Java side
        if (entries <= 0 || ring.byteSize() < entries * IO_URING_BUF.byteSize()) {
            throw new IllegalArgumentException("buffer ring of " + ring.byteSize() + " bytes cannot hold " + entries
                    + " entries of " + IO_URING_BUF.byteSize() + " bytes");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment reg = a.allocate(IO_URING_BUF_REG);
            U64.set(reg, BUF_REG_RING_ADDR, ring.address());
            U32.set(reg, BUF_REG_RING_ENTRIES, entries);
            U16.set(reg, BUF_REG_BGID, (short) bgid);
            return register(IORING_REGISTER_PBUF_RING, reg, 1);
        }
    }

    /** IORING_UNREGISTER_PBUF_RING of group {@code bgid}. */
    public int unregisterBufRing(int bgid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment reg = a.allocate(IO_URING_BUF_REG);
            U16.set(reg, BUF_REG_BGID, (short) bgid);
            return register(IORING_UNREGISTER_PBUF_RING, reg, 1);
        }
    }

    /** Whether the ring is closed (a buffer ring must not be unregistered then). */
    public boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ register

    private int register(int opcode, MemorySegment arg, int nr) {
        checkOpen();
        return nat.ioUringRegister(fd, opcode, arg, nr);
    }

    /** IORING_REGISTER_FILES: a fixed-file table of {@code fds} (-1 for an empty slot). */
    public void registerFiles(int[] fds) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocateFrom(ValueLayout.JAVA_INT, fds);
            ErrnoException.check("io_uring_register(FILES)", register(IORING_REGISTER_FILES, arr, fds.length));
        }
    }

    public void unregisterFiles() throws ErrnoException {
        ErrnoException.check("io_uring_register(UNREGISTER_FILES)",
                register(IORING_UNREGISTER_FILES, MemorySegment.NULL, 0));
    }

    /**
     * IORING_REGISTER_FILES_UPDATE: sets table entry {@code index} to {@code fd} (-1 empties it). Requests already
     * in flight keep the file they resolved (the kernel holds a reference per request), so clearing a slot
     * never pulls a file out from under one.
     */
    public void updateFile(int index, int fd) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocateFrom(ValueLayout.JAVA_INT, fd);
            MemorySegment up = a.allocate(IO_URING_FILES_UPDATE);
            U32.set(up, FILES_UPDATE_OFFSET, index);
            U64.set(up, FILES_UPDATE_FDS, fds.address());
            int r = ErrnoException.check("io_uring_register(FILES_UPDATE)",
                    register(IORING_REGISTER_FILES_UPDATE, up, 1));
            if (r != 1) { // the kernel reports the entries it replaced
                throw new ErrnoException("io_uring_register(FILES_UPDATE)", -io.zokio.sys.Errno.EINVAL);
            }
        }
    }

    /** IORING_REGISTER_BUFFERS: pins {@code buffers} as fixed buffers 0..n-1. */
    public void registerBuffers(MemorySegment[] buffers) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment iov = a.allocate(IOVEC.byteSize() * buffers.length, 8);
            for (int i = 0; i < buffers.length; i++) {
                U64.set(iov, i * IOVEC.byteSize() + IOVEC_BASE, buffers[i].address());
                U64.set(iov, i * IOVEC.byteSize() + IOVEC_LEN, buffers[i].byteSize());
            }
            ErrnoException.check("io_uring_register(BUFFERS)", register(IORING_REGISTER_BUFFERS, iov, buffers.length));
        }
    }

    public void unregisterBuffers() throws ErrnoException {
        ErrnoException.check("io_uring_register(UNREGISTER_BUFFERS)",
                register(IORING_UNREGISTER_BUFFERS, MemorySegment.NULL, 0));
    }

    /** IORING_REGISTER_EVENTFD: the kernel signals {@code eventFd} when it posts CQEs. */
    public void registerEventFd(int eventFd) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            ErrnoException.check("io_uring_register(EVENTFD)",
                    register(IORING_REGISTER_EVENTFD, a.allocateFrom(ValueLayout.JAVA_INT, eventFd), 1));
        }
    }

    public void unregisterEventFd() throws ErrnoException {
        ErrnoException.check("io_uring_register(UNREGISTER_EVENTFD)",
                register(IORING_UNREGISTER_EVENTFD, MemorySegment.NULL, 0));
    }

    // ------------------------------------------------------------------ close

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("io_uring instance is closed");
        }
    }

    /** Unmaps the rings and closes the ring descriptor (the kernel cancels whatever is still in it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cqRing != sqRing) {
            nat.munmap(cqRing);
        }
        nat.munmap(sqRing);
        nat.munmap(sqes);
        nat.close(fd);
        arena.close();
    }

    @Override
    public String toString() {
        return "IoUring[fd=" + fd + ", sq=" + sqEntries + ", cq=" + cqEntries + ", " + features + "]";
    }
}
