package io.zokio.loop.uring;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;

import io.zokio.loop.Action;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.Completion;
import io.zokio.loop.internal.OpState;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.loop.Op;
import io.zokio.loop.uring.ffi.BufRing;
import io.zokio.loop.uring.ffi.IoUring;
import io.zokio.loop.uring.ffi.NativeCodec;
import io.zokio.loop.uring.ffi.SubmissionQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The io_uring side of the network strengths: SPLICE, SENDFILE (delegated to {@link SendFileOps}),
 * multishot ACCEPT, RECV and RECVMSG (with provided buffer rings), SEND_ZC. Each of these ops may see several CQEs for
 * one {@code user_data}; this class decides, per CQE, whether the slot stays in use, what the callback sees and
 * when the one final delivery happens.
 *
 * <p><b>Threading:</b> loop-thread only (called by {@link IoUringBackend}).
 *
 * <p><b>Invariants:</b>
 * <ol>
 *   <li>A slot of these ops stays taken until its final delivery, so its {@code user_data} is stable across
 *       re-arms, SENDFILE steps and the SEND_ZC notification; at most one SQE per slot is in the kernel,
 *       except for the stop/cancel SQE, which has its own internal user_data.</li>
 *   <li>A stop (DISARM from an intermediate callback, or a CANCEL) is recorded in the slot's cancelling flag;
 *       from then on nothing re-arms and the final result is {@code -ECANCELED} unless the op ended otherwise.</li>
 *   <li>ENOBUFS never reaches a callback: the receive is <em>parked</em> on its group (slot kept, nothing in the
 *       kernel) and re-armed by the next release. Parked receives are ended by a CANCEL or by close.</li>
 *   <li>Buffer and pipe memory outlives the ring: groups and pipes are freed by {@link #free()}, after the
 *       ring is closed.</li>
 * </ol>
 */
final class MultiCqeOps {
    /** Internal user_data of a stop request (ASYNC_CANCEL sent when a multishot callback says DISARM). */
    static final long UD_STOP = (1L << 63) | 4;

    private final IoUringBackend backend;
    private final IoUring ring;
    private final SubmissionQueue sq;
    private final SlotTable slots;
    private final SendFileOps sendFiles;

    // provided buffer groups attached to this ring
    private final List<BufferGroup> groups = new ArrayList<>();
    private int nextGroupId;

    // per slot (grown with the slot table): SEND_ZC stashed result
    private int[] stash = new int[64];
    /** SEND_ZC slots whose result CQE came and whose notification has not. */
    private boolean[] awaitingNotif = new boolean[64];
    private int notifWaiters;
    /** A multishot accept whose final {@code -ECANCELED} reads as {@link #endAcceptAs}, or -1; see there. */
    private long endAcceptUd = -1;
    private int endAcceptAs;

    /** Per-group io_uring state. */
    private static final class UringGroup {
        final MultiCqeOps owner;
        final BufRing bufRing;
        /** Slots of RECV_MULTISHOTs parked for lack of buffers (user_data of each). */
        long[] parked = new long[4];
        int parkedCount;

        UringGroup(MultiCqeOps owner, BufRing bufRing) {
            this.owner = owner;
            this.bufRing = bufRing;
        }
    }

    MultiCqeOps(IoUringBackend backend, IoUring ring, SlotTable slots) {
        this.backend = backend;
        this.ring = ring;
        this.sq = ring.sq();
        this.slots = slots;
        this.sendFiles = new SendFileOps(backend, sq, slots);
    }

    static boolean owns(Op op) {
        return op == Op.SPLICE || op == Op.SENDFILE || op == Op.ACCEPT_MULTISHOT || op == Op.RECV_MULTISHOT
                || op == Op.SEND_ZC || op == Op.RECVMSG_MULTISHOT;
    }

    private void ensure(int slot) {
        sendFiles.ensure(slot);
        if (slot >= stash.length) {
            int n = Math.max(slot + 1, stash.length * 2);
            stash = Arrays.copyOf(stash, n);
            awaitingNotif = Arrays.copyOf(awaitingNotif, n);
        }
    }

    // ------------------------------------------------------------------ submission

    void prepare(Completion c, int slot, long ud) {
        ensure(slot);
        switch (c.op()) {
            case SPLICE -> sq.prepSplice(c.fdIn(), c.offsetIn(), c.fd(), c.offset(), c.spliceLength(), c.flags(), ud);
            case SENDFILE -> sendFiles.start(c, slot, ud);
            case ACCEPT_MULTISHOT -> sq.prepAcceptMultishot(c.fd(), SOCK_NONBLOCK | SOCK_CLOEXEC, ud);
            case RECV_MULTISHOT, RECVMSG_MULTISHOT -> {
                BufferGroup g = c.group();
                OpState.groupUsers(g, 1); // every submission ends in finalRecv, which takes it back
                if (g.isClosed() || !(OpState.groupState(g) instanceof UringGroup ug) || ug.owner != this) {
                    backend.immediate(ud, -Errno.EINVAL); // a group of another loop, or closed
                    return;
                }
                if (c.op() == Op.RECVMSG_MULTISHOT) {
                    // the msghdr stays in the slot's scratch until the final CQE: re-arms reuse it
                    NativeCodec.writeMultishotMsghdr(slots.scratch(slot));
                }
                armRecv(c, slot, ud);
            }
            case SEND_ZC -> {
                stash[slot] = 0;
                sq.prepSendZc(c.fd(), c.buffer(), c.flags() | MSG_NOSIGNAL, ud);
            }
            default -> throw new IllegalArgumentException("not an operation with several CQEs: " + c.op());
        }
    }

    // ------------------------------------------------------------------ completion

    /**
     * One CQE of an op this class owns; delivers at most one intermediate and one final result.
     *
     * @return the number of callbacks run
     */
    int onCqe(Completion c, long ud, int res, int flags) {
        int slot = (int) ud;
        return switch (c.op()) {
            case SPLICE -> finish(c, ud, res);
            case SENDFILE -> sendFiles.onCqe(c, slot, ud, res);
            case ACCEPT_MULTISHOT -> acceptCqe(c, slot, ud, res, flags);
            case RECV_MULTISHOT, RECVMSG_MULTISHOT -> recvCqe(c, slot, ud, res, flags);
            case SEND_ZC -> sendZcCqe(c, slot, ud, res, flags);
            default -> finish(c, ud, res);
        };
    }

    private int finish(Completion c, long ud, int res) {
        slots.take(ud);
        backend.deliverFinal(c, res);
        return 1;
    }

    private boolean stopping(int slot) {
        return slots.isCancelling(slot) || backend.isClosed();
    }

    /** A multishot callback said DISARM: ask the kernel to end the op (its final CQE follows). */
    private void stop(long ud) {
        if (slots.markCancelling(ud)) {
            backend.ensureSqe();
            sq.prepCancel(ud, 0, UD_STOP);
        }
    }

    /**
     * For tests: ends multishot accept {@code ud} in the kernel (an ASYNC_CANCEL the slot does not record as a
     * stop) and makes its final {@code -ECANCELED} read {@code -errno}, as when the kernel ends a multishot accept
     * on that error. Loop thread.
     */
    void endAcceptAs(long ud, int errno) {
        endAcceptUd = ud;
        endAcceptAs = -errno;
        backend.ensureSqe();
        sq.prepCancel(ud, 0, UD_STOP);
    }

    /** Whether the end {@link #endAcceptAs} asked for has not been seen yet. */
    boolean acceptEndPending() {
        return endAcceptUd != -1;
    }

    private int acceptCqe(Completion c, int slot, long ud, int res, int flags) {
        boolean more = (flags & IORING_CQE_F_MORE) != 0;
        if (ud == endAcceptUd && !more && res == -Errno.ECANCELED) {
            endAcceptUd = -1;
            res = endAcceptAs;
        }
        int n = 0;
        if (res >= 0) {
            n++;
            if (backend.deliverMoreResult(c, res) == Action.DISARM) {
                stop(ud);
            }
            if (more) {
                return n;
            }
            // the kernel ended the multishot after a connection (CQ pressure): continue unless stopped
            if (!stopping(slot)) {
                backend.ensureSqe();
                sq.prepAcceptMultishot(c.fd(), SOCK_NONBLOCK | SOCK_CLOEXEC, ud);
                return n;
            }
            return n + finish(c, ud, -Errno.ECANCELED);
        }
        if (more) {
            return n; // a transient error the kernel carries on after: not a result
        }
        if (transientAcceptError(res) && !stopping(slot)) {
            // accept(2): network errors pending on the new connection are reported by accept itself and are to
            // be treated like EAGAIN; the kernel ends a multishot accept on them, so arm it again
            backend.ensureSqe();
            sq.prepAcceptMultishot(c.fd(), SOCK_NONBLOCK | SOCK_CLOEXEC, ud);
            return n;
        }
        return n + finish(c, ud, stopping(slot) ? -Errno.ECANCELED : res);
    }

    /** The errors accept(2) says a server should retry on, as it does on EAGAIN (never a listener's own fault). */
    static boolean transientAcceptError(int res) {
        return Errno.retryableAccept(res);
    }

    /** (Re-)arms a multishot receive of either kind on its slot's user_data. */
    private void armRecv(Completion c, int slot, long ud) {
        if (c.op() == Op.RECVMSG_MULTISHOT) {
            sq.prepRecvMsgMultishot(c.fd(), slots.scratch(slot), c.group().id(), c.flags(), ud);
        } else {
            sq.prepRecvMultishot(c.fd(), c.group().id(), c.flags(), ud);
        }
    }

    private int recvCqe(Completion c, int slot, long ud, int res, int flags) {
        BufferGroup g = c.group();
        boolean msg = c.op() == Op.RECVMSG_MULTISHOT;
        boolean more = (flags & IORING_CQE_F_MORE) != 0;
        int n = 0;
        if ((flags & IORING_CQE_F_BUFFER) != 0) {
            int bid = flags >>> IORING_CQE_BUFFER_SHIFT;
            OpState.bufferTaken(g, bid);
            if (msg ? res >= 0 : res > 0) {
                n++;
                // RECVMSG: the buffer starts with io_uring_recvmsg_out and the sender; the payload follows
                int r = msg ? NativeCodec.readRecvmsgOut(g.buffer(bid), res, c.peer()) : res;
                OpState.bufferId(c, bid);
                OpState.bufferOffset(c, msg ? Completion.RECVMSG_HEADER_BYTES : 0);
                Action a = backend.deliverMoreResult(c, r);
                OpState.bufferId(c, -1);
                OpState.bufferOffset(c, 0);
                if (a == Action.DISARM) {
                    stop(ud);
                }
            } else {
                g.release(bid); // no bytes in it: straight back to the ring
            }
            if (more) {
                return n;
            }
        } else if (more) {
            return n;
        }
        // the kernel ended the multishot
        if (!msg && res == 0 && (flags & IORING_CQE_F_BUFFER) == 0) {
            return n + finalRecv(c, ud, 0); // end of stream
        }
        if (res >= 0 || res == -Errno.ENOBUFS) {
            if (stopping(slot)) {
                return n + finalRecv(c, ud, -Errno.ECANCELED);
            }
            if (res == -Errno.ENOBUFS && g.available() == 0) {
                park(g, ud); // back-pressure: re-armed by the next release
            } else {
                backend.ensureSqe();
                armRecv(c, slot, ud);
            }
            return n;
        }
        return n + finalRecv(c, ud, stopping(slot) ? -Errno.ECANCELED : res);
    }

    private int finalRecv(Completion c, long ud, int res) {
        OpState.groupUsers(c.group(), -1);
        return finish(c, ud, res);
    }

    private int sendZcCqe(Completion c, int slot, long ud, int res, int flags) {
        if ((flags & IORING_CQE_F_NOTIF) != 0) {
            if (awaitingNotif[slot]) {
                awaitingNotif[slot] = false;
                notifWaiters--;
            }
            return finish(c, ud, stash[slot]); // the kernel no longer reads the buffer
        }
        if ((flags & IORING_CQE_F_MORE) != 0) {
            stash[slot] = res; // a notification follows
            awaitingNotif[slot] = true;
            notifWaiters++;
            return 0;
        }
        return finish(c, ud, res);
    }

    // ------------------------------------------------------------------ buffer groups

    int attach(BufferGroup g) throws ErrnoException {
        int bgid = nextGroupId;
        BufRing r = BufRing.register(ring, g.count(), bgid);
        nextGroupId = (nextGroupId + 1) & 0xffff;
        for (int bid = 0; bid < g.count(); bid++) {
            r.add(g.buffer(bid), bid);
        }
        r.publish();
        OpState.groupState(g, new UringGroup(this, r));
        groups.add(g);
        return bgid;
    }

    void released(BufferGroup g, int bid) {
        if (!(OpState.groupState(g) instanceof UringGroup ug)) {
            return;
        }
        ug.bufRing.add(g.buffer(bid), bid);
        ug.bufRing.publish();
        if (ug.parkedCount > 0 && !backend.isClosed()) {
            int n = ug.parkedCount;
            ug.parkedCount = 0;
            for (int i = 0; i < n; i++) {
                long ud = ug.parked[i];
                Completion c = slots.peek(ud);
                if (c != null) {
                    backend.ensureSqe();
                    armRecv(c, (int) ud, ud);
                }
            }
        }
    }

    void detach(BufferGroup g) {
        if (OpState.groupState(g) instanceof UringGroup ug) {
            ug.bufRing.close();
            OpState.groupState(g, null);
        }
        groups.remove(g);
    }

    private void park(BufferGroup g, long ud) {
        UringGroup ug = (UringGroup) OpState.groupState(g);
        if (ug.parkedCount == ug.parked.length) {
            ug.parked = Arrays.copyOf(ug.parked, ug.parkedCount * 2);
        }
        ug.parked[ug.parkedCount++] = ud;
    }

    /**
     * CANCEL of a parked receive: nothing of it is in the kernel, so it ends here (its final result is queued
     * as {@code -ECANCELED}). Returns false when {@code target} is not parked.
     */
    boolean cancelParked(Completion target, long targetUd) {
        if (target.group() == null || !(OpState.groupState(target.group()) instanceof UringGroup ug)) {
            return false;
        }
        for (int i = 0; i < ug.parkedCount; i++) {
            if (ug.parked[i] == targetUd) {
                ug.parked[i] = ug.parked[--ug.parkedCount];
                slots.markCancelling(targetUd);
                backend.immediate(targetUd, -Errno.ECANCELED);
                return true;
            }
        }
        return false;
    }

    /** At close: every parked receive ends with {@code -ECANCELED} (queued for the close's delivery). */
    void closeParked() {
        for (BufferGroup g : groups) {
            if (OpState.groupState(g) instanceof UringGroup ug) {
                for (int i = 0; i < ug.parkedCount; i++) {
                    backend.immediate(ug.parked[i], -Errno.ECANCELED);
                }
                ug.parkedCount = 0;
            }
        }
    }

    /** SEND_ZCs that wait only for their notification (nothing else of them can be cancelled). */
    int notifWaiters() {
        return notifWaiters;
    }

    /**
     * After the ring is closed: delivers the SEND_ZCs whose notification never came (a peer that does not
     * acknowledge keeps the kernel's reference to the pages; they are pinned, so the memory stays safe for the
     * kernel, but the data a reused buffer holds may still be transmitted).
     */
    void deliverNotifWaiters() {
        for (int slot = 0; slot < awaitingNotif.length && notifWaiters > 0; slot++) {
            if (awaitingNotif[slot]) {
                awaitingNotif[slot] = false;
                notifWaiters--;
                Completion c = slots.at(slot);
                if (c != null) {
                    finish(c, slots.userData(slot), stash[slot]);
                }
            }
        }
    }

    /** After the ring is closed: frees buffer rings, group memory and pipes. */
    void free() {
        for (BufferGroup g : groups) {
            if (OpState.groupState(g) instanceof UringGroup ug) {
                ug.bufRing.close();
            }
            OpState.groupFree(g);
        }
        groups.clear();
        sendFiles.free();
    }
}
