package io.zokio.net;

import io.zokio.loop.Action;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.CompletableFuture;

/**
 * <b>Threading:</b> created by {@link StreamReads#readEach} with the stream's read side claimed; {@link #start},
 * the callback and the cancel paths run on the stream's loop thread; {@link #done} from any thread.
 *
 * <p>Continuous receive with one multishot RECV into a {@link BufferGroup} (io_uring: a provided buffer ring;
 * emulated on NIO): one submission, one callback per arriving chunk, naming the buffer the backend picked. When
 * the handler holds every buffer of the group the receive waits (back-pressure) instead of failing; ENOBUFS never
 * reaches the handler. Ends with its one final callback: end of stream (the future completes normally), the
 * handler returning false (normally), the stream closing ({@link AsynchronousCloseException}), or an error
 * ({@link ErrnoException}). The stream's read side is released then.
 */
final class MultishotRecv implements Callback, SocketCore.Pending {
    private final SocketCore sock;
    private final NetOp readClaim;
    private final BufferGroup group;
    private final TcpStream.DataHandler handler;
    private final Completion op = new Completion();
    private final Completion cancel = new Completion();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean stopped;
    private Throwable handlerFailure;
    private boolean finished;
    /** How {@link #done} completes once the read side is free: null normally, else the failure. */
    private Throwable outcome;

    MultishotRecv(SocketCore sock, NetOp readClaim, BufferGroup group, TcpStream.DataHandler handler) {
        this.sock = sock;
        this.readClaim = readClaim;
        this.group = group;
        this.handler = handler;
        op.callback(this);
        cancel.callback(this);
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Loop thread: joins the close protocol and submits the multishot receive. */
    void start() {
        if (sock.closingOnLoop() || sock.loop.isClosed()) {
            readClaim.abandon();
            done.completeExceptionally(new AsynchronousCloseException());
            return;
        }
        try {
            op.prepRecvMultishot(sock.fd, group, 0);
            sock.loop.submit(op);
        } catch (RuntimeException e) {
            readClaim.abandon();
            done.completeExceptionally(e);
            return;
        }
        sock.register(this);
    }

    @Override
    public Action onComplete(EventLoop loop, Completion c, int result) {
        if (c == cancel) {
            settleIfFinished();
            return Action.DISARM;
        }
        if (c.isActive()) {
            if (result > 0 && c.bufferId() >= 0) {
                int id = c.bufferId();
                MemorySegment data = group.payload(c, result);
                boolean more;
                try {
                    more = handler.onData(data, id);
                } catch (RuntimeException | Error e) {
                    handlerFailure = e;
                    more = false;
                    if (group.isHeld(id)) {
                        group.release(id); // the failed handler cannot give it back any more
                    }
                }
                if (!more) {
                    stopped = true;
                }
            }
            return stopped || sock.closingOnLoop() ? Action.DISARM : Action.REARM;
        }
        finished = true;
        if (handlerFailure != null) {
            outcome = handlerFailure;
        } else if (result == 0 || stopped) {
            outcome = null; // end of stream, or the handler asked to stop
        } else if (sock.closingOnLoop()) {
            outcome = new AsynchronousCloseException();
        } else {
            outcome = new ErrnoException("recv", result == 0 ? -Errno.EIO : result);
        }
        settleIfFinished();
        return Action.DISARM;
    }

    /** Frees the read side, then completes {@link #done}: whoever it wakes may read at once. */
    private void settleIfFinished() {
        if (finished && !cancel.isActive()) {
            finished = false;
            readClaim.abandon(); // the read side is free again
            sock.opSettled();
            if (outcome == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(outcome);
            }
        }
    }

    @Override
    public void cancelForClose() {
        if (op.isActive() && !cancel.isActive() && !sock.loop.isClosed()) {
            sock.loop.submit(cancel.prepCancel(op));
        }
    }

    @Override
    public boolean inFlight() {
        return op.isActive() || cancel.isActive();
    }
}
