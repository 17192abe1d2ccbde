package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * <b>Threading:</b> stateless; the blocking variant parks its caller, the async one runs its steps on the chosen
 * worker's loop thread.
 *
 * <p>One connect attempt to one resolved address, for every stream kind ({@link TcpConnector} for TCP,
 * {@link UnixStream} for Unix domain sockets): pick a worker (the caller's own, else round robin), open a socket
 * on its loop, wrap it in its stream, CONNECT on the stream's control op, and wait in the caller's style. On any
 * failure the half-made stream is closed and the error goes through the target's mapping to {@code java.net}
 * exceptions, so that no descriptor leaks and both styles fail alike.
 */
final class ConnectAttempt {
    private ConnectAttempt() {
    }

    /** What an attempt connects to, and how. */
    interface Target<S extends SocketStream> {
        /** Loop thread: a new unconnected socket. */
        int open(EventLoop loop) throws IOException;

        /** Wraps the new socket. */
        S stream(WorkerLoops loops, int worker, int fd);

        /** Preps the CONNECT on {@code c}. */
        void prep(Completion c, int fd);

        /** The exception the caller sees for a failed attempt. */
        IOException failure(IOException e);
    }

    static <S extends SocketStream> S connect(WorkerLoops loops, Target<S> target, long ns) throws IOException {
        int w = loops.pickWorker();
        int fd = loops.call(w, target::open);
        S s = target.stream(loops, w, fd);
        try {
            start(s, target);
            s.controlOp.await(ns, null);
            return s;
        } catch (IOException e) {
            s.closeQuietly();
            throw target.failure(e);
        } catch (RuntimeException e) {
            s.closeQuietly();
            throw e;
        }
    }

    static <S extends SocketStream> CompletableFuture<S> connectAsync(WorkerLoops loops, Target<S> target, long ns) {
        int w = loops.pickWorker();
        CompletableFuture<S> result = new CompletableFuture<>();
        Runnable begin = () -> {
            S s;
            try {
                s = target.stream(loops, w, target.open(loops.loop(w)));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            try {
                start(s, target);
            } catch (IOException | RuntimeException e) {
                s.closeQuietly(); // as in the blocking connect: a half-made stream is closed
                result.completeExceptionally(e);
                return;
            }
            s.controlOp.async(ns, null).whenComplete((r, e) -> {
                if (e != null) {
                    s.closeQuietly();
                    result.completeExceptionally(e instanceof IOException io ? target.failure(io) : e);
                } else {
                    result.complete(s);
                }
            });
        };
        if (loops.onLoopThread(w)) {
            begin.run();
        } else {
            try {
                loops.loop(w).execute(begin);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new RuntimeClosedException(e));
            }
        }
        return result;
    }

    /** Claims the new stream's control op and preps the CONNECT; the caller waits in its own style. */
    private static void start(SocketStream s, Target<?> target) throws IOException {
        Completion c = s.controlOp.begin("connect");
        try {
            target.prep(c, s.core.fd);
        } catch (RuntimeException e) {
            throw s.controlOp.abandon(e);
        }
    }
}
