package io.zokio.loop.uring;

import static io.zokio.loop.uring.ffi.IoUringConstants.IORING_SQ_CQ_OVERFLOW;

import io.zokio.loop.BackendContext;
import io.zokio.loop.Completion;
import io.zokio.loop.LoopEvents;
import io.zokio.loop.Op;
import io.zokio.loop.uring.ffi.IoUring;
import io.zokio.loop.uring.ffi.NativeCodec;
import java.util.Arrays;

/**
 * <b>Threading:</b> loop-thread only (owned by {@link IoUringBackend}).
 *
 * <p>The completions of a poll and their delivery. {@link #reapAll} copies every CQE, overflowed ones included,
 * into three parallel arrays (user_data, result, CQE flags) and releases the CQ with one head store per copy;
 * {@link #append} adds a result known without the kernel (flags 0), so it is delivered in order with the CQEs
 * and never from inside {@code submit}. {@link #deliver} then matches each entry to its slot: a user_data with
 * bit 63 set is the backend's own request, an operation with several CQEs goes to {@link MultiCqeOps}, any
 * other frees its slot and runs its callback once.
 */
final class CompletionBatch {
    private final IoUringBackend backend;
    private final IoUring ring;
    private final SlotTable slots;
    private final MultiCqeOps multiCqe;
    /** Where results go; set once when the backend is attached to a loop. */
    private BackendContext context;

    /** user_data, result and CQE flags of each entry; grown when a reap brings more than they hold. */
    private long[] userData;
    private int[] results;
    private int[] cqeFlags;
    /** Entries held, and the next one to deliver. */
    private int count;
    private int pos;

    CompletionBatch(IoUringBackend backend, IoUring ring, SlotTable slots, MultiCqeOps multiCqe) {
        this.backend = backend;
        this.ring = ring;
        this.slots = slots;
        this.multiCqe = multiCqe;
        this.userData = new long[ring.cqEntries()];
        this.results = new int[ring.cqEntries()];
        this.cqeFlags = new int[ring.cqEntries()];
    }

    void attach(BackendContext context) {
        this.context = context;
    }

    /** Whether entries wait for delivery. */
    boolean hasPending() {
        return pos < count;
    }

    /** Forgets every entry (the ring was abandoned and its operations delivered another way). */
    void clear() {
        pos = 0;
        count = 0;
    }

    /** Moves every CQE, including overflowed ones, into the batch. */
    void reapAll() {
        for (int rounds = 0; rounds < 1024; rounds++) {
            int ready = ring.cqReady();
            if (ready > 0) {
                ensureCapacity(count + ready);
                count += ring.reap(userData, results, cqeFlags, count, ready);
            }
            if ((ring.sqFlags() & IORING_SQ_CQ_OVERFLOW) == 0) {
                return;
            }
            LoopEvents.completionQueueOverflow(ready);
            backend.enter(true, 0, 0); // flushes the kernel's overflow list into the CQ we just emptied
        }
    }

    /** A result known without the kernel, delivered by the next poll in order with the CQEs. */
    void append(long ud, int res) {
        ensureCapacity(count + 1);
        userData[count] = ud;
        results[count] = res;
        cqeFlags[count] = 0;
        count++;
    }

    private void ensureCapacity(int n) {
        if (n > userData.length) {
            int m = Math.max(n, userData.length * 2);
            userData = Arrays.copyOf(userData, m);
            results = Arrays.copyOf(results, m);
            cqeFlags = Arrays.copyOf(cqeFlags, m);
        }
    }

    /**
     * Delivers the entries held when it is called.
     *
     * @return the number of callbacks run
     */
    int deliver() {
        int delivered = 0;
        // results appended by callbacks (an immediate result of a resubmission) wait for the next poll, so a
        // callback that keeps re-arming such an operation cannot hold the loop inside one poll
        int end = count;
        boolean closedBefore = backend.isClosed();
        while (pos < end) {
            long ud = userData[pos];
            int res = results[pos];
            int flags = cqeFlags[pos];
            pos++;
            if (ud < 0) {
                backend.internal(ud, res);
                continue;
            }
            Completion p = slots.peek(ud);
            if (p != null && MultiCqeOps.owns(p.op())) {
                // several CQEs per user_data: MultiCqeOps decides what is delivered and when the slot is freed
                delivered += multiCqe.onCqe(p, ud, res, flags);
                if (backend.isClosed() && !closedBefore) {
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
                OwnedDescriptors.opened(res, backend); // closed by close() if the application never closes it
            }
            delivered++;
            context.deliver(c, res);
            if (backend.isClosed() && !closedBefore) {
                return delivered; // the callback closed the loop: close() delivered the rest of the batch
            }
        }
        if (pos == count) {
            pos = 0;
            count = 0;
        } else if (pos == end) {
            int left = count - pos;
            System.arraycopy(userData, pos, userData, 0, left);
            System.arraycopy(results, pos, results, 0, left);
            System.arraycopy(cqeFlags, pos, cqeFlags, 0, left);
            pos = 0;
            count = left;
        }
        return delivered;
    }
}
