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
import io.zokio.loop.InlineSocketCalls;
import io.zokio.loop.LinkedOps;
import io.zokio.loop.Op;
import io.zokio.loop.internal.OpState;
import io.zokio.loop.uring.ffi.EventFd;
import io.zokio.loop.uring.ffi.IoUring;
import io.zokio.loop.uring.ffi.IoUringProbe;
import io.zokio.loop.uring.ffi.NativeCodec;
import io.zokio.loop.uring.ffi.Pipes;
import io.zokio.loop.uring.ffi.SubmissionQueue;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * <b>Threading:</b> loop-thread only, except {@link #wakeup()} (any thread: one {@code write(2)} on an
 * eventfd, never a ring access). A single-issuer ring binds to the first thread that submits to the kernel
 * (see {@link IoUring}); construct it anywhere.
 *
 * <p>The io_uring {@link Backend}: one ring per loop, every operation one SQE, completions matched through
 * {@code user_data} = slot and generation (see {@link SlotTable}). This class keeps the contract and the ring's
 * turn; {@link SqePrep} encodes each operation, {@link CompletionBatch} reaps and delivers,
 * {@link MultiCqeOps} handles operations with several CQEs, {@link CloseDrain} ends everything at close.
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
        implements Backend, FixedFiles, FixedBufferTable, BufferRings, LinkedOps, BackendFeatures.Counters {
    /** The most SQ entries {@code io_uring_setup} accepts (the kernel's {@code IORING_MAX_ENTRIES}). */
    public static final int MAX_RING_ENTRIES = 32768;
    /** Bit 63 of user_data marks the backend's own requests, never delivered nor counted in flight. */
    private static final long UD_INTERNAL = 1L << 63;
    static final long UD_WAKEUP = UD_INTERNAL | 1;
    private static final long UD_WAIT_TIMEOUT = UD_INTERNAL | 2;
    static final long UD_CLOSE_CANCEL = UD_INTERNAL | 3;
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

    // the ring and the parts of the backend built around it
    private final IoUring ring;
    private final SubmissionQueue sq;
    private final SlotTable slots;
    private final SqePrep prep;
    private final CompletionBatch batch;
    /** Multishot receives, provided buffers, zero-copy send, splice and sendfile: several CQEs per request. */
    private final MultiCqeOps multiCqe;
    private final CloseDrain closeDrain;
    private final UringSockets sockets;
    /**
     * {@code -Dzokio.uring.inlineCalls=true} offers {@link InlineSocketCalls}. Off by default: under the driver
     * benches (the JDBC driver and Jedis, 256 tasks over 32 pooled connections) a send on the caller's thread,
     * one syscall per write, cost the client more CPU per operation than the loop's batched submissions.
     */
    private static final boolean INLINE_CALLS = Boolean.getBoolean("zokio.uring.inlineCalls");
    private final BackendFeatures features;

    // native resources
    private final EventFd wakeFd;
    private final Pipes pipes = new Pipes();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment waitTimespec;

    // setup flags of the ring
    private final boolean deferTaskrun;
    private final boolean taskrunFlag;

    // loop-thread state
    private BackendContext context;
    /** True while the wakeup READ is in the kernel: its buffer must outlive it, so close() waits for it. */
    private boolean wakeupArmed;
    private boolean closed;
    private int fixedBuffers;

    /** Written by the loop thread only, with opaque access (metrics read them from anywhere). */
    private long enterCalls;
    private long submitted;

    private IoUringBackend(IoUring ring, EventFd wakeFd) {
        this.ring = ring;
        this.sq = ring.sq();
        this.wakeFd = wakeFd;
        this.sockets = new UringSockets(this);
        this.slots = new SlotTable(ring.sqEntries());
        this.multiCqe = new MultiCqeOps(this, ring, slots);
        this.batch = new CompletionBatch(this, ring, slots, multiCqe);
        this.prep = new SqePrep(sq, slots, multiCqe, batch, ring.features().supportsOp(IORING_OP_FTRUNCATE)
                && !Boolean.getBoolean("zokio.uring.noFtruncateOp"), arena);
        this.closeDrain = new CloseDrain(this, ring, slots, batch, multiCqe);
        this.waitTimespec = arena.allocate(NativeCodec.TIMESPEC_SIZE, 8);
        this.deferTaskrun = ring.hasSetupFlag(IORING_SETUP_DEFER_TASKRUN);
        this.taskrunFlag = ring.hasSetupFlag(IORING_SETUP_TASKRUN_FLAG);
        this.features = new BackendFeatures("io_uring", describe(), true, this, sockets, Optional.of(this),
                Optional.of(this), Optional.of(this), Optional.of(UringFileCalls.INSTANCE),
                INLINE_CALLS ? Optional.of(sockets) : Optional.<InlineSocketCalls>empty(), Optional.of(this));
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
        batch.attach(context);
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
        int position = sq.position();
        try {
            prep.prepare(c, slot, ud);
            if (c.isFixedFile() && sq.position() == position + 1) {
                sq.orSqeFlags(position, IOSQE_FIXED_FILE); // the op's one SQE names a registered file
            }
        } catch (RuntimeException e) {
            slots.take(ud); // nothing reached the SQ: encoders throw before an SQE is claimed
            throw e;
        }
    }

    /**
     * Fills one SQE per member, each but the last flagged {@code IOSQE_IO_LINK}, with room for all of them made
     * first so that the chain reaches the kernel in one submission (a chain cut by a flush would be two chains).
     * The loop allows only ops that always make exactly one SQE and whose encoders do not throw once the loop
     * checked them; the link flag is set on a member only once the next one is in the queue.
     */
    @Override
    public void submitLinked(Completion[] chain) {
        if (closed) {
            throw new IllegalStateException("io_uring backend is closed");
        }
        if (chain.length > sq.entries()) {
            throw new IllegalArgumentException("a chain of " + chain.length + " operations does not fit the "
                    + sq.entries() + "-entry submission queue");
        }
        ensureRoom(chain.length);
        int previous = -1;
        for (Completion c : chain) {
            SUBMITTED.setOpaque(this, submitted + 1);
            int slot = slots.acquire(c);
            long ud = slots.userData(slot);
            OpState.token(c, ud);
            int position = sq.position();
            prep.prepare(c, slot, ud);
            if (sq.position() != position + 1) {
                throw new IllegalStateException(c.op() + " did not make exactly one SQE in a linked chain");
            }
            if (c.isFixedFile()) {
                sq.orSqeFlags(position, IOSQE_FIXED_FILE);
            }
            if (previous >= 0) {
                sq.orSqeFlags(previous, IOSQE_IO_LINK);
            }
            previous = position;
        }
    }

    /** Makes room for {@code n} SQEs, flushing the SQ to the kernel until there is. Never delivers. */
    private void ensureRoom(int n) {
        for (int tries = 0; sq.entries() - sq.pending() < n; tries++) {
            flushForRoom(n, tries);
        }
    }

    /** Makes room for one SQE, flushing the SQ to the kernel when it is full. Never delivers. */
    void ensureSqe() {
        for (int tries = 0; sq.isFull(); tries++) {
            flushForRoom(1, tries);
        }
    }

    /** One submit-only enter while fewer than {@code n} SQEs are free; reaps when the kernel wants CQ space. */
    private void flushForRoom(int n, int tries) {
        int r = enter(false, 0, 0);
        if (r == -Errno.EBUSY || r == -Errno.EAGAIN || (r >= 0 && sq.entries() - sq.pending() < n)) {
            // the kernel wants CQ space first: move CQEs (and overflowed ones) to the Java batch
            batch.reapAll();
            if (tries > 1000) {
                throw new IllegalStateException("io_uring SQ stays full: " + Errno.name(r));
            }
        } else if (r < 0 && r != -Errno.EINTR) {
            throw new IllegalStateException("io_uring_enter (submit) failed: " + Errno.name(r));
        }
    }

    int enter(boolean getEvents, int minComplete, long timeoutNs) {
        ENTER_CALLS.setOpaque(this, enterCalls + 1); // single writer: the loop thread
        return ring.enter(getEvents, minComplete, timeoutNs);
    }

    private void armWakeup() {
        ensureSqe();
        sq.prepReadWrite(IORING_OP_READ, wakeFd.fd(), wakeFd.readBuffer(), 0, UD_WAKEUP);
        wakeupArmed = true;
    }

    // ------------------------------------------------------------------ completion

    @Override
    public int poll(long waitNs) {
        if (closed) {
            return 0;
        }
        boolean ready = batch.hasPending() || ring.cqReady() > 0;
        int r = 0;
        if (waitNs != 0 && !ready) {
            long timeout = waitNs > 0 ? waitNs : 0;
            if (timeout > 0 && !ring.hasTimedWait()) {
                ensureSqe(); // no IORING_FEAT_EXT_ARG (before 5.11): a TIMEOUT SQE bounds the wait
                // count 1: it also completes with the first other CQE, so stale timers do not pile up
                sq.prepTimeout(waitTimespec, timeout, 1, UD_WAIT_TIMEOUT);
            }
            r = enter(true, 1, timeout);
        } else if (sq.pending() > 0 || deferTaskrun && !taskrunFlag
                || (ring.sqFlags() & (IORING_SQ_TASKRUN | IORING_SQ_CQ_OVERFLOW)) != 0) {
            r = enter(true, 0, 0);
        }
        if (r < 0 && r != -Errno.ETIME && r != -Errno.EINTR && r != -Errno.EBUSY && r != -Errno.EAGAIN) {
            throw new IllegalStateException("io_uring_enter failed: " + Errno.name(r)
                    + (r == -Errno.EEXIST ? " (a single-issuer ring driven from a second thread)" : ""));
        }
        batch.reapAll();
        return batch.deliver();
    }

    /** The CQE of one of the backend's own requests (user_data bit 63 set). */
    void internal(long ud, int res) {
        if (ud == UD_WAKEUP) {
            wakeupArmed = false;
            if (!closed) {
                armWakeup();
            }
        } else if (ud == UD_CLOSE_CANCEL) {
            closeDrain.cancelAnswered(res);
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
            closeDrain.drain();
        } finally {
            ring.close();
            // after the ring: no request holds a descriptor any more. What the application left open goes, as
            // the NIO backend closes its handle table (sockets, accepted streams, files opened here).
            OwnedDescriptors.closeAll(this, fd -> {
                try {
                    sockets.closeLeftOpen(fd);
                } catch (IOException e) {
                    // looked up here: a static logger would start the logging framework on the binding's thread
                    System.getLogger("io.zokio.loop.uring").log(System.Logger.Level.DEBUG,
                            "close of descriptor {0} left open: {1}", fd, e.getMessage());
                }
            });
            multiCqe.deliverNotifWaiters();
            multiCqe.free(); // after the ring: the kernel no longer writes into buffer groups or pipes
            wakeFd.close();
            slots.close();
            arena.close();
        }
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

    // ------------------------------------------------------------------ fixed buffers

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

    /** Whether the kernel has IORING_OP_FTRUNCATE (else FTRUNCATE runs inline on the loop thread). */
    public boolean hasFtruncateOp() {
        return prep.hasFtruncateOp();
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

    /**
     * For tests: the kernel ends multishot accept {@code c} as it does on accept error {@code errno} (see
     * {@link MultiCqeOps#endAcceptAs}). Loop thread.
     */
    void endMultishotAcceptAs(Completion c, int errno) {
        multiCqe.endAcceptAs(OpState.token(c), errno);
    }

    /** For tests: whether the end {@link #endMultishotAcceptAs} asked for is still to come. Loop thread. */
    boolean multishotAcceptEndPending() {
        return multiCqe.acceptEndPending();
    }

    // ------------------------------------------------------------------ for MultiCqeOps and SendFileOps

    /** A result known without the kernel, delivered by the next poll in order with the CQEs. */
    void immediate(long ud, int result) {
        batch.append(ud, result);
    }

    /** Hands a finished operation to the loop. */
    void deliver(Completion c, int result) {
        context.deliver(c, result);
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

    boolean wakeupArmed() {
        return wakeupArmed;
    }

    @Override
    public String toString() {
        return "IoUringBackend[" + ring + ", inFlight=" + slots.used() + "]";
    }
}
