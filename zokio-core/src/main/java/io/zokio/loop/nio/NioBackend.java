package io.zokio.loop.nio;

import static io.zokio.loop.internal.OpState.bufferId;
import static io.zokio.loop.internal.OpState.bufferOffset;
import static io.zokio.loop.internal.OpState.bufferTaken;
import static io.zokio.loop.internal.OpState.data;
import static io.zokio.loop.internal.OpState.groupUsers;
import static io.zokio.loop.internal.OpState.next;
import static io.zokio.loop.internal.OpState.token;

import io.zokio.loop.Action;
import io.zokio.loop.Backend;
import io.zokio.loop.BackendContext;
import io.zokio.loop.BackendFeatures;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.BufferRings;
import io.zokio.loop.Completion;
import io.zokio.loop.Op;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The portable backend: {@link Selector} readiness turned into completions, file operations on a small bounded
 * thread pool ({@link FilePool}). Results and errno values are those of the io_uring backend.
 *
 * <p><b>Threading:</b> loop-thread only, except {@link #wakeup()} (any thread). File-pool threads only touch
 * the ops handed to them and the pool's done stack.
 *
 * <p><b>Flow of an operation:</b> {@link #submit} appends it to {@code submitted} and returns (nothing is
 * delivered from inside submit). {@link #poll} then (1) dispatches every submitted op: NOP, CLOSE, SHUTDOWN
 * and validation failures finish at once; a socket op whose wait list is empty is tried once, non-blocking,
 * and waits in its handle's FIFO only when it would block ({@link SocketDriver}; see {@link Interest} for the
 * selector interest); file ops go to the pool ({@link FileDriver}). (2) It takes the pool's results, (3)
 * selects (without waiting when anything is ready) and serves the waiters of every ready handle, (4) takes
 * the pool's results again and (5) delivers the ready list. Callbacks run in (5); what they submit waits for
 * the next poll.
 *
 * <p>Where each in-flight completion is ({@code token}, high word): submitted, waiting on a handle, in the
 * pool, or ready with its result (low word).
 */
public final class NioBackend implements Backend, BufferRings, BackendFeatures.Counters {
    /** File-pool queue slots beyond its threads; more ops wait in the pool's loop-side overflow. */
    private static final int POOL_QUEUE = 256;
    private static final long AT_SUBMITTED = 1;
    private static final long AT_WAITING = 2;
    private static final long AT_POOL = 3;
    private static final long AT_READY = 4;
    /** An intermediate multishot result waits in the ready list. */
    private static final long AT_MORE = 5;
    /** A multishot receive waits for a buffer of its group to be released. */
    private static final long AT_PARKED = 6;
    private static final long MS = 1_000_000;
    /** Multishot re-attempts made at once in one poll (beyond it they wait for the next poll). */
    private static final int MORE_BUDGET = 64;
    /** Metrics: [0] selects, [1] submissions; written by the loop thread with opaque access, read anywhere. */
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final Selector selector;
    private final FilePool pool;
    private final HandleTable table = new HandleTable();
    private final Interest interest;
    private final SocketDriver sockets;
    private final FileDriver files;
    private final NioMultishotOps multiCqe;
    private final WaitList submitted = new WaitList();
    private final WaitList ready = new WaitList();
    private final Consumer<SelectionKey> onSelected;
    private final Runnable blockingSelect = this::blockingSelect;
    private final long[] counts = new long[2];
    private final BackendFeatures features;
    private BackendContext context;
    private long selectTimeoutMs;
    private int moreBudget;
    private int inFlight;
    private boolean closed;

    private NioBackend(Selector selector, int filePoolThreads) {
        this.selector = selector;
        this.pool = new FilePool(filePoolThreads, POOL_QUEUE, selector);
        this.interest = new Interest(selector);
        this.sockets = new SocketDriver(this, table, interest);
        this.files = new FileDriver(this, table, pool);
        this.multiCqe = new NioMultishotOps(table);
        this.onSelected = sockets::onSelected;
        this.features = new BackendFeatures("nio", "nio (java.nio Selector, file operations on a pool)", false, this,
                new NioSocketCalls(this, sockets, files, table), Optional.empty(), Optional.of(this),
                Optional.empty(), Optional.of(NioFileCalls.INSTANCE));
    }

    /** Opens a backend whose file pool has {@code filePoolThreads} threads. */
    public static NioBackend open(int filePoolThreads) throws IOException {
        if (filePoolThreads < 1) {
            throw new IllegalArgumentException("file pool threads must be positive: " + filePoolThreads);
        }
        return new NioBackend(Selector.open(), filePoolThreads);
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

    // ------------------------------------------------------------------ submit and poll

    @Override
    public void submit(Completion c) {
        if (closed) {
            throw new IllegalStateException("nio backend is closed");
        }
        inFlight++;
        COUNTS.setOpaque(counts, 1, counts[1] + 1); // submissions; single writer: the loop thread
        token(c, AT_SUBMITTED << 32);
        if (data(c) instanceof NioOp o) {
            o.stop = false;
            o.bid = -1;
        }
        if (c.group() != null) {
            groupUsers(c.group(), 1); // RECV(MSG)_MULTISHOT: its final delivery takes it back
        }
        submitted.add(c);
    }

    private void countSelect() {
        COUNTS.setOpaque(counts, 0, counts[0] + 1);
    }

    @Override
    public long kernelEntries() {
        return (long) COUNTS.getOpaque(counts, 0);
    }

    @Override
    public long submissions() {
        return (long) COUNTS.getOpaque(counts, 1);
    }

    @Override
    public int poll(long waitNs) {
        Completion c;
        while ((c = submitted.poll()) != null) { // no callback runs here, so the list only shrinks
            dispatch(c);
        }
        files.takeResults();
        try {
            if (!ready.isEmpty() || waitNs == 0) {
                if (interest.needsSelect()) {
                    countSelect();
                    selector.selectNow(onSelected);
                    interest.selected();
                }
            } else {
                // select(0) would wait forever: round sub-millisecond waits up to 1 ms
                selectTimeoutMs = waitNs < 0 ? 0 : Math.max(1, (waitNs + MS - 1) / MS);
                countSelect();
                pool.blockingSelect(blockingSelect);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
        files.takeResults();
        moreBudget = MORE_BUDGET;
        return deliverReady();
    }

    private void blockingSelect() {
        try {
            selector.select(onSelected, selectTimeoutMs);
            interest.selected();
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
    }

    /** Loop thread: a non-blocking select that deregisters cancelled keys, closing their descriptors now. */
    void flushCancelledKeys() {
        try {
            selector.selectNow(onSelected);
            interest.selected();
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    private void dispatch(Completion c) {
        switch (c.op()) {
            case NOP -> finish(c, 0);
            case CANCEL -> cancel(c);
            case OPENAT -> files.openAt(c);
            case STATX -> files.statx(c);
            case UNLINKAT, RENAMEAT, MKDIRAT -> files.pathOp(c);
            case TIMEOUT -> finish(c, -Errno.EINVAL); // the loop owns timers; never sent here
            default -> {
                Handle h = table.get(c.fd());
                if (h == null) {
                    finish(c, -Errno.EBADF);
                } else if (h.isSocket()) {
                    sockets.dispatch(h, c);
                } else {
                    files.dispatch(h, c);
                }
            }
        }
    }

    /** Queues {@code c}'s result for delivery at the end of this poll. */
    void finish(Completion c, int result) {
        if (c.op().isMultishot() && (result > 0 || result == 0 && c.op() != Op.RECV_MULTISHOT)) {
            token(c, (AT_MORE << 32) | (result & 0xFFFF_FFFFL)); // a data result: the op stays active
            ready.add(c);
            return;
        }
        token(c, (AT_READY << 32) | (result & 0xFFFF_FFFFL));
        ready.add(c);
    }

    private int deliverReady() {
        int n = 0;
        Completion c;
        while ((c = ready.poll()) != null) {
            int result = (int) token(c);
            if (token(c) >>> 32 == AT_MORE) {
                n++;
                deliverIntermediate(c, result);
                continue;
            }
            token(c, 0);
            if (c.group() != null) {
                groupUsers(c.group(), -1);
            }
            inFlight--;
            n++;
            context.deliver(c, result);
        }
        return n;
    }

    /** A multishot result with the op still active; then it runs again next poll, or ends. */
    private void deliverIntermediate(Completion c, int result) {
        NioOp op = opOf(c);
        int bid = op.bid;
        op.bid = -1;
        if (bid >= 0) {
            bufferTaken(c.group(), bid);
            bufferId(c, bid);
            bufferOffset(c, c.op() == Op.RECVMSG_MULTISHOT ? Completion.RECVMSG_HEADER_BYTES : 0);
        }
        token(c, 0);
        Action a = context.deliverMore(c, result);
        bufferId(c, -1);
        bufferOffset(c, 0);
        if (a == Action.DISARM || op.stop || closed) {
            finish(c, -Errno.ECANCELED);
        } else if (moreBudget > 0) {
            // try again at once: a result joins the end of the ready list (behind other ops' results)
            moreBudget--;
            dispatch(c);
        } else {
            token(c, AT_SUBMITTED << 32);
            submitted.add(c); // this poll did enough: the next one continues
        }
    }

    NioMultishotOps multiCqe() {
        return multiCqe;
    }

    // ------------------------------------------------------------------ cancel and close

    private void cancel(Completion cancel) {
        Completion t = cancel.target();
        long at = token(t) >>> 32;
        if (at == AT_WAITING) {
            Handle h = table.get(t.fd());
            if (h != null && sockets.removeWaiter(h, t)) {
                finish(t, -Errno.ECANCELED);
                finish(cancel, 0);
                return;
            }
        } else if (at == AT_POOL) {
            int r = pool.cancel(t);
            if (r == 0) {
                finish(t, -Errno.ECANCELED);
                Handle h = opOf(t).handle;
                if (h != null) {
                    files.poolOpDone(h);
                }
            }
            finish(cancel, r);
            return;
        } else if (at == AT_MORE) {
            opOf(t).stop = true; // its pending result is still delivered, then the final -ECANCELED
            finish(cancel, 0);
            return;
        } else if (at == AT_PARKED && multiCqe.unpark(t)) {
            finish(t, -Errno.ECANCELED);
            finish(cancel, 0);
            return;
        } else if (at == AT_SUBMITTED && submitted.remove(t)) {
            finish(t, -Errno.ECANCELED);
            finish(cancel, 0);
            return;
        }
        finish(cancel, -Errno.ENOENT); // finished already (its result waits in the ready list) or unknown
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Completion c;
        while ((c = submitted.poll()) != null) {
            finish(c, -Errno.ECANCELED);
        }
        WaitList parked = new WaitList();
        multiCqe.drainParked(parked);
        while ((c = parked.poll()) != null) {
            finish(c, -Errno.ECANCELED);
        }
        table.forEach(sockets::cancelWaiters);
        files.shutdown();
        pool.shutdown(t -> finish(t, -Errno.ECANCELED)); // waits for running file ops: they keep their result
        files.takeResults();
        files.closeDeferred();
        table.forEach(h -> {
            table.remove(h);
            h.closed = true;
            NioSockets.closeQuietly(h.channel());
        });
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing waits on it any more
        }
        deliverReady();
        multiCqe.free();
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("nio backend is closed");
        }
    }

    /** The interest set of descriptor {@code fd}'s selection key, or -1 when unknown (tests). */
    int interestOps(int fd) {
        Handle h = table.get(fd);
        return h == null ? -1 : h.interestOps;
    }

    // ------------------------------------------------------------------ emulated provided buffer rings

    @Override
    public int attachGroup(BufferGroup group) {
        checkOpen();
        return multiCqe.attach(group);
    }

    @Override
    public void releaseBuffer(BufferGroup group, int bufferId) {
        if (!closed) {
            multiCqe.released(group, bufferId, submitted);
        }
    }

    @Override
    public void detachGroup(BufferGroup group) {
        multiCqe.detach(group);
    }

    static void markSubmitted(Completion c) {
        token(c, AT_SUBMITTED << 32);
    }

    static void markParked(Completion c) {
        token(c, AT_PARKED << 32);
    }

    // ------------------------------------------------------------------ per-operation state, for the drivers

    /** The intrusive link of {@code c}. */
    static Completion linked(Completion c) {
        return next(c);
    }

    static void link(Completion c, Completion next) {
        next(c, next);
    }

    static void markWaiting(Completion c) {
        token(c, AT_WAITING << 32);
    }

    static void markInPool(Completion c) {
        token(c, AT_POOL << 32);
    }

    /** The scratch state of a completion this backend prepared. */
    static NioOp opOf(Completion c) {
        return (NioOp) data(c);
    }

    /** {@code c}'s scratch state (created on first use, then reused), with its buffer views cleared. */
    static NioOp prepare(Completion c) {
        NioOp op;
        if (data(c) instanceof NioOp o) {
            op = o;
        } else {
            op = new NioOp();
            data(c, op);
        }
        op.buffer = c.buffer() == null ? null : op.view(c.buffer());
        op.buffers = c.buffers() == null ? null : op.views(c.buffers());
        op.handle = null;
        op.path = null;
        op.openedChannel = null;
        return op;
    }
}
