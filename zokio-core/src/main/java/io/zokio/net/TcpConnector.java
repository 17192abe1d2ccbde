package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

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
        long ns = checkArguments(address, timeout);
        WorkerLoops loops = WorkerLoops.of(rt);
        int w = loops.pickWorker();
        boolean v6 = isIpv6(address);
        int fd = loops.call(w, loop -> DescriptorCalls.openTcpSocket(loop, v6));
        TcpStream s = new TcpStream(loops, w, fd);
        try {
            startConnect(s, address);
            s.controlOp.await(ns, null);
            return s;
        } catch (IOException | RuntimeException e) {
            s.closeQuietly();
            throw e;
        }
    }

    static CompletableFuture<TcpStream> connectAsync(Runtime rt, InetSocketAddress address, Duration timeout) {
        long ns = checkArguments(address, timeout);
        WorkerLoops loops = WorkerLoops.of(rt);
        int w = loops.pickWorker();
        CompletableFuture<TcpStream> result = new CompletableFuture<>();
        Runnable start = () -> {
            TcpStream s;
            try {
                s = new TcpStream(loops, w, DescriptorCalls.openTcpSocket(loops.loop(w), isIpv6(address)));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            try {
                startConnect(s, address);
            } catch (IOException | RuntimeException e) {
                s.closeQuietly(); // as in the blocking connect: a half-made stream is closed
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
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new io.zokio.runtime.RuntimeClosedException(e));
            }
        }
        return result;
    }

    /** The timeout in nanoseconds, after checking both arguments. */
    private static long checkArguments(InetSocketAddress address, Duration timeout) {
        Objects.requireNonNull(address, "address");
        long ns = Timeouts.toNanos(timeout);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + address);
        }
        return ns;
    }

    private static boolean isIpv6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }

    /** Claims the new stream's control op and preps the CONNECT; the caller waits in its own style. */
    private static void startConnect(TcpStream s, InetSocketAddress address) throws ClosedChannelException {
        Completion c = s.controlOp.begin("connect");
        try {
            c.prepConnect(s.core.fd, address);
        } catch (RuntimeException e) {
            throw s.controlOp.abandon(e);
        }
    }
}
