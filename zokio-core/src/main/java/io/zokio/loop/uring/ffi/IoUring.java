package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static io.zokio.loop.uring.ffi.KernelStructs.*;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * <b>Threading:</b> not thread-safe; one thread at a time (the loop thread). With
 * {@code IORING_SETUP_SINGLE_ISSUER} the ring is created disabled ({@code IORING_SETUP_R_DISABLED}) and the
 * first thread that calls {@link #enter} enables it and becomes its only submitter, so a ring may be built on
 * one thread and driven from another. After that, {@code io_uring_enter} and {@code io_uring_register} from
 * any other thread fail with {@code EEXIST}.
 *
 * <p>One io_uring instance (liburing's {@code struct io_uring}): the ring descriptor, {@code io_uring_enter},
 * the mapped CQ ring, {@code io_uring_register} and close. Its {@link SubmissionQueue} ({@link #sq()}) owns the
 * SQ ring and the SQE array and prepares the SQEs.
 *
 * <p><b>Ring protocol</b> (liburing's queue.c): SQEs are written at the local tail, published by a release
 * store of the shared SQ tail in {@link #enter}; CQEs are read between the local head and the shared CQ tail
 * (acquire), then released by one release store of the shared CQ head.
 */
public final class IoUring implements AutoCloseable {
    static {
        // the SQE and CQE codecs write and read whole little-endian words
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("io_uring backend supports little-endian platforms only");
        }
    }

    private static final long CQE_SIZE = IO_URING_CQE.byteSize();

    // the ring
    private final int fd;
    private final int setupFlags;
    private final UringFeatures features;
    private final SubmissionQueue sq;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing; // == sqRing with IORING_FEAT_SINGLE_MMAP
    private final MemorySegment sqes;
    /** Offsets in the rings: of the SQ flags, and of the CQ head, tail, overflow counter and entries. */
    private final long sqFlags;
    private final long cqHead, cqTail, cqOverflow, cqes;
    private final int cqMask, cqEntries;

    // native calls and their memory
    private final Arena arena = Arena.ofShared();
    /** Unscoped errno: every call is guarded by {@link #closed} (see {@link #checkOpen()}). */
    private final Native nat = new Native(arena, true);
    /** io_uring_getevents_arg followed by its __kernel_timespec, for timed waits. */
    private final MemorySegment waitArg;
    private final MemorySegment waitTs;
    private final boolean extArg;

    // loop-thread state
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
        this.sq = new SubmissionQueue(params, sqRing, sqes);
        long co = PARAMS_CQ_OFF;
        sqFlags = u32(params, PARAMS_SQ_OFF + SQOFF_FLAGS);
        cqHead = u32(params, co + CQOFF_HEAD);
        cqTail = u32(params, co + CQOFF_TAIL);
        cqOverflow = u32(params, co + CQOFF_OVERFLOW);
        cqes = u32(params, co + CQOFF_CQES);
        cqMask = (int) U32.get(cqRing, u32(params, co + CQOFF_RING_MASK));
        cqEntries = (int) U32.get(cqRing, u32(params, co + CQOFF_RING_ENTRIES));
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

    /** The submission side: SQ state and the SQE prep methods. */
    public SubmissionQueue sq() {
        return sq;
    }

    public int sqEntries() {
        return sq.entries();
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

    /** Whether the ring is closed (a buffer ring must not be unregistered then). */
    public boolean isClosed() {
        return closed;
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
        sq.publishTail();
        int toSubmit = sq.unsubmitted(); // upper bound; the kernel reads the exact count from the tail
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
        sq.refreshHead();
        return r;
    }

    /** Whether {@link #enter} honours {@code timeoutNs} (IORING_FEAT_EXT_ARG). */
    public boolean hasTimedWait() {
        return extArg;
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
                throw new ErrnoException("io_uring_register(FILES_UPDATE)", -Errno.EINVAL);
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
        return "IoUring[fd=" + fd + ", sq=" + sq.entries() + ", cq=" + cqEntries + ", " + features + "]";
    }
}
