package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * <b>Threading:</b> one accepting caller at a time (a second concurrent accept gets
 * {@link IllegalStateException}); the hook runs on the listener's loop thread. Blocking methods park a virtual
 * thread.
 *
 * <p>The accept side of a listener, shared by {@link TcpListener} and {@link UnixListener}: one reusable ACCEPT
 * whose result hook wraps the new descriptor in a stream on the loop thread, before the acceptor sees it, so
 * that no descriptor can leak (a cancelled or abandoned accept still has its stream, which the close protocol
 * of the listener's socket ends), and the multishot accept of {@link MultishotAccept}. Every stream it
 * accepts belongs to the listener's worker and is closed by the runtime's shutdown when its read waits idle
 * ({@link SocketCore#closeWhenIdleAtShutdown}).
 */
final class Acceptor<S extends SocketStream> {
    /** Builds the stream of an accepted descriptor on the listener's worker; loop thread. */
    @FunctionalInterface
    interface Wrap<S> {
        S wrap(WorkerLoops loops, int worker, int fd);
    }

    private final SocketCore core;
    private final Wrap<S> wrap;
    private final NetOp acceptOp;
    private final NetOp.ResultHook hook;
    /** Written on the loop thread by the hook, read by the acceptor after the op settled. */
    private S accepted;

    Acceptor(SocketCore core, Wrap<S> wrap) {
        this.core = core;
        this.wrap = wrap;
        this.acceptOp = new NetOp(core, "accept");
        this.hook = this::onAccepted;
    }

    /** Loop thread: a stream accepted on {@code listener}'s worker, registered for the runtime's shutdown. */
    static <S extends SocketStream> S accepted(Wrap<S> wrap, SocketCore listener, int fd) {
        S s = wrap.wrap(listener.loops, listener.worker, fd);
        s.core.closeWhenIdleAtShutdown();
        return s;
    }

    private void onAccepted(EventLoop loop, int result) {
        if (result >= 0) {
            accepted = accepted(wrap, core, result);
        }
    }

    /** Waits for a connection at most {@code timeout} (null or zero: without limit). */
    S accept(Duration timeout) throws IOException {
        long ns = Timeouts.toNanos(timeout);
        startAccept();
        acceptOp.await(ns, hook);
        return takeAccepted();
    }

    /** Async accept; the future completes on the listener's loop thread. */
    CompletableFuture<S> acceptAsync(Duration timeout) {
        long ns = Timeouts.toNanos(timeout);
        try {
            startAccept();
        } catch (ClosedChannelException e) {
            return CompletableFuture.failedFuture(e);
        }
        return acceptOp.async(ns, hook).thenApply(fd -> takeAccepted());
    }

    /** Claims the accept op and preps an ACCEPT; the callers then wait their way. */
    private void startAccept() throws ClosedChannelException {
        Completion c = acceptOp.begin();
        try {
            c.prepAccept(core.fd);
        } catch (RuntimeException e) {
            throw acceptOp.abandon(e);
        }
    }

    private S takeAccepted() {
        S s = accepted;
        accepted = null;
        return s;
    }

    /** Multishot accept handing each stream to {@code handler} on the loop thread ({@link TcpListener#acceptEach}). */
    CompletableFuture<Void> acceptEach(Consumer<? super S> handler) {
        Objects.requireNonNull(handler, "handler");
        if (core.isClosed()) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        MultishotAccept<S> m = new MultishotAccept<>(core, wrap, handler);
        if (core.loops.onLoopThread(core.worker)) {
            m.start();
        } else {
            try {
                core.loop.execute(m::start);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new RuntimeClosedException(e));
            }
        }
        return m.done();
    }
}
