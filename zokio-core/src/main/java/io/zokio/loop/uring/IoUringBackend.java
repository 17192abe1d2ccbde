package io.zokio.loop.uring;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;

import io.zokio.loop.Action;
import io.zokio.loop.Backend;
import io.zokio.loop.BackendContext;
import io.zokio.loop.BackendFeatures;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.BufferRings;
import io.zokio.loop.Completion;
import io.zokio.loop.FixedBufferTable;
import io.zokio.loop.FixedFiles;
import io.zokio.loop.FsyncFlags;
import io.zokio.loop.LoopEvents;
import io.zokio.loop.Op;
import io.zokio.loop.internal.OpState;
import io.zokio.loop.uring.ffi.EventFd;
import io.zokio.loop.uring.ffi.IoUring;
import io.zokio.loop.uring.ffi.IoUringProbe;
import io.zokio.loop.uring.ffi.Native;
import io.zokio.loop.uring.ffi.NativeCodec;
import io.zokio.loop.uring.ffi.Pipes;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Optional;

/**
 * The io_uring {@link Backend}: one ring per loop, every operation one SQE, completions matched through
 * {@code user_data} = slot and generation (see {@link SlotTable}).
 *
 * <p><b>Threading:</b> loop-thread only, except {@link #wakeup()} (any thread: one {@code write(2)} on an
 * eventfd, never a ring access). A single-issuer ring binds to the first thread that submits to the kernel
 * (see {@link IoUring}); construct it anywhere.
 *
 * <p><b>Turn:</b> {@link #submit} only fills SQEs (a full SQ is flushed with a submit-only
 * {@code io_uring_enter}). {@link #poll} makes at most one {@code io_uring_enter} (plus one per CQ-overflow
 * flush) that submits everything and, when asked to wait and nothing is ready, waits; then it copies every CQE
 * into a Java batch, releases the CQ with one head store, and delivers the batch. Results known without the
 * kernel (a path too long) join the same batch, so nothing is delivered from inside {@code submit}.
 *
 * <p><b>Wakeup:</b> a READ is always pending on an eventfd (internal user_data, not counted in
 * {@link #inFlight()}) and re-armed after each completion; {@link #wakeup()} writes to the eventfd.
 */
public final class IoUringBackend
        implements Backend, FixedFiles, FixedBufferTable, BufferRings, BackendFeatures.Counters {
    private static final System.Logger LOG = System.getLogger("io.zokio.loop.uring");
    private static final long UD_INTERNAL = 1L << 63;
    private static final long UD_WAKEUP = UD_INTERNAL | 1;
    private static final long UD_WAIT_TIMEOUT = UD_INTERNAL | 2;
    private static final long UD_CLOSE_CANCEL = UD_INTERNAL | 3;
    private static final int MAX_PATH = 4096;
    /** The most SQ entries {@code io_uring_setup} accepts (the kernel's {@code IORING_MAX_ENTRIES}). */
    public static final int MAX_RING_ENTRIES = 32768;
    private static final VarHandle ENTER_CALLS;
    private static final VarHandle SUBMITTED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ENTER_CALLS = l.findVarHandle(IoUringBackend.class, "enterCalls", long.class);
            SUBMITTED = l.findVarHandle(IoUringBackend.class, "submitted", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final IoUring ring;
    private final SlotTable slots;
    private final EventFd wakeFd;
    private final UringSockets sockets;
    private final Pipes pipes = new Pipes();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment waitTimespec;
    private final boolean deferTaskrun;
    private final boolean taskrunFlag;
    /** Whether the kernel has IORING_OP_FTRUNCATE (6.9); else FTRUNCATE runs inline on the loop thread. */
    private final boolean hasFtruncateOp;
    /** Multishot receives, provided buffers, zero-copy send, splice and sendfile: several CQEs per request. */
    private final MultiCqeOps multiCqe;
    private final BackendFeatures features;
    private BackendContext context;
    /** The completions reaped in this poll: user_data, result and CQE flags (0 for results known without the kernel). */
    private long[] batchUd;
    private int[] batchRes;
    private int[] batchFlags;
    private int batchCount;
    private int batchPos;
    private boolean cancelAnyUnsupported;
    private boolean reissueCancels;
    /** True while the wakeup READ is in the kernel: its buffer must outlive it, so close() waits for it. */
    private boolean wakeupArmed;
    private boolean closed;
    /** Written by the loop thread only, with opaque access (metrics read them from anywhere). */
    private long enterCalls;
    private long submitted;
    private Native inlineNative;
    private int fixedBuffers;

    private IoUringBackend(IoUring ring, EventFd wakeFd) {
        this.ring = ring;
        this.wakeFd = wakeFd;
        this.sockets = new UringSockets(this);
        this.slots = new SlotTable(ring.sqEntries());
        this.batchUd = new long[ring.cqEntries()];
        this.batchRes = new int[ring.cqEntries()];
        this.batchFlags = new int[ring.cqEntries()];
        this.multiCqe = new MultiCqeOps(this, ring, slots);
        this.waitTimespec = arena.allocate(NativeCodec.TIMESPEC_SIZE, 8);
        this.deferTaskrun = ring.hasSetupFlag(IORING_SETUP_DEFER_TASKRUN);
        this.taskrunFlag = ring.hasSetupFlag(IORING_SETUP_TASKRUN_FLAG);
        this.hasFtruncateOp = ring.features().supportsOp(IORING_OP_FTRUNCATE)
                && !Boolean.getBoolean("zokio.uring.noFtruncateOp");
        this.features = new BackendFeatures("io_uring", describe(), true, this, sockets, Optional.of(this),
                Optional.of(this), Optional.of(this), Optional.of(UringFileCalls.INSTANCE));
        armWakeup();
    }

    /**
     * Opens a ring of {@code entries} SQEs ({@code 2 * entries} CQEs).
     *
     * @throws ErrnoException when the kernel refuses io_uring (the detail says why, e.g.
     *                        {@code kernel.io_uring_disabled=2} or {@code RLIMIT_MEMLOCK too low})
     * @throws IllegalArgumentException when {@code entries} is outside 1..{@link #MAX_RING_ENTRIES}
     */
    public static IoUringBackend open(int entries) throws IOException {
        return open(entries, UringPolicy.flagsFromProperty());
    }

    /** Opens a ring asking for {@code setupFlags} (kept where the kernel has them). */
    static IoUringBackend open(int entries, int setupFlags) throws IOException {
        checkRingEntries(entries);
        String missing = UringPolicy.missing(IoUringProbe.probe());
        if (missing != null) {
            throw new UnsupportedOperationException("io_uring on this kernel lacks " + missing);
        }
        IoUring ring = IoUring.open(entries, setupFlags);
        try {
            return new IoUringBackend(ring, new EventFd());
        } catch (IOException | RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    /**
     * io_uring_setup answers a ring of 0 or more than {@link #MAX_RING_ENTRIES} entries with a bare EINVAL;
     * this names the valid range instead (the kernel rounds other sizes up to a power of two).
     */
    static void checkRingEntries(int entries) {
        if (entries < 1 || entries > MAX_RING_ENTRIES) {
            throw new IllegalArgumentException("io_uring ring entries must be in 1.." + MAX_RING_ENTRIES
                    + " (the kernel's IORING_MAX_ENTRIES; the completion queue gets twice as many): " + entries);
        }
    }

    /** What the kernel offers, or why io_uring is unavailable. Never throws. */
    public static UringFeatures probe() {
        return IoUringProbe.probe();
    }

    /** The features of this backend's ring: setup flags enabled, kernel features, opcodes. */
    public UringFeatures ringFeatures() {
        return ring.features();
    }

    /** {@code io_uring_enter} calls made so far (for tests and metrics). */
    public long enterCalls() {
        return (long) ENTER_CALLS.getOpaque(this);
    }

    @Override
    public void attach(BackendContext context) {
        if (this.context != null) {
            throw new IllegalStateException("backend already attached to a loop");
        }
        this.context = context;
    }

    @Override
    public BackendFeatures features() {
        return features;
    }

    @Override
    public long kernelEntries() {
        return enterCalls();
    }

    @Override
    public long submissions() {
        return (long) SUBMITTED.getOpaque(this);
    }

    // ------------------------------------------------------------------ registered files

    @Override
    public void registerFiles(int[] fds) throws ErrnoException {
        ring.registerFiles(fds);
    }

    @Override
    public void unregisterFiles() throws ErrnoException {
        ring.unregisterFiles();
    }

    @Override
    public void updateFile(int index, int fd) throws ErrnoException {
        ring.updateFile(index, fd);
    }

    /** One line for a startup log: the setup flags enabled and the ring size. */
    private String describe() {
        StringBuilder b = new StringBuilder("io_uring (");
        String sep = "";
        for (UringFeatures.SetupFlag f : ring.features().flags()) {
            if (f.enabled()) {
                b.append(sep).append(f.name());
                sep = ", ";
            }
        }
        return b.append(sep.isEmpty() ? "no setup flags" : "").append("; ").append(ring.sqEntries())
                .append(" SQ entries)").toString();
    }

    // ------------------------------------------------------------------ submission

    @Override
    public void submit(Completion c) {
        if (closed) {
            throw new IllegalStateException("io_uring backend is closed");
        }
        ensureSqe();
        SUBMITTED.setOpaque(this, submitted + 1); // single writer: the loop thread
        int slot = slots.acquire(c);
        long ud = slots.userData(slot);
        OpState.token(c, ud);
        int position = ring.sqePosition();
        try {
            prepare(c, slot, ud);
            if (c.isFixedFile() && ring.sqePosition() == position + 1) {
                ring.orSqeFlags(position, IOSQE_FIXED_FILE); // the op's one SQE names a registered file
            }
        } catch (RuntimeException e) {
            slots.take(ud); // nothing reached the SQ: encoders throw before an SQE is claimed
            throw e;
        }
    }

    private void prepare(Completion c, int slot, long ud) {
        switch (c.op()) {
            case NOP -> ring.prepNop(ud);
            case READ -> ring.prepReadWrite(IORING_OP_READ, c.fd(), c.buffer(), c.offset(), ud);
            case WRITE -> ring.prepReadWrite(IORING_OP_WRITE, c.fd(), c.buffer(), c.offset(), ud);
            case READV, WRITEV -> {
                MemorySegment[] bufs = c.buffers();
                MemorySegment iov = slots.large(slot, bufs.length * NativeCodec.IOVEC_SIZE);
                NativeCodec.writeIovecs(iov, bufs);
                ring.prepVectored(c.op() == Op.READV ? IORING_OP_READV : IORING_OP_WRITEV,
                        c.fd(), iov, bufs.length, c.offset(), ud);
            }
            case FSYNC -> ring.prepFsync(c.fd(), (c.flags() & FsyncFlags.FSYNC_DATASYNC) != 0
                    ? IORING_FSYNC_DATASYNC : 0, ud);
            case OPENAT -> {
                MemorySegment path = path(slot, c.path());
                if (path == null) {
                    immediate(slot, ud, -Errno.ENAMETOOLONG);
                } else {
                    ring.prepOpenAt(c.fd(), path, c.flags(), c.mode(), ud);
                }
            }
            case CLOSE -> {
                OwnedDescriptors.releasing(c.fd()); // before the kernel may hand the number out again
                ring.prepClose(c.fd(), ud);
            }
            case STATX -> {
                MemorySegment path = path(slot, c.path());
                if (path == null) {
                    immediate(slot, ud, -Errno.ENAMETOOLONG);
                } else {
                    ring.prepStatx(c.fd(), path, c.flags(), STATX_BASIC_STATS,
                            slots.scratch(slot).asSlice(0, NativeCodec.STATX_SIZE), ud);
                }
            }
            case ACCEPT -> ring.prepAccept(c.fd(), SOCK_NONBLOCK | SOCK_CLOEXEC, ud);
            case CONNECT -> {
                MemorySegment sa = slots.scratch(slot);
                ring.prepConnect(c.fd(), sa, NativeCodec.writeSockAddr(sa, c.address()), ud);
            }
            case RECV -> ring.prepSendRecv(IORING_OP_RECV, c.fd(), c.buffer(), c.flags(), ud);
            case SEND -> ring.prepSendRecv(IORING_OP_SEND, c.fd(), c.buffer(), c.flags() | MSG_NOSIGNAL, ud);
            case SHUTDOWN -> ring.prepShutdown(c.fd(), c.flags(), ud);
            case POLL -> ring.prepPollAdd(c.fd(), c.flags(), ud);
            case SPLICE, SENDFILE, ACCEPT_MULTISHOT, RECV_MULTISHOT, SEND_ZC, RECVMSG_MULTISHOT ->
                    multiCqe.prepare(c, slot, ud);
            case SENDMSG, RECVMSG -> {
                // msghdr, sockaddr and iovec live in the slot's region A until the CQE is reaped
                MemorySegment msg = slots.scratch(slot).asSlice(0, NativeCodec.MSG_SCRATCH_BYTES);
                NativeCodec.writeMsghdr(msg, c.buffer(), c.op() == Op.SENDMSG ? c.address() : null);
                ring.prepMsg(c.op() == Op.SENDMSG ? IORING_OP_SENDMSG : IORING_OP_RECVMSG, c.fd(), msg,
                        c.op() == Op.SENDMSG ? c.flags() | MSG_NOSIGNAL : c.flags(), ud);
            }
            case CANCEL -> {
                long target = OpState.token(c.target());
                if (multiCqe.cancelParked(c.target(), target)) {
                    immediate(slot, ud, 0); // a receive parked for buffers: nothing of it is in the kernel
                } else if (slots.markCancelling(target)) {
                    ring.prepCancel(target, 0, ud);
                } else {
                    // the kernel would report a second cancel of a poll-armed request as found (0) too;
                    // the contract says one cancel wins, so later ones report "already being cancelled"
                    immediate(slot, ud, -Errno.EALREADY);
                }
            }
            case TIMEOUT -> throw new IllegalArgumentException("TIMEOUT belongs to the loop's timers, not the backend");
            case FALLOCATE, FTRUNCATE, UNLINKAT, RENAMEAT, MKDIRAT, READ_FIXED, WRITE_FIXED -> prepareFileOp(c, slot, ud);
        }
    }

    // ------------------------------------------------------------------ file operations

    private void prepareFileOp(Completion c, int slot, long ud) {
        switch (c.op()) {
            case FALLOCATE -> ring.prepFallocate(c.fd(), c.mode(), c.offset(), c.length(), ud);
            case FTRUNCATE -> {
                if (hasFtruncateOp) {
                    ring.prepFtruncate(c.fd(), c.length(), ud);
                } else {
                    // kernels before 6.9 lack IORING_OP_FTRUNCATE: the syscall runs inline on the loop thread
                    // (a metadata update, normally short); the result joins the batch like any other
                    immediate(slot, ud, inlineNative().ftruncate(c.fd(), c.length()));
                }
            }
            case UNLINKAT, MKDIRAT -> {
                MemorySegment path = path(slot, c.path());
                if (path == null) {
                    immediate(slot, ud, -Errno.ENAMETOOLONG);
                } else if (c.op() == Op.UNLINKAT) {
                    ring.prepUnlinkAt(c.fd(), path, c.flags(), ud);
                } else {
                    ring.prepMkdirAt(c.fd(), path, c.mode(), ud);
                }
            }
            case RENAMEAT -> {
                int n1 = NativeCodec.utf8Length(c.path());
                int n2 = NativeCodec.utf8Length(c.path2());
                if (n1 > MAX_PATH || n2 > MAX_PATH) {
                    immediate(slot, ud, -Errno.ENAMETOOLONG);
                } else {
                    MemorySegment both = slots.large(slot, (long) n1 + n2); // both live until the CQE is reaped
                    MemorySegment from = both.asSlice(0, n1);
                    MemorySegment to = both.asSlice(n1, n2);
                    NativeCodec.writeUtf8z(from, c.path());
                    NativeCodec.writeUtf8z(to, c.path2());
                    ring.prepRenameAt(c.fd(), from, c.fd2(), to, c.flags(), ud);
                }
            }
            case READ_FIXED -> ring.prepReadWriteFixed(IORING_OP_READ_FIXED, c.fd(), c.buffer(), c.offset(),
                    c.bufIndex(), ud);
            case WRITE_FIXED -> ring.prepReadWriteFixed(IORING_OP_WRITE_FIXED, c.fd(), c.buffer(), c.offset(),
                    c.bufIndex(), ud);
            default -> throw new IllegalArgumentException("not a file op: " + c.op());
        }
    }

    private Native inlineNative() {
        if (inlineNative == null) {
            inlineNative = new Native(arena);
        }
        return inlineNative;
    }

    /**
     * {@inheritDoc} (IORING_REGISTER_BUFFERS; the kernel pins the memory.)
     */
    @Override
    public void registerBuffers(MemorySegment[] buffers) throws ErrnoException {
        if (buffers.length == 0 || buffers.length > Completion.MAX_FIXED_BUFFERS) {
            throw new IllegalArgumentException("1.." + Completion.MAX_FIXED_BUFFERS + " buffers: " + buffers.length);
        }
        for (MemorySegment b : buffers) {
            if (!b.isNative()) {
                throw new IllegalArgumentException("fixed buffers must be native segments");
            }
        }
        ring.registerBuffers(buffers);
        fixedBuffers = buffers.length;
    }

    @Override
    public void unregisterBuffers() throws ErrnoException {
        ring.unregisterBuffers();
        fixedBuffers = 0;
    }

    @Override
    public int fixedBuffers() {
        return fixedBuffers;
    }

    /** Whether the kernel has IORING_OP_FTRUNCATE (else FTRUNCATE runs inline, see above). */
    public boolean hasFtruncateOp() {
        return hasFtruncateOp;
    }

    /** The NUL-terminated path in the slot's scratch, or {@code null} if longer than PATH_MAX. */
    private MemorySegment path(int slot, String path) {
        int n = NativeCodec.utf8Length(path);
        if (n > MAX_PATH) {
            return null;
        }
        MemorySegment dst = slots.large(slot, n);
        NativeCodec.writeUtf8z(dst, path);
        return dst;
    }

    /** A result known without the kernel: delivered by the next poll, in order with the CQEs. */
    private void immediate(int slot, long ud, int result) {
        append(ud, result);
    }

    /** Makes room for one SQE, flushing the SQ to the kernel when it is full. Never delivers. */
    void ensureSqe() {
        for (int tries = 0; ring.sqFull(); tries++) {
            int r = enter(false, 0, 0);
            if (r == -Errno.EBUSY || r == -Errno.EAGAIN || (r >= 0 && ring.sqFull())) {
                // the kernel wants CQ space first: move CQEs (and overflowed ones) to the Java batch
                reapAll();
                if (tries > 1000) {
                    throw new IllegalStateException("io_uring SQ stays full: " + Errno.name(r));
                }
            } else if (r < 0 && r != -Errno.EINTR) {
                throw new IllegalStateException("io_uring_enter (submit) failed: " + Errno.name(r));
            }
        }
    }

    private int enter(boolean getEvents, int minComplete, long timeoutNs) {
        ENTER_CALLS.setOpaque(this, enterCalls + 1); // single writer: the loop thread
        return ring.enter(getEvents, minComplete, timeoutNs);
    }

    private void armWakeup() {
        ensureSqe();
        ring.prepReadWrite(IORING_OP_READ, wakeFd.fd(), wakeFd.readBuffer(), 0, UD_WAKEUP);
        wakeupArmed = true;
    }

    // ------------------------------------------------------------------ completion

    @Override
    public int poll(long waitNs) {
        if (closed) {
            return 0;
        }
        boolean ready = batchPos < batchCount || ring.cqReady() > 0;
        int r = 0;
        if (waitNs != 0 && !ready) {
            long timeout = waitNs > 0 ? waitNs : 0;
            if (timeout > 0 && !ring.hasTimedWait()) {
                ensureSqe(); // no IORING_FEAT_EXT_ARG (before 5.11): a TIMEOUT SQE bounds the wait
                // count 1: it also completes with the first other CQE, so stale timers do not pile up
                ring.prepTimeout(waitTimespec, timeout, 1, UD_WAIT_TIMEOUT);
            }
            r = enter(true, 1, timeout);
        } else if (ring.sqPending() > 0 || deferTaskrun && !taskrunFlag
                || (ring.sqFlags() & (IORING_SQ_TASKRUN | IORING_SQ_CQ_OVERFLOW)) != 0) {
            r = enter(true, 0, 0);
        }
        if (r < 0 && r != -Errno.ETIME && r != -Errno.EINTR && r != -Errno.EBUSY && r != -Errno.EAGAIN) {
            throw new IllegalStateException("io_uring_enter failed: " + Errno.name(r)
                    + (r == -Errno.EEXIST ? " (a single-issuer ring driven from a second thread)" : ""));
        }
        reapAll();
        return deliverBatch();
    }

    /** Moves every CQE, including overflowed ones, into the Java batch. */
    private void reapAll() {
        for (int rounds = 0; rounds < 1024; rounds++) {
            int ready = ring.cqReady();
            if (ready > 0) {
                ensureBatch(batchCount + ready);
                batchCount += ring.reap(batchUd, batchRes, batchFlags, batchCount, ready);
            }
            if ((ring.sqFlags() & IORING_SQ_CQ_OVERFLOW) == 0) {
                return;
            }
            LoopEvents.completionQueueOverflow(ready);
            enter(true, 0, 0); // flushes the kernel's overflow list into the CQ we just emptied
        }
    }

    private void append(long ud, int res) {
        ensureBatch(batchCount + 1);
        batchUd[batchCount] = ud;
        batchRes[batchCount] = res;
        batchFlags[batchCount] = 0;
        batchCount++;
    }

    private void ensureBatch(int n) {
        if (n > batchUd.length) {
            int m = Math.max(n, batchUd.length * 2);
            batchUd = Arrays.copyOf(batchUd, m);
            batchRes = Arrays.copyOf(batchRes, m);
            batchFlags = Arrays.copyOf(batchFlags, m);
        }
    }

    private int deliverBatch() {
        int delivered = 0;
        // results appended by callbacks (an immediate result of a resubmission) wait for the next poll, so a
        // callback that keeps re-arming such an operation cannot hold the loop inside one poll
        int end = batchCount;
        boolean closedBefore = closed;
        while (batchPos < end) {
            long ud = batchUd[batchPos];
            int res = batchRes[batchPos];
            int cqeFlags = batchFlags[batchPos];
            batchPos++;
            if (ud < 0) {
                internal(ud, res);
                continue;
            }
            Completion p = slots.peek(ud);
            if (p != null && MultiCqeOps.owns(p.op())) {
                // several CQEs per user_data: MultiCqeOps decides what is delivered and when the slot is freed
                delivered += multiCqe.onCqe(p, ud, res, cqeFlags);
                if (closed && !closedBefore) {
                    return delivered;
                }
                continue;
            }
            Completion c = slots.take(ud);
            if (c == null) {
                continue; // stale: cannot happen with one CQE per SQE, ignored defensively
            }
            if (c.op() == Op.STATX && res >= 0) {
                // the slot is free but nothing can reuse its scratch before this line
                NativeCodec.decodeStatx(slots.scratch((int) ud), c.stat());
            } else if (c.op() == Op.RECVMSG && res >= 0) {
                NativeCodec.readPeer(slots.scratch((int) ud), c.peer()); // the datagram's sender
            }
            if (res >= 0 && (c.op() == Op.ACCEPT || c.op() == Op.OPENAT)) {
                OwnedDescriptors.opened(res, this); // closed by close() if the application never closes it
            }
            delivered++;
            context.deliver(c, res);
            if (closed && !closedBefore) {
                return delivered; // the callback closed the loop: close() delivered the rest of the batch
            }
        }
        if (batchPos == batchCount) {
            batchPos = 0;
            batchCount = 0;
        } else if (batchPos == end) {
            int left = batchCount - batchPos;
            System.arraycopy(batchUd, batchPos, batchUd, 0, left);
            System.arraycopy(batchRes, batchPos, batchRes, 0, left);
            System.arraycopy(batchFlags, batchPos, batchFlags, 0, left);
            batchPos = 0;
            batchCount = left;
        }
        return delivered;
    }

    private void internal(long ud, int res) {
        if (ud == UD_WAKEUP) {
            wakeupArmed = false;
            if (!closed) {
                armWakeup();
            }
        } else if (ud == UD_CLOSE_CANCEL && res == -Errno.EINVAL && !cancelAnyUnsupported) {
            cancelAnyUnsupported = true; // IORING_ASYNC_CANCEL_ANY needs 5.19: cancel one by one
            reissueCancels = true;
        }
    }

    @Override
    public void wakeup() {
        wakeFd.signal();
    }

    @Override
    public int inFlight() {
        return slots.used();
    }

    // ------------------------------------------------------------------ close

    /**
     * Cancels everything in flight, reaps until each user completion was delivered once, then unmaps the
     * rings and closes the descriptors.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            multiCqe.closeParked();
            drainForClose();
        } finally {
            ring.close();
            // after the ring: no request holds a descriptor any more. What the application left open goes, as
            // the NIO backend closes its handle table (sockets, accepted streams, files opened here).
            OwnedDescriptors.closeAll(this, fd -> {
                try {
                    sockets.closeLeftOpen(fd);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "close of descriptor {0} left open: {1}", fd, e.getMessage());
                }
            });
            multiCqe.deliverNotifWaiters();
            multiCqe.free(); // after the ring: the kernel no longer writes into buffer groups or pipes
            wakeFd.close();
            slots.close();
            arena.close();
        }
    }

    private void drainForClose() {
        for (int round = 0; slots.used() > 0 || wakeupArmed || batchPos < batchCount; round++) {
            if (round >= 100 && slots.used() == multiCqe.notifWaiters() && batchPos >= batchCount && !wakeupArmed) {
                return; // only SEND_ZC notifications are missing (about 5 s): close() delivers them
            }
            if (round % 20 == 0 || reissueCancels) { // (re)issue: ops submitted meanwhile, a cancel that raced
                reissueCancels = false;
                issueCloseCancels();
            }
            int r = enter(true, ring.cqReady() == 0 ? 1 : 0, 50_000_000L);
            if (r < 0 && r != -Errno.ETIME && r != -Errno.EINTR && r != -Errno.EBUSY && r != -Errno.EAGAIN) {
                abandon(r);
                return;
            }
            reapAll();
            deliverBatch();
        }
    }

    private void issueCloseCancels() {
        if (!cancelAnyUnsupported) {
            ensureSqe();
            ring.prepCancel(0, IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL, UD_CLOSE_CANCEL);
            return;
        }
        for (int slot = 0; slot < slots.capacity(); slot++) {
            if (slots.at(slot) != null) {
                ensureSqe();
                ring.prepCancel(slots.userData(slot), 0, UD_CLOSE_CANCEL);
            }
        }
        if (wakeupArmed) {
            ensureSqe();
            ring.prepCancel(UD_WAKEUP, 0, UD_CLOSE_CANCEL);
        }
    }

    /**
     * The ring cannot be driven from this thread (a single-issuer ring closed by a thread other than its
     * submitter): closing the ring makes the kernel cancel everything; each completion gets -ECANCELED.
     */
    private void abandon(int err) {
        System.Logger.Level level = slots.used() > 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        LOG.log(level, "io_uring close from thread {0} cannot reap ({1}); completing {2} operations with ECANCELED",
                Thread.currentThread().getName(), Errno.name(err), slots.used());
        ring.close();
        for (int slot = 0; slot < slots.capacity(); slot++) {
            Completion c = slots.at(slot);
            if (c != null) {
                slots.take(slots.userData(slot));
                context.deliver(c, -Errno.ECANCELED);
            }
        }
        batchPos = batchCount = 0;
    }

    // ------------------------------------------------------------------ what this ring supports

    /**
     * Whether this ring supports {@code op}: the io_uring opcode is in the kernel's probe. SPLICE and SENDFILE
     * need {@code IORING_OP_SPLICE} (5.7), multishot ACCEPT and RECV kernel 5.19 / 6.0 (checked when
     * submitted: the kernel answers {@code -EINVAL}), SEND_ZC {@code IORING_OP_SEND_ZC} (6.0).
     */
    public boolean supports(Op op) {
        UringFeatures f = ring.features();
        return switch (op) {
            case SPLICE, SENDFILE -> f.supportsOp(IORING_OP_SPLICE);
            case SEND_ZC -> f.supportsOp(IORING_OP_SEND_ZC);
            // both multishot flavours arrived with 5.19/6.0; SEND_ZC (6.0) is the nearest opcode to probe
            case ACCEPT_MULTISHOT, RECV_MULTISHOT, RECVMSG_MULTISHOT -> f.supportsOp(IORING_OP_SEND_ZC);
            default -> true;
        };
    }

    /**
     * A pipe for SPLICE, close-on-exec and blocking (io_uring runs SPLICE in its worker threads), with the
     * default capacity. The caller closes both ends with {@link #closeNow}.
     *
     * @return {@code {readEnd, writeEnd}}
     */
    public int[] openPipe() throws IOException {
        return pipes.open(false, 0);
    }

    // ------------------------------------------------------------------ provided buffer rings

    @Override
    public int attachGroup(BufferGroup group) throws IOException {
        if (closed) {
            throw new IllegalStateException("io_uring backend is closed");
        }
        return multiCqe.attach(group);
    }

    @Override
    public void releaseBuffer(BufferGroup group, int bufferId) {
        multiCqe.released(group, bufferId);
    }

    @Override
    public void detachGroup(BufferGroup group) {
        multiCqe.detach(group);
    }

    // ------------------------------------------------------------------ for MultiCqeOps and SendFileOps

    /** A result known without the kernel, delivered by the next poll in order with the CQEs. */
    void immediate(long ud, int result) {
        append(ud, result);
    }

    void deliverFinal(Completion c, int result) {
        if (result >= 0 && c.op() == Op.ACCEPT_MULTISHOT) {
            OwnedDescriptors.opened(result, this);
        }
        context.deliver(c, result);
    }

    Action deliverMoreResult(Completion c, int result) {
        if (result >= 0 && c.op() == Op.ACCEPT_MULTISHOT) {
            OwnedDescriptors.opened(result, this);
        }
        return context.deliverMore(c, result);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "IoUringBackend[" + ring + ", inFlight=" + slots.used() + "]";
    }
}
