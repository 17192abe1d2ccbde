package io.zokio.testkit.fault;

import static io.zokio.loop.internal.OpState.bufferId;
import static io.zokio.loop.internal.OpState.bufferOffset;

import io.zokio.loop.Action;
import io.zokio.loop.Backend;
import io.zokio.loop.BackendContext;
import io.zokio.loop.BackendFeatures;
import io.zokio.loop.Callback;
import io.zokio.loop.Clock;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.sys.Errno;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A seeded decorator over a real backend (io_uring or NIO) that injects faults and checks the backend contract
 * while it does (see the package doc for what is injected and how).
 *
 * <p><b>Threading:</b> like every {@link Backend}: loop-thread only, except {@link #wakeup()} (any thread). The
 * inner loop is driven from the same thread, inside this backend's {@link #poll}.
 *
 * <p>The real backend sits under an <em>inner</em> {@link EventLoop} that this backend owns and never runs:
 * each caller's completion is copied into a fresh <em>shadow</em> completion that goes to the inner loop, and
 * the shadow's result is held here, then delivered to the caller's completion when the fault plan says so. All
 * randomness comes from one {@link SplittableRandom} seeded by {@link FaultConfig#seed()}, drawn in loop order:
 * the same seed and the same sequence of calls inject the same faults (real kernel timing can still change
 * which operations are pending at a given poll).
 *
 * <p>Checks (an {@link AssertionError} naming the seed): each submission is delivered exactly once (counted per
 * {@link Completion} identity), never from inside {@link #submit}, never a completion that is not in flight; the
 * inner backend never delivers a shadow twice or from inside its submit; nothing is left undelivered after
 * {@link #close}. Not for production: it allocates per operation.
 */
public final class FaultyBackend implements Backend {
    private final EventLoop inner;
    private final Backend innerBackend;
    private final FaultConfig config;
    private final SplittableRandom rng;
    private final Callback shadowCallback = this::onShadow;
    /**
     * The inner backend's features, passed on: socket calls, provided buffer rings, fixed buffers and direct file
     * calls act on the inner backend itself. No native registered-file table, so the loop above translates
     * fixed-file indices and the shadows carry plain descriptors.
     */
    private final BackendFeatures features;
    private BackendContext context;

    /** Every submission in flight, by caller's completion identity. */
    private final IdentityHashMap<Completion, FaultEntry> outstanding = new IdentityHashMap<>();
    /** Submitted, not yet handed to the inner loop (FIFO: submission order to the kernel is kept). */
    private final ArrayDeque<FaultEntry> queued = new ArrayDeque<>();
    /** Finished (real or injected result), waiting for the poll the plan delivers it in. */
    private final HeldResults held;
    /** Being delivered by the current poll; a close from a callback drains the rest. */
    private final ArrayDeque<FaultEntry> due = new ArrayDeque<>();

    private int sqFullPollsLeft;
    /** The last submission step was refused: the next one goes through (bounded stalls). */
    private boolean mustSubmit;
    /** Multishot intermediate results passed on during the current poll (they count as deliveries). */
    private int moreThisPoll;
    private boolean inSubmit;
    private boolean innerSubmitting;
    private boolean closed;
    private long polls;
    private String violation;
    /** The first failure message {@link #fail} built; written on the loop thread, read by tests on any thread. */
    private volatile String firstFailure;

    // counters (loop thread), see FaultCounts
    private long submitted;
    private long delivered;
    private long sqFullPolls;
    private long interrupted;
    private long canceled;
    private long connReset;
    private long noBufs;
    private long shortTransfers;
    private long acceptErrors;
    /** The retryable errors accept(2) may report (see {@code Errno.retryableAccept}), injected in turn. */
    private static final int[] ACCEPT_ERRORS = {Errno.ECONNABORTED, 71 /* EPROTO */, 100 /* ENETDOWN */,
        Errno.EHOSTUNREACH, Errno.ENETUNREACH, 92 /* ENOPROTOOPT */, 112 /* EHOSTDOWN */, 64 /* ENONET */,
        Errno.EOPNOTSUPP};

    /** Wraps the backend of {@code inner}, a loop this backend then owns and closes; never run it yourself. */
    public FaultyBackend(EventLoop inner, FaultConfig config) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.innerBackend = inner.backend();
        this.config = Objects.requireNonNull(config, "config");
        this.rng = new SplittableRandom(config.seed());
        BackendFeatures f = innerBackend.features();
        this.features = new BackendFeatures(f.name(), f.description() + " under faults (" + config + ")",
                f.kernelDescriptors(), f.counters(), f.sockets(), Optional.empty(), f.bufferRings(),
                f.fixedBuffers(), f.fileCalls());
        this.held = new HeldResults(config, rng);
    }

    /**
     * A loop over a {@code FaultyBackend} that wraps {@code inner} (built by the caller, e.g. with
     * {@code EventLoop.builder().backend(...)}), with {@code inner}'s idle mode and the system clock.
     */
    public static EventLoop wrap(EventLoop inner, FaultConfig config) {
        return wrap(inner, config, Clock.SYSTEM);
    }

    public static EventLoop wrap(EventLoop inner, FaultConfig config, Clock clock) {
        return EventLoop.withBackend(new FaultyBackend(inner, config), clock, inner.idleMode());
    }

    public FaultConfig config() {
        return config;
    }

    /**
     * The faults injected so far. Loop thread, or any thread once the loop's thread has ended (a runtime's
     * {@code close} joins its workers).
     */
    public FaultCounts counts() {
        return new FaultCounts(submitted, delivered, held.delayed(), held.reorderedPolls(), sqFullPolls,
                held.overflowed(), interrupted, canceled, connReset, noBufs, shortTransfers, acceptErrors);
    }

    // ------------------------------------------------------------------ Backend: the operation path

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
    public void submit(Completion c) {
        if (inSubmit) {
            fail("submit re-entered");
        }
        inSubmit = true;
        try {
            if (outstanding.containsKey(c)) {
                fail("submitted again while in flight: " + c); // state unchanged: the first still completes
            }
            FaultEntry e = new FaultEntry(c);
            outstanding.put(c, e);
            submitted++;
            queued.addLast(e); // reaches the inner loop in the next poll, as the contract allows
        } finally {
            inSubmit = false;
        }
    }

    @Override
    public int poll(long waitNs) {
        if (closed) {
            return 0;
        }
        polls++;
        submitQueued();
        // never block while something here is ready or queued: delays count polls, not time
        long w = queued.isEmpty() && held.isEmpty() ? waitNs : 0;
        moreThisPoll = 0;
        innerBackend.poll(w);
        checkViolation();
        return moreThisPoll + deliverDue();
    }

    @Override
    public void wakeup() {
        innerBackend.wakeup();
    }

    @Override
    public int inFlight() {
        return outstanding.size();
    }

    /**
     * Ends what never reached the inner loop with {@code -ECANCELED}, closes the inner loop (which ends every
     * shadow), then delivers every result still held, whatever its delay. Checks that nothing was lost.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        FaultEntry e;
        while ((e = queued.pollFirst()) != null) {
            finish(e, -Errno.ECANCELED);
        }
        inner.close();
        held.takeAll(due);
        while ((e = due.pollFirst()) != null) {
            deliverFinal(e);
        }
        checkViolation();
        if (!outstanding.isEmpty()) {
            fail(outstanding.size() + " operation(s) never delivered, e.g. " + outstanding.keySet().iterator().next());
        }
    }

    // ------------------------------------------------------------------ submission side

    /** The submission step of a poll: maybe refused (SQ full) or interrupted, else everything queued goes in. */
    private void submitQueued() {
        if (queued.isEmpty()) {
            return;
        }
        if (sqFullPollsLeft > 0) {
            sqFullPollsLeft--; // a stall in progress
            sqFullPolls++;
            return;
        }
        if (!mustSubmit) {
            if (chance(config.sqFull())) {
                sqFullPollsLeft = rng.nextInt(config.maxSqFullPolls()); // this poll and up to max - 1 more
                sqFullPolls++;
                mustSubmit = true;
                return;
            }
            if (chance(config.interrupted())) {
                interrupted++; // io_uring_enter said EINTR or EAGAIN: nothing consumed, retried at the next poll
                mustSubmit = true;
                return;
            }
        }
        // progress: the poll after a refusal always submits, even at probability 1
        mustSubmit = false;
        FaultEntry e;
        while ((e = queued.pollFirst()) != null) {
            handOver(e);
        }
    }

    private void handOver(FaultEntry e) {
        Completion c = e.original;
        if (c.op() == Op.CANCEL) {
            handOverCancel(e);
            return;
        }
        int error = pickError(c.op());
        if (error != 0) {
            finish(e, error); // never reached the kernel: no descriptor, no buffer write to account for
            return;
        }
        long cut = ShadowRequests.NO_CUT;
        long length = ShadowRequests.cuttableLength(c);
        if (length > 1 && chance(config.shortTransfer())) {
            cut = 1 + rng.nextLong(length - 1);
            shortTransfers++;
        }
        Completion s = newShadow(e);
        ShadowRequests.copy(c, s, cut);
        submitInner(e, s);
    }

    private void handOverCancel(FaultEntry e) {
        FaultEntry target = outstanding.get(e.original.target());
        if (target != null && target.state == FaultEntry.INNER && target.shadow.isActive()) {
            submitInner(e, newShadow(e).prepCancel(target.shadow));
        } else {
            // the target's result exists (held here) or was delivered: too late, as for a posted CQE
            finish(e, -Errno.ENOENT);
        }
    }

    private int pickError(Op op) {
        // not CLOSE: close(2) releases the descriptor even when it reports an error, and an unlinked CLOSE is not
        // cancelled in the kernel; an injected one would leave open a descriptor its owner believes closed
        if (op != Op.CLOSE && chance(config.canceled())) {
            canceled++;
            return -Errno.ECANCELED;
        }
        boolean streamSocket = op == Op.RECV || op == Op.SEND || op == Op.SEND_ZC || op == Op.SENDFILE
                || op == Op.RECV_MULTISHOT;
        if (streamSocket && chance(config.connReset())) {
            connReset++;
            return -Errno.ECONNRESET;
        }
        if (op == Op.ACCEPT_MULTISHOT && chance(config.acceptErrors())) {
            return acceptError();
        }
        boolean send = op == Op.SEND || op == Op.SEND_ZC || op == Op.SENDMSG; // sendmsg(2): ENOBUFS
        if (send && chance(config.noBufs())) {
            noBufs++;
            return -Errno.ENOBUFS;
        }
        return 0;
    }

    private int acceptError() {
        return -ACCEPT_ERRORS[(int) (acceptErrors++ % ACCEPT_ERRORS.length)];
    }

    private Completion newShadow(FaultEntry e) {
        // a fresh shadow each time: a late inner cancel can never hit a reused one
        Completion s = new Completion().callback(shadowCallback);
        s.attach(e);
        return s;
    }

    private void submitInner(FaultEntry e, Completion shadow) {
        e.shadow = shadow;
        e.state = FaultEntry.INNER;
        innerSubmitting = true;
        try {
            inner.submit(shadow);
        } finally {
            innerSubmitting = false;
        }
    }

    // ------------------------------------------------------------------ completion side

    /** The inner loop finished (or, multishot, produced a result of) a shadow. Inside the inner poll or close. */
    private Action onShadow(EventLoop l, Completion s, int result) {
        FaultEntry e = (FaultEntry) s.attachment();
        if (innerSubmitting) {
            record("the inner backend delivered " + s + " from inside submit");
        }
        bufferId(e.original, s.bufferId());
        bufferOffset(e.original, s.bufferOffset());
        if (s.isActive()) {
            return passOnMore(e, s, result);
        }
        if (e.state != FaultEntry.INNER || e.shadow != s) {
            record("the inner backend delivered " + s + " twice (or one not in flight)");
            return Action.DISARM;
        }
        finish(e, e.endWith != 0 && result == -Errno.ECANCELED ? e.endWith : result);
        return Action.DISARM;
    }

    /**
     * A multishot's intermediate result, passed on at once (a descriptor always reaches its owner). A multishot
     * accept may meet an accept error here: delivered ahead of the connection (the kernel carried on after it),
     * or ending the multishot after the connection, as the kernel does; the stop's {@code -ECANCELED} then
     * becomes the error.
     */
    private Action passOnMore(FaultEntry e, Completion s, int result) {
        moreThisPoll++;
        boolean accept = s.op() == Op.ACCEPT_MULTISHOT && result >= 0;
        Action before = Action.REARM;
        if (accept && chance(config.acceptErrors())) {
            moreThisPoll++;
            before = context.deliverMore(e.original, acceptError());
        }
        Action a = context.deliverMore(e.original, result);
        if (before == Action.DISARM || a == Action.DISARM) {
            return Action.DISARM;
        }
        if (accept && e.endWith == 0 && chance(config.acceptErrors())) {
            e.endWith = acceptError();
            return Action.DISARM; // the inner loop stops the shadow; its final result is replaced
        }
        return a;
    }

    private void finish(FaultEntry e, int result) {
        e.state = FaultEntry.DONE;
        e.result = result;
        held.add(e, !closed);
    }

    /** Delivers what the plan says is due this poll (see {@link HeldResults#takeDue}). */
    private int deliverDue() {
        if (held.isEmpty()) {
            return 0;
        }
        held.takeDue(due);
        int n = 0;
        FaultEntry e;
        while ((e = due.pollFirst()) != null) { // a callback may close the loop: close() drains the rest
            deliverFinal(e);
            n++;
        }
        return n;
    }

    private void deliverFinal(FaultEntry e) {
        if (inSubmit) {
            fail("delivery from inside submit: " + e.original);
        }
        if (outstanding.remove(e.original) != e) {
            fail("delivered twice, or never submitted: " + e.original);
        }
        delivered++;
        context.deliver(e.original, e.result);
    }

    // ------------------------------------------------------------------ invariant failures

    private boolean chance(double p) {
        return p > 0 && rng.nextDouble() < p;
    }

    /** From inside the inner loop's callbacks (which catch exceptions): kept, thrown after the inner poll. */
    private void record(String what) {
        if (violation == null) {
            violation = what;
        }
    }

    private void checkViolation() {
        if (violation != null) {
            String v = violation;
            violation = null;
            fail(v);
        }
    }

    private void fail(String what) {
        String message = "FaultyBackend over " + innerBackend.features().name() + ": " + what + " [" + config + ", poll " + polls
                + "; replay with the same seed]";
        if (firstFailure == null) {
            firstFailure = message; // the thrown error may die with a worker thread: tests read this instead
        }
        throw new AssertionError(message);
    }

    // ------------------------------------------------------------------ checks for tests over a runtime

    /**
     * The first invariant this backend found broken (the message of the {@link AssertionError} it threw, with
     * the seed), or null. Any thread: a runtime's worker that hit the error has died, so a test asks here.
     */
    public String violation() {
        return firstFailure;
    }

    /**
     * Whether this backend was closed (its loop closed): from then on {@link #counts()} is final and
     * {@link FaultCounts#lost()} must be 0. Loop thread, or any thread once the loop's thread has ended.
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Operations submitted and not yet delivered whose request names memory overlapping {@code memory}: the
     * kernel may still read or write it (or will, once queued ones go in), so its owner must not free or reuse
     * it. A caller whose API call has returned expects 0. Loop thread.
     */
    public int outstandingNaming(MemorySegment memory) {
        int n = 0;
        for (Completion c : outstanding.keySet()) {
            if (ShadowRequests.names(c, memory)) {
                n++;
            }
        }
        return n;
    }
}
