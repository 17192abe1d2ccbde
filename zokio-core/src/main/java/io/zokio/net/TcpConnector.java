package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.internal.WorkerLoops;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * <b>Threading:</b> stateless; the blocking variant parks its caller, the async one runs its steps on the chosen
 * worker's loop thread (and the name lookup on a blocking-pool thread).
 *
 * <p>Client connects for {@link TcpStream}: an unresolved address is first resolved by {@link HostResolver}
 * (off the loops), and its addresses are tried in the resolver's order until one connects; each attempt picks
 * a worker (the caller's own, else round robin), opens a socket on that worker's loop and CONNECTs. The
 * timeout bounds all attempts together. On any failure the half-made stream is closed, and connect errnos
 * become {@code java.net} exceptions naming the address ({@link NetErrors}).
 */
final class TcpConnector {
    private TcpConnector() {
    }

    static TcpStream connect(Runtime rt, InetSocketAddress address, Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address");
        long ns = Timeouts.toNanos(timeout);
        WorkerLoops loops = WorkerLoops.of(rt);
        if (!address.isUnresolved()) {
            return connectOnce(loops, address, ns);
        }
        InetAddress[] all = HostResolver.resolve(rt, address.getHostString());
        long deadline = ns == Timeouts.NONE ? 0 : System.nanoTime() + ns;
        IOException failure = null;
        for (InetAddress a : all) {
            long left = Timeouts.NONE;
            if (deadline != 0) {
                left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw timedOut(ns, address, failure);
                }
            }
            try {
                return connectOnce(loops, new InetSocketAddress(a, address.getPort()), left);
            } catch (IOException e) {
                if (!tryNext(e)) {
                    throw e;
                }
                failure = collect(failure, e);
            }
        }
        throw failure;
    }

    static CompletableFuture<TcpStream> connectAsync(Runtime rt, InetSocketAddress address, Duration timeout) {
        Objects.requireNonNull(address, "address");
        long ns = Timeouts.toNanos(timeout);
        WorkerLoops loops = WorkerLoops.of(rt);
        if (!address.isUnresolved()) {
            return connectOnceAsync(loops, address, ns);
        }
        return HostResolver.resolveAsync(rt, address.getHostString()).thenCompose(all -> {
            long deadline = ns == Timeouts.NONE ? 0 : System.nanoTime() + ns;
            return attemptAsync(loops, all, 0, address, ns, deadline, null);
        });
    }

    /** Async: tries {@code all[i..]} in turn, carrying the failures so far. */
    private static CompletableFuture<TcpStream> attemptAsync(WorkerLoops loops, InetAddress[] all, int i,
            InetSocketAddress address, long ns, long deadline, IOException failure) {
        if (i == all.length) {
            return CompletableFuture.failedFuture(failure);
        }
        long left = Timeouts.NONE;
        if (deadline != 0) {
            left = deadline - System.nanoTime();
            if (left <= 0) {
                return CompletableFuture.failedFuture(timedOut(ns, address, failure));
            }
        }
        CompletableFuture<TcpStream> result = new CompletableFuture<>();
        connectOnceAsync(loops, new InetSocketAddress(all[i], address.getPort()), left).whenComplete((s, e) -> {
            if (e == null) {
                result.complete(s);
                return;
            }
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (c instanceof IOException io && tryNext(io)) {
                attemptAsync(loops, all, i + 1, address, ns, deadline, collect(failure, io)).whenComplete((s2, e2) -> {
                    if (e2 == null) {
                        result.complete(s2);
                    } else {
                        result.completeExceptionally(e2);
                    }
                });
            } else {
                result.completeExceptionally(c);
            }
        });
        return result;
    }

    /** One attempt on a resolved address. */
    private static TcpStream connectOnce(WorkerLoops loops, InetSocketAddress address, long ns) throws IOException {
        return ConnectAttempt.connect(loops, target(address), ns);
    }

    private static CompletableFuture<TcpStream> connectOnceAsync(WorkerLoops loops, InetSocketAddress address,
            long ns) {
        return ConnectAttempt.connectAsync(loops, target(address), ns);
    }

    private static ConnectAttempt.Target<TcpStream> target(InetSocketAddress address) {
        return new ConnectAttempt.Target<>() {
            @Override
            public int open(io.zokio.loop.EventLoop loop) throws IOException {
                return DescriptorCalls.openTcpSocket(loop, isIpv6(address));
            }

            @Override
            public TcpStream stream(WorkerLoops loops, int worker, int fd) {
                return new TcpStream(loops, worker, fd);
            }

            @Override
            public void prep(Completion c, int fd) {
                c.prepConnect(fd, address);
            }

            @Override
            public IOException failure(IOException e) {
                return TcpConnector.failure(e, address);
            }
        };
    }

    /** A failed attempt's exception, as the caller sees it: java.net types naming the address. */
    private static IOException failure(IOException e, InetSocketAddress address) {
        if (e instanceof SocketTimeoutException t && !t.getMessage().endsWith(address.toString())) {
            SocketTimeoutException named = new SocketTimeoutException(t.getMessage() + ": " + address);
            named.initCause(t);
            return named;
        }
        return NetErrors.connect(e, address);
    }

    /** Whether a failed attempt lets the next address be tried (a refusal or an errno, not a timeout). */
    private static boolean tryNext(IOException e) {
        return e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof ErrnoException;
    }

    /**
     * Adds a failed attempt to the failures so far and returns the one to throw: the first refusal
     * ({@link ConnectException}, {@link NoRouteToHostException}) if any, else the first failure; the others are
     * suppressed in it. A refusal says more than, say, the unsupported address family of an IPv6 address on a
     * host without IPv6.
     */
    private static IOException collect(IOException primary, IOException next) {
        if (primary == null) {
            return next;
        }
        boolean nextRefused = next instanceof ConnectException || next instanceof NoRouteToHostException;
        boolean primaryRefused = primary instanceof ConnectException || primary instanceof NoRouteToHostException;
        if (nextRefused && !primaryRefused) {
            next.addSuppressed(primary); // with the failures it collected
            return next;
        }
        primary.addSuppressed(next);
        return primary;
    }

    private static SocketTimeoutException timedOut(long ns, InetSocketAddress address, IOException earlier) {
        SocketTimeoutException t = new SocketTimeoutException("connect timed out after " + ns / 1_000_000 + " ms: "
                + address);
        if (earlier != null) {
            t.addSuppressed(earlier);
        }
        return t;
    }

    private static boolean isIpv6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }
}
