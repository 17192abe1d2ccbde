package io.zokio.loop.uring;

import static io.zokio.loop.uring.ffi.IoUringConstants.IORING_ASYNC_CANCEL_ALL;
import static io.zokio.loop.uring.ffi.IoUringConstants.IORING_ASYNC_CANCEL_ANY;

import io.zokio.loop.Completion;
import io.zokio.loop.uring.ffi.IoUring;
import io.zokio.loop.uring.ffi.SubmissionQueue;
import io.zokio.sys.Errno;

/**
 * <b>Threading:</b> loop-thread only, or the thread that closes the loop once no thread runs it (called by
 * {@link IoUringBackend#close}).
 *
 * <p>The first half of closing a ring: cancel everything in flight and reap until each submitted operation was
 * delivered exactly once and the wakeup READ is back (its buffer must outlive it). One
 * {@code ASYNC_CANCEL} with {@code IORING_ASYNC_CANCEL_ANY | ALL} covers every request; kernels before 5.19
 * answer it with {@code -EINVAL}, and then each slot gets its own cancel. The cancel is re-issued now and then
 * for operations that raced it. A ring that cannot be driven from this thread (a single-issuer ring closed by
 * another thread) is abandoned: closing it makes the kernel cancel everything, and each operation is
 * delivered with {@code -ECANCELED}.
 */
final class CloseDrain {
    private static final System.Logger LOG = System.getLogger("io.zokio.loop.uring");

    private final IoUringBackend backend;
    private final IoUring ring;
    private final SubmissionQueue sq;
    private final SlotTable slots;
    private final CompletionBatch batch;
    private final MultiCqeOps multiCqe;

    /** The kernel refused IORING_ASYNC_CANCEL_ANY (before 5.19): cancel slot by slot. */
    private boolean cancelAnyUnsupported;
    /** Set when the kernel refused CANCEL_ANY: the per-slot cancels go out in the next round, not the 20th. */
    private boolean reissueCancels;

    CloseDrain(IoUringBackend backend, IoUring ring, SlotTable slots, CompletionBatch batch, MultiCqeOps multiCqe) {
        this.backend = backend;
        this.ring = ring;
        this.sq = ring.sq();
        this.slots = slots;
        this.batch = batch;
        this.multiCqe = multiCqe;
    }

    /** The CQE of a close-time cancel: {@code -EINVAL} says IORING_ASYNC_CANCEL_ANY needs 5.19. */
    void cancelAnswered(int res) {
        if (res == -Errno.EINVAL && !cancelAnyUnsupported) {
            cancelAnyUnsupported = true; // cancel one by one
            reissueCancels = true;
        }
    }

    /** Cancels, reaps and delivers until nothing submitted is left in the kernel. */
    void drain() {
        for (int round = 0; slots.used() > 0 || backend.wakeupArmed() || batch.hasPending(); round++) {
            if (round >= 100 && slots.used() == multiCqe.notifWaiters() && !batch.hasPending()
                    && !backend.wakeupArmed()) {
                return; // only SEND_ZC notifications are missing (about 5 s): close() delivers them
            }
            if (round % 20 == 0 || reissueCancels) { // (re)issue: ops submitted meanwhile, a cancel that raced
                reissueCancels = false;
                issueCancels();
            }
            int r = backend.enter(true, ring.cqReady() == 0 ? 1 : 0, 50_000_000L);
            if (r < 0 && r != -Errno.ETIME && r != -Errno.EINTR && r != -Errno.EBUSY && r != -Errno.EAGAIN) {
                abandon(r);
                return;
            }
            batch.reapAll();
            batch.deliver();
        }
    }

    private void issueCancels() {
        if (!cancelAnyUnsupported) {
            backend.ensureSqe();
            sq.prepCancel(0, IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL, IoUringBackend.UD_CLOSE_CANCEL);
            return;
        }
        for (int slot = 0; slot < slots.capacity(); slot++) {
            if (slots.at(slot) != null) {
                backend.ensureSqe();
                sq.prepCancel(slots.userData(slot), 0, IoUringBackend.UD_CLOSE_CANCEL);
            }
        }
        if (backend.wakeupArmed()) {
            backend.ensureSqe();
            sq.prepCancel(IoUringBackend.UD_WAKEUP, 0, IoUringBackend.UD_CLOSE_CANCEL);
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
                backend.deliver(c, -Errno.ECANCELED);
            }
        }
        batch.clear();
    }
}
