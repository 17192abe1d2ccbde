package io.zokio.loop.uring;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;

import io.zokio.loop.Completion;
import io.zokio.loop.FsyncFlags;
import io.zokio.loop.Op;
import io.zokio.loop.internal.OpState;
import io.zokio.loop.uring.ffi.Native;
import io.zokio.loop.uring.ffi.NativeCodec;
import io.zokio.loop.uring.ffi.SubmissionQueue;
import io.zokio.sys.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * <b>Threading:</b> loop-thread only (called by {@link IoUringBackend#submit}).
 *
 * <p>Turns a {@link Completion} into its SQE: one per operation, with the memory the kernel reads (paths,
 * iovecs, sockaddrs, msghdrs, statx buffers) in the operation's slot until its CQE is reaped. Operations with
 * several CQEs go to {@link MultiCqeOps}. A result known without the kernel (a path longer than PATH_MAX, a
 * second cancel, FTRUNCATE run inline) joins the {@link CompletionBatch} instead, so it is delivered by the next
 * poll like any other. Encoders throw before an SQE is claimed.
 */
final class SqePrep {
    /** PATH_MAX: a longer path ends with ENAMETOOLONG without reaching the kernel. */
    private static final int MAX_PATH = 4096;

    private final SubmissionQueue sq;
    private final SlotTable slots;
    private final MultiCqeOps multiCqe;
    private final CompletionBatch batch;
    /** Whether the kernel has IORING_OP_FTRUNCATE (6.9); else FTRUNCATE runs inline on the loop thread. */
    private final boolean hasFtruncateOp;
    /** Memory of {@link #inlineNative}; owned by the backend. */
    private final Arena arena;
    /** The syscalls run inline (FTRUNCATE before 6.9); made on first use. */
    private Native inlineNative;

    SqePrep(SubmissionQueue sq, SlotTable slots, MultiCqeOps multiCqe, CompletionBatch batch, boolean hasFtruncateOp,
            Arena arena) {
        this.sq = sq;
        this.slots = slots;
        this.multiCqe = multiCqe;
        this.batch = batch;
        this.hasFtruncateOp = hasFtruncateOp;
        this.arena = arena;
    }

    boolean hasFtruncateOp() {
        return hasFtruncateOp;
    }

    /** Fills the SQE of {@code c}, which holds {@code slot} and user_data {@code ud}. */
    void prepare(Completion c, int slot, long ud) {
        switch (c.op()) {
            case NOP -> sq.prepNop(ud);
            case READ -> sq.prepReadWrite(IORING_OP_READ, c.fd(), c.buffer(), c.offset(), ud);
            case WRITE -> sq.prepReadWrite(IORING_OP_WRITE, c.fd(), c.buffer(), c.offset(), ud);
            case READV, WRITEV -> {
                MemorySegment[] bufs = c.buffers();
                MemorySegment iov = slots.large(slot, bufs.length * NativeCodec.IOVEC_SIZE);
                NativeCodec.writeIovecs(iov, bufs);
                sq.prepVectored(c.op() == Op.READV ? IORING_OP_READV : IORING_OP_WRITEV,
                        c.fd(), iov, bufs.length, c.offset(), ud);
            }
            case FSYNC -> sq.prepFsync(c.fd(), (c.flags() & FsyncFlags.FSYNC_DATASYNC) != 0
                    ? IORING_FSYNC_DATASYNC : 0, ud);
            case OPENAT -> {
                MemorySegment path = path(slot, c.path());
                if (path == null) {
                    batch.append(ud, -Errno.ENAMETOOLONG);
                } else {
                    sq.prepOpenAt(c.fd(), path, c.flags(), c.mode(), ud);
                }
            }
            case CLOSE -> {
                OwnedDescriptors.releasing(c.fd()); // before the kernel may hand the number out again
                sq.prepClose(c.fd(), ud);
            }
            case STATX -> {
                MemorySegment path = path(slot, c.path());
                if (path == null) {
                    batch.append(ud, -Errno.ENAMETOOLONG);
                } else {
                    sq.prepStatx(c.fd(), path, c.flags(), STATX_BASIC_STATS,
                            slots.scratch(slot).asSlice(0, NativeCodec.STATX_SIZE), ud);
                }
            }
            case ACCEPT -> sq.prepAccept(c.fd(), SOCK_NONBLOCK | SOCK_CLOEXEC, ud);
            case CONNECT -> {
                MemorySegment sa = slots.scratch(slot);
                int n = c.unixAddress() != null ? NativeCodec.writeSockAddrUn(sa, c.unixAddress())
                        : NativeCodec.writeSockAddr(sa, c.address());
                sq.prepConnect(c.fd(), sa, n, ud);
            }
            case RECV -> sq.prepSendRecv(IORING_OP_RECV, c.fd(), c.buffer(), c.flags(), ud);
            case SEND -> sq.prepSendRecv(IORING_OP_SEND, c.fd(), c.buffer(), c.flags() | MSG_NOSIGNAL, ud);
            case SHUTDOWN -> sq.prepShutdown(c.fd(), c.flags(), ud);
            case POLL -> sq.prepPollAdd(c.fd(), c.flags(), ud);
            case SPLICE, SENDFILE, ACCEPT_MULTISHOT, RECV_MULTISHOT, SEND_ZC, RECVMSG_MULTISHOT ->
                    multiCqe.prepare(c, slot, ud);
            case SENDMSG, RECVMSG -> {
                // msghdr, sockaddr and iovec live in the slot's region A until the CQE is reaped
                MemorySegment msg = slots.scratch(slot).asSlice(0, NativeCodec.MSG_SCRATCH_BYTES);
                NativeCodec.writeMsghdr(msg, c.buffer(), c.op() == Op.SENDMSG ? c.address() : null);
                sq.prepMsg(c.op() == Op.SENDMSG ? IORING_OP_SENDMSG : IORING_OP_RECVMSG, c.fd(), msg,
                        c.op() == Op.SENDMSG ? c.flags() | MSG_NOSIGNAL : c.flags(), ud);
            }
            case CANCEL -> {
                long target = OpState.token(c.target());
                if (multiCqe.cancelParked(c.target(), target)) {
                    batch.append(ud, 0); // a receive parked for buffers: nothing of it is in the kernel
                } else if (slots.markCancelling(target)) {
                    sq.prepCancel(target, 0, ud);
                } else {
                    // the kernel would report a second cancel of a poll-armed request as found (0) too;
                    // the contract says one cancel wins, so later ones report "already being cancelled"
                    batch.append(ud, -Errno.EALREADY);
                }
            }
            case TIMEOUT -> throw new IllegalArgumentException("TIMEOUT belongs to the loop's timers, not the backend");
            case FALLOCATE, FTRUNCATE, UNLINKAT, RENAMEAT, MKDIRAT, READ_FIXED, WRITE_FIXED -> prepareFileOp(c, slot, ud);
        }
    }

    private void prepareFileOp(Completion c, int slot, long ud) {
        switch (c.op()) {
            case FALLOCATE -> sq.prepFallocate(c.fd(), c.mode(), c.offset(), c.length(), ud);
            case FTRUNCATE -> {
                if (hasFtruncateOp) {
                    sq.prepFtruncate(c.fd(), c.length(), ud);
                } else {
                    // kernels before 6.9 lack IORING_OP_FTRUNCATE: the syscall runs inline on the loop thread
                    // (a metadata update, normally short); the result joins the batch like any other
                    batch.append(ud, inlineNative().ftruncate(c.fd(), c.length()));
                }
            }
            case UNLINKAT, MKDIRAT -> {
                MemorySegment path = path(slot, c.path());
                if (path == null) {
                    batch.append(ud, -Errno.ENAMETOOLONG);
                } else if (c.op() == Op.UNLINKAT) {
                    sq.prepUnlinkAt(c.fd(), path, c.flags(), ud);
                } else {
                    sq.prepMkdirAt(c.fd(), path, c.mode(), ud);
                }
            }
            case RENAMEAT -> {
                int n1 = NativeCodec.utf8Length(c.path());
                int n2 = NativeCodec.utf8Length(c.path2());
                if (n1 > MAX_PATH || n2 > MAX_PATH) {
                    batch.append(ud, -Errno.ENAMETOOLONG);
                } else {
                    MemorySegment both = slots.large(slot, (long) n1 + n2); // both live until the CQE is reaped
                    MemorySegment from = both.asSlice(0, n1);
                    MemorySegment to = both.asSlice(n1, n2);
                    NativeCodec.writeUtf8z(from, c.path());
                    NativeCodec.writeUtf8z(to, c.path2());
                    sq.prepRenameAt(c.fd(), from, c.fd2(), to, c.flags(), ud);
                }
            }
            case READ_FIXED -> sq.prepReadWriteFixed(IORING_OP_READ_FIXED, c.fd(), c.buffer(), c.offset(),
                    c.bufIndex(), ud);
            case WRITE_FIXED -> sq.prepReadWriteFixed(IORING_OP_WRITE_FIXED, c.fd(), c.buffer(), c.offset(),
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
}
