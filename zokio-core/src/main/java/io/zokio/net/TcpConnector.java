package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * <b>Threading:</b> stateless; the blocking variant parks its caller, the async one runs its steps on the chosen
 * worker's loop thread.
 *
 * <p>Client connects for {@link TcpStream}: pick a worker (the caller's own, else round robin), open a socket on
 * that worker's loop, CONNECT with the optional timeout; on any failure the half-made stream is closed.
 */
final class TcpConnector {
    private TcpConnector() {
    }

    static TcpStream connect(Runtime rt, InetSocketAddress address, Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address");
        long ns = Timeouts.toNanos(timeout);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + address);
        }
        Loops loops = Loops.of(rt);
        int w = loops.pickWorker();
        boolean v6 = address.getAddress() instanceof Inet6Address;
        int fd = loops.call(w, loop -> loop.openTcpSocket(v6));
        TcpStream s = new TcpStream(loops, w, fd);
        try {
            Completion c = s.controlOp.begin("connect");
            TcpStream.prep(s.controlOp, () -> c.prepConnect(fd, address));
            s.controlOp.await(ns, null);
            return s;
        } catch (IOException | RuntimeException e) {
            s.closeQuietly();
            throw e;
        }
    }

    static CompletableFuture<TcpStream> connectAsync(Runtime rt, InetSocketAddress address, Duration timeout) {
        Objects.requireNonNull(address, "address");
        long ns = Timeouts.toNanos(timeout);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + address);
        }
        Loops loops = Loops.of(rt);
        int w = loops.pickWorker();
        CompletableFuture<TcpStream> result = new CompletableFuture<>();
        Runnable start = () -> {
            TcpStream s;
            try {
                int fd = loops.loop(w).openTcpSocket(address.getAddress() instanceof Inet6Address);
                s = new TcpStream(loops, w, fd);
                Completion c = s.controlOp.begin("connect");
                TcpStream.prep(s.controlOp, () -> c.prepConnect(fd, address));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            s.controlOp.async(ns, null).whenComplete((r, e) -> {
                if (e != null) {
                    s.closeQuietly();
                    result.completeExceptionally(e);
                } else {
                    result.complete(s);
                }
            });
        };
        if (loops.onLoopThread(w)) {
            start.run();
        } else {
            try {
                loops.loop(w).execute(start);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                result.completeExceptionally(new IOException("runtime is shut down", e));
            }
        }
        return result;
    }

}
