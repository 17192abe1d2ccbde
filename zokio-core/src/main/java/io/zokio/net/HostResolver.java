package io.zokio.net;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * <b>Threading:</b> stateless; {@link #resolve} parks its caller (not on an event-loop thread),
 * {@link #resolveAsync} never waits and completes its future on a blocking-pool thread.
 *
 * <p>Host-name resolution for connects by name. The lookup is the JDK's ({@link InetAddress#getAllByName}), so
 * {@code /etc/hosts}, the system resolver and an installed {@code java.net.spi.InetAddressResolverProvider} all
 * apply. It may block in native code for as long as the system resolver takes, so it runs on the runtime's
 * blocking pool ({@link Runtime#blocking}), never on a worker's loop or carrier: a slow DNS server delays only
 * the connect that needs it.
 */
final class HostResolver {
    private HostResolver() {
    }

    /**
     * Every address of {@code host}, in the resolver's order; parks until the lookup ends.
     *
     * @throws UnknownHostException when the name does not resolve
     * @throws InterruptedIOException when the caller is interrupted (the lookup is cancelled)
     */
    static InetAddress[] resolve(Runtime rt, String host) throws IOException {
        Task<InetAddress[]> t = start(rt, host);
        try {
            return t.join();
        } catch (InterruptedException e) {
            t.cancel();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while resolving " + host);
        } catch (CompletionException | CancellationException e) {
            throw failure(e, host);
        }
    }

    /** {@link #resolve} without waiting: the future fails with the same exceptions. */
    static CompletableFuture<InetAddress[]> resolveAsync(Runtime rt, String host) {
        Task<InetAddress[]> t;
        try {
            t = start(rt, host);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<InetAddress[]> f = new CompletableFuture<>();
        t.onComplete((addresses, e) -> {
            if (e != null) {
                f.completeExceptionally(failure(e, host));
            } else {
                f.complete(addresses);
            }
        });
        return f;
    }

    private static Task<InetAddress[]> start(Runtime rt, String host) throws IOException {
        try {
            return rt.blocking(() -> InetAddress.getAllByName(host));
        } catch (RejectedExecutionException e) {
            throw new RuntimeClosedException(e);
        }
    }

    private static IOException failure(Throwable t, String host) {
        if (t instanceof CompletionException && t.getCause() != null) { // a failure of the lookup itself
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            InterruptedIOException e = new InterruptedIOException("resolving " + host + " was cancelled");
            e.initCause(t);
            return e;
        }
        if (t instanceof UnknownHostException u && (u.getMessage() == null || !u.getMessage().contains(host))) {
            // the JDK names the host when its resolver does not know it, but not when a resolver provider failed
            UnknownHostException named = new UnknownHostException(host
                    + (u.getMessage() == null ? "" : ": " + u.getMessage()));
            named.initCause(u.getCause() != null ? u.getCause() : u);
            return named;
        }
        if (t instanceof IOException io) {
            return io;
        }
        UnknownHostException e = new UnknownHostException(host + ": " + t);
        e.initCause(t);
        return e;
    }
}
