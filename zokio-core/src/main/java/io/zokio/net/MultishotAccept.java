package io.zokio.net;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * <b>Threading:</b> created by {@link Acceptor#acceptEach}; {@link #start}, the callback and the cancel paths
 * run on the listener's loop thread; {@link #done} from any thread.
 *
 * <p>Accepts connections continuously with one multishot ACCEPT ({@code IORING_OP_ACCEPT} with
 * {@code IORING_ACCEPT_MULTISHOT}; emulated on NIO): one submission, one completion per connection, no
 * re-submission per accept. Each new descriptor is wrapped in a stream ({@link TcpStream}, {@link UnixStream}) on
 * the loop thread and given to the handler at once, so none can leak. A final result that accept(2) says to
 * retry on ({@link Errno#retryableAccept}: a network error pending on one new connection, such as ECONNABORTED)
 * arms the accept again, whichever backend ended it. Ends when the listener closes, or on another error;
 * {@link #done} then completes (normally after a stop or close, else with an {@link ErrnoException}).
 */
final class MultishotAccept<S extends SocketStream> implements Callback, SocketCore.Pending {
    private final SocketCore sock;
    private final Acceptor.Wrap<S> wrap;
    private final Consumer<? super S> handler;
    private final Completion op = new Completion();
    private final Completion cancel = new Completion();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean finished;

    MultishotAccept(SocketCore sock, Acceptor.Wrap<S> wrap, Consumer<? super S> handler) {
        this.sock = sock;
        this.wrap = wrap;
        this.handler = handler;
        op.callback(this);
        cancel.callback(this);
    }

    /** Loop thread: registers with the close protocol and submits the multishot accept. */
    void start() {
        if (sock.closingOnLoop() || sock.loop.isClosed()) {
            done.completeExceptionally(new AsynchronousCloseException());
            return;
        }
        sock.register(this);
        sock.loop.submit(op.prepAcceptMultishot(sock.fd));
    }

    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public Action onComplete(EventLoop loop, Completion c, int result) {
        if (c == cancel) {
            settleIfFinished();
            return Action.DISARM;
        }
        if (c.isActive()) {
            // an intermediate result: a new connection (or a transient accept error)
            if (result >= 0) {
                S s = Acceptor.accepted(wrap, sock, result);
                try {
                    handler.accept(s);
                } catch (RuntimeException e) {
                    s.closeQuietly();
                }
            }
            return sock.closingOnLoop() ? Action.DISARM : Action.REARM;
        }
        if (Errno.retryableAccept(result) && !sock.closingOnLoop() && !cancel.isActive() && !loop.isClosed()) {
            return Action.REARM; // the same multishot accept again, on the same listener
        }
        finished = true;
        if (sock.closingOnLoop() || result == -Errno.ECANCELED) {
            done.complete(null);
        } else {
            done.completeExceptionally(new ErrnoException("accept", result));
        }
        settleIfFinished();
        return Action.DISARM;
    }

    private void settleIfFinished() {
        if (finished && !cancel.isActive()) {
            sock.opSettled();
        }
    }

    private void cancelNow() {
        if (op.isActive() && !cancel.isActive() && !sock.loop.isClosed()) {
            sock.loop.submit(cancel.prepCancel(op));
        }
    }

    @Override
    public void cancelForClose() {
        cancelNow();
    }

    @Override
    public boolean inFlight() {
        return op.isActive() || cancel.isActive();
    }
}
