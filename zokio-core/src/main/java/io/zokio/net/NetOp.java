package io.zokio.net;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.InlineSocketCalls;
import io.zokio.loop.Op;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * <b>Threading:</b> one caller at a time ({@link #begin} claims the op with a CAS; a second concurrent caller
 * gets {@link IllegalStateException}); {@link #run}, the callback and the cancel paths run on the socket's loop
 * thread (or on a virtual thread that the loop's own thread carries, which is the same thing for the loop).
 *
 * <p>One reusable socket operation with an optional timeout, driven either by a parked caller (blocking style)
 * or by a {@link CompletableFuture} (async style). It owns three completions:
 * <ol>
 *   <li>{@code op}, the operation itself;</li>
 *   <li>{@code timer}, a loop TIMEOUT armed beside it when a timeout is given;</li>
 *   <li>{@code cancel}, which cancels {@code op} when the timer fires, the socket closes or the caller is
 *       interrupted, and cancels the timer when {@code op} finished first.</li>
 * </ol>
 * The caller is released ({@link #settle}) only when all three are idle: the kernel is done with every
 * buffer the operation names and the op can be reused at once. Exactly one outcome per {@link #begin}.
 */
final class NetOp implements Callback, Runnable, SocketCore.Pending {
    /** Result meaning "refused before submission: the socket was closed". Not an errno. */
    static final int CLOSED = Integer.MIN_VALUE;
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(NetOp.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final SocketCore sock;
    final Completion op = new Completion();
    private final Completion timer = new Completion();
    private final Completion cancel = new Completion();
    /** What the operation is called in exceptions, e.g. "recv". Caller-owned while claimed. */
    private String kind;
    private final String defaultKind;

    @SuppressWarnings("unused") // through BUSY
    private volatile int busy;

    // written by the caller before the hand-off to the loop (execute or direct submit: happens-before)
    private Thread waiter;
    private CompletableFuture<Integer> future;
    private SocketStream.IoCallback callback;
    /** Callback style: the buffer whose position advances over the bytes transferred, or null. */
    private ByteBuffer advance;
    private long timeoutNs;
    private ResultHook hook;
    /**
     * Operations started so far; written by the caller in start(), read on the loop by a late interrupt-cancel
     * so that it never hits the next operation of the same op (volatile: pairs with that read).
     */
    private volatile int started;
    /** True while the claimant calls on the descriptor itself ({@link #beginInline}). */
    private volatile boolean inline;

    // loop-side outcome; published to the waiter by the volatile write of done
    private boolean opDone;
    private boolean timedOut;
    private boolean closedCancel;
    private int result;
    private RuntimeException submitFailure;
    private volatile boolean done;

    /** Runs on the loop thread with the op's result before the caller sees it (e.g. to wrap an accepted fd). */
    @FunctionalInterface
    interface ResultHook {
        void onResult(EventLoop loop, int result);
    }

    NetOp(SocketCore sock, String kind) {
        this.sock = sock;
        this.kind = kind;
        this.defaultKind = kind;
        op.callback(this);
        timer.callback(this);
        cancel.callback(this);
        sock.register(this);
    }

    // ------------------------------------------------------------------ caller side

    /** Claims the op for one operation; the caller then preps {@link #op} and calls await or async. */
    Completion begin() throws ClosedChannelException {
        if (!BUSY.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("another " + kind + " is already pending on this socket");
        }
        if (sock.isClosed()) {
            BUSY.setVolatile(this, 0);
            throw new ClosedChannelException();
        }
        kind = defaultKind;
        return op;
    }

    /** {@link #begin()}, naming the operation for its exceptions (an op shared by connect and shutdown). */
    Completion begin(String kind) throws ClosedChannelException {
        Completion c = begin();
        this.kind = kind;
        return c;
    }

    /** True while a caller holds the op (an operation is being prepared, is in flight or is settling). */
    boolean isBusy() {
        return (int) BUSY.getVolatile(this) != 0;
    }

    /** Releases a claim whose operation was never started (its prep threw). */
    void abandon() {
        BUSY.setVolatile(this, 0);
    }

    /**
     * Releases a claim whose prep threw {@code failure}, and returns it for the caller to rethrow:
     * {@code catch (RuntimeException e) { throw op.abandon(e); }} keeps the socket usable after a bad argument.
     */
    RuntimeException abandon(RuntimeException failure) {
        abandon();
        return failure;
    }

    /** Blocking style: starts the prepared op and parks until it settles; returns its result or throws. */
    int await(long timeoutNs, ResultHook hook) throws IOException {
        if (sock.loops.onWorkerPlatformThread()) {
            abandon();
            throw new IllegalStateException("blocking " + kind + " on event-loop thread "
                    + Thread.currentThread().getName()
                    + " would stall the loop: call it from a task (Runtime.spawn) or use the async API");
        }
        this.waiter = Thread.currentThread();
        this.future = null;
        this.callback = null;
        start(timeoutNs, hook);
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                int mine = started;
                try {
                    sock.loop.execute(() -> cancelForInterrupt(mine));
                } catch (RejectedExecutionException closed) {
                    // the loop is closing: it completes everything in flight with -ECANCELED
                }
            }
        }
        int r = result;
        boolean t = timedOut;
        boolean c = closedCancel;
        RuntimeException f = submitFailure;
        waiter = null;
        BUSY.setVolatile(this, 0); // release: the next begin() sees a settled op
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (f != null) {
            throw f;
        }
        if (r == -Errno.ECANCELED && interrupted && !t && !c) {
            sock.markAborted();
            throw new InterruptedIOException(kind + " interrupted");
        }
        return check(r, t, c);
    }

    /**
     * Callback style: starts the prepared op; once it settled, on the loop thread, {@code advance} (when not
     * null) moves forward over the bytes transferred and {@code done} runs with the result or the failure. The
     * op is released before {@code done} runs, so {@code done} may start the next operation.
     */
    void callback(long timeoutNs, ByteBuffer advance, SocketStream.IoCallback done) {
        this.waiter = null;
        this.future = null;
        this.callback = done;
        this.advance = advance;
        try {
            start(timeoutNs, null);
        } catch (IOException e) {
            this.callback = null;
            this.advance = null;
            done.completed(0, e);
        }
    }

    /** Async style: starts the prepared op; the future completes on the loop thread once the op settled. */
    CompletableFuture<Integer> async(long timeoutNs, ResultHook hook) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        this.waiter = null;
        this.callback = null;
        this.future = f;
        try {
            start(timeoutNs, hook);
        } catch (IOException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    private void start(long timeoutNs, ResultHook hook) throws IOException {
        this.timeoutNs = timeoutNs;
        this.hook = hook;
        opDone = false;
        timedOut = false;
        closedCancel = false;
        submitFailure = null;
        result = 0;
        done = false;
        started++; // single writer: the claiming caller
        if (sock.loops.onLoopThread(sock.worker)) {
            run(); // same thread as the loop: submit in place (an AFFINE virtual thread skips the hand-off)
        } else {
            try {
                sock.loop.execute(this);
            } catch (RejectedExecutionException e) {
                waiter = null;
                future = null;
                callback = null;
                advance = null;
                BUSY.setVolatile(this, 0);
                throw new io.zokio.runtime.RuntimeClosedException(e);
            }
        }
    }

    private int check(int r, boolean timedOut, boolean closedCancel) throws IOException {
        if (r >= 0) {
            return r;
        }
        if (r == CLOSED) {
            throw new ClosedChannelException();
        }
        if (r != -Errno.EAGAIN) { // EAGAIN: a non-blocking probe found nothing, the normal idle answer
            sock.markAborted();
        }
        if (r == -Errno.ECANCELED) {
            if (timedOut) {
                throw new SocketTimeoutException(kind + " timed out after " + timeoutNs / 1_000_000 + " ms");
            }
            if (closedCancel) {
                throw new AsynchronousCloseException();
            }
        }
        throw new ErrnoException(kind, r);
    }

    // ------------------------------------------------------------------ loop side

    /** Loop thread: submits the prepared op and its timer. */
    @Override
    public void run() {
        EventLoop loop = sock.loop;
        if (sock.closingOnLoop() || loop.isClosed() || sock.refuseIdleRead(op.op())) {
            opDone = true;
            result = CLOSED;
            settle();
            return;
        }
        try {
            int slot = sock.slot(); // a registered socket: its receives and sends name the index
            if (slot >= 0 && (op.op() == Op.RECV || op.op() == Op.SEND)) {
                op.fixedFile(slot);
            }
            loop.submit(op);
        } catch (RuntimeException e) {
            submitFailure = e;
            opDone = true;
            settle();
            return;
        }
        if (timeoutNs > 0) {
            loop.submit(timer.prepTimeout(timeoutNs));
        }
    }

    @Override
    public Action onComplete(EventLoop loop, Completion c, int res) {
        if (c == op) {
            opDone = true;
            result = res;
            sock.noteTransfer(op.op(), res);
            if (hook != null) {
                hook.onResult(loop, res);
            }
        } else if (c == timer) {
            if (res == 0 && op.isActive() && !cancel.isActive() && !loop.isClosed()) {
                timedOut = true;
                loop.submit(cancel.prepCancel(op));
            }
        }
        settle();
        return Action.DISARM;
    }

    /** Loop thread: the socket is closing; cancel the op if it is in flight. */
    @Override
    public void cancelForClose() {
        if (op.isActive()) {
            closedCancel = true;
            if (!cancel.isActive() && !sock.loop.isClosed()) {
                sock.loop.submit(cancel.prepCancel(op));
            }
        }
    }

    private void cancelForInterrupt(int operation) {
        if (operation == started && op.isActive() && !cancel.isActive() && !sock.loop.isClosed()) {
            sock.loop.submit(cancel.prepCancel(op));
        }
    }

    /** True while any of the three completions is in the loop, or a caller uses the descriptor inline. */
    @Override
    public boolean inFlight() {
        return inline || op.isActive() || timer.isActive() || cancel.isActive();
    }

    /** Loop thread: the callback style's end: release, advance the buffer, run the callback. */
    private void settleCallback(SocketStream.IoCallback cb) {
        ByteBuffer buf = advance;
        callback = null;
        advance = null;
        int r = result;
        IOException failure = null;
        RuntimeException sf = submitFailure;
        if (sf != null) { // refused at submission (a bad argument): still exactly one outcome, through the callback
            failure = new IOException(kind + " refused: " + sf.getMessage(), sf);
            r = 0;
        } else {
            try {
                r = check(r, timedOut, closedCancel);
            } catch (IOException e) {
                failure = e;
                r = 0;
            }
        }
        BUSY.setVolatile(this, 0); // release before the callback: it may start the next op
        if (buf != null && r > 0) {
            buf.position(buf.position() + r);
        }
        cb.completed(r, failure);
    }

    // ------------------------------------------------------------------ inline use of the descriptor

    /**
     * Claims the op for a call on the descriptor made by the caller itself (an {@link io.zokio.loop.InlineSocketCalls}
     * send), keeping the descriptor open until {@link #endInline}: false (nothing claimed) when the socket is
     * closed. The close protocol and this claim meet on two volatile fields: this writes {@code inline} and then
     * reads {@code closed}; a close writes {@code closed} and then, on the loop, reads {@code inline} (through
     * {@link #inFlight}) before closing the descriptor. One of the two sees the other's write, so either the
     * caller backs off or the descriptor waits for {@link #endInline}.
     */
    private boolean beginInline() throws ClosedChannelException {
        begin();
        inline = true;
        if (sock.isClosed()) {
            endInline(); // the close may have seen the flag and now waits for it to drop
            return false;
        }
        return true;
    }

    /**
     * The inline socket calls of the caller's worker, with this op claimed for them ({@link #beginInline}); null,
     * nothing claimed, when {@code buffer} has no room or bytes, the caller is interrupted or not on a worker
     * whose backend offers inline calls, or the socket is closed. End the claim with {@link #endInline}.
     */
    InlineSocketCalls claimInline(ByteBuffer buffer) throws ClosedChannelException {
        if (!buffer.hasRemaining() || Thread.currentThread().isInterrupted()) {
            return null;
        }
        int w = sock.loops.callerWorker();
        InlineSocketCalls calls = w < 0 ? null : sock.loops.loop(w).features().inlineCalls().orElse(null);
        return calls != null && beginInline() ? calls : null;
    }

    /** Ends an inline claim; if the socket was closed meanwhile, lets its loop close the descriptor now. */
    void endInline() {
        inline = false;
        if (sock.isClosed()) {
            try {
                sock.loop.execute(sock::opSettled);
            } catch (RejectedExecutionException closed) {
                // the loop is closed: it released every descriptor it owned
            }
        }
        abandon();
    }

    /** Loop thread: releases the caller once op, timer and cancel are all idle. */
    private void settle() {
        if (!opDone) {
            return;
        }
        if (timer.isActive()) {
            if (!cancel.isActive() && !sock.loop.isClosed()) {
                sock.loop.submit(cancel.prepCancel(timer));
            }
            return; // the timer's or the cancel's callback settles again; a closing loop completes both
        }
        if (cancel.isActive()) {
            return;
        }
        opDone = false;
        sock.opSettled();
        SocketStream.IoCallback cb = callback;
        if (cb != null) {
            settleCallback(cb);
            return;
        }
        CompletableFuture<Integer> f = future;
        if (f != null) {
            future = null;
            int r = result;
            boolean t = timedOut;
            boolean cc = closedCancel;
            RuntimeException sf = submitFailure;
            BUSY.setVolatile(this, 0); // release before completing: a dependent stage may start the next op
            if (sf != null) {
                f.completeExceptionally(sf);
            } else {
                try {
                    f.complete(check(r, t, cc));
                } catch (IOException e) {
                    f.completeExceptionally(e);
                }
            }
        } else {
            Thread w = waiter;
            done = true; // volatile: publishes the outcome; pairs with the read in await()'s loop
            LockSupport.unpark(w);
        }
    }
}
