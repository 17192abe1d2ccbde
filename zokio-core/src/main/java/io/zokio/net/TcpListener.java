package io.zokio.net;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * <b>Threading:</b> one accepting caller at a time (a second concurrent accept gets
 * {@link IllegalStateException}; run one acceptor per listener, or one listener per worker with
 * {@link Options#reusePort}); {@link #close} from any thread fails a pending accept with
 * {@link java.nio.channels.AsynchronousCloseException}. Blocking methods park a virtual thread.
 *
 * <p><b>Runtime shutdown:</b> the runtime's close closes its listeners before anything else (a pending accept
 * fails at once with {@link java.nio.channels.AsynchronousCloseException}), and a bind once it began throws
 * {@link RuntimeClosedException}. A stream accepted here is closed by that shutdown when its read waits idle
 * (nothing received since its last write): a keep-alive connection between requests does not hold up the
 * grace period, a request being read or answered does.
 *
 * <p>A listening TCP socket owned by one worker's loop; accepted streams belong to the same worker. To spread
 * connections over every worker, bind one listener per worker to the same address with
 * {@link Options#reusePort(boolean)} (the kernel balances new connections between them) and give each its own
 * acceptor. SO_REUSEADDR is always on (both backends set it before binding).
 */
public final class TcpListener implements AutoCloseable {
    /** Default accept queue length. */
    public static final int DEFAULT_BACKLOG = 1024;

    private final SocketCore core;
    private final Acceptor<TcpStream> acceptor;
    private final InetSocketAddress localAddress;

    /** Bind options; immutable, each setter returns a copy. */
    public record Options(int backlog, boolean reusePort, int worker) {
        public Options {
            if (backlog <= 0) {
                throw new IllegalArgumentException("backlog must be positive: " + backlog);
            }
            if (worker < -1) {
                throw new IllegalArgumentException("worker must be >= 0, or -1 for any: " + worker);
            }
        }

        /** Backlog {@value #DEFAULT_BACKLOG}, no SO_REUSEPORT, any worker. */
        public static Options defaults() {
            return new Options(DEFAULT_BACKLOG, false, -1);
        }

        public Options backlog(int n) {
            return new Options(n, reusePort, worker);
        }

        public Options reusePort(boolean on) {
            return new Options(backlog, on, worker);
        }

        /** The worker whose loop owns the listener and its accepted streams; -1: the caller's, else any. */
        public Options worker(int w) {
            return new Options(backlog, reusePort, w);
        }
    }

    private TcpListener(WorkerLoops loops, int worker, int fd, InetSocketAddress local) {
        this.core = new SocketCore(loops, worker, fd);
        this.acceptor = new Acceptor<>(core, TcpStream::new);
        this.localAddress = local;
    }

    /** Binds on the current task's runtime with default options. */
    public static TcpListener bind(InetSocketAddress address) throws IOException {
        return bind(WorkerLoops.currentRuntime(), address, Options.defaults());
    }

    /**
     * Binds {@code address} (port 0: an ephemeral port) and listens.
     *
     * @throws java.net.BindException when the address is in use (EADDRINUSE), not local (EADDRNOTAVAIL) or
     *         not permitted (EACCES); the message names the address, the cause is the
     *         {@link io.zokio.sys.ErrnoException}
     * @throws IllegalArgumentException when {@code address} is unresolved
     */
    public static TcpListener bind(Runtime rt, InetSocketAddress address, Options options) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + address);
        }
        WorkerLoops loops = WorkerLoops.of(rt);
        if (loops.shutdownWatch().began()) {
            throw new RuntimeClosedException();
        }
        int w = options.worker() < 0 ? loops.pickWorker() : loops.checkWorker(options.worker());
        DescriptorCalls.Bound b;
        try {
            b = loops.call(w,
                    loop -> DescriptorCalls.openTcpListener(loop, address, options.backlog(), options.reusePort()));
        } catch (IOException e) {
            throw NetErrors.bind(e, address);
        }
        TcpListener l = new TcpListener(loops, w, b.fd(), b.local());
        l.core.closeAtShutdown(); // closes the listener and throws when the shutdown began meanwhile
        return l;
    }

    /** Waits for a connection. */
    public TcpStream accept() throws IOException {
        return accept(null);
    }

    /** Waits for a connection at most {@code timeout} (null or zero: without limit). */
    public TcpStream accept(Duration timeout) throws IOException {
        return acceptor.accept(timeout);
    }

    /** Async accept; the future completes on the listener's loop thread. */
    public CompletableFuture<TcpStream> acceptAsync(Duration timeout) {
        return acceptor.acceptAsync(timeout);
    }

    /**
     * Accepts continuously with one multishot accept (io_uring's {@code IORING_ACCEPT_MULTISHOT}; emulated on
     * NIO) and hands each new stream to {@code handler} <em>on the listener's loop thread</em>: the handler must
     * not block (typically it spawns a task to serve the stream, e.g. {@code s -> rt.spawn(() -> serve(s))}).
     * Use it instead of {@link #accept()}, not beside it. The returned future completes when accepting ended:
     * normally after {@link #close()}, exceptionally on an accept error.
     */
    public CompletableFuture<Void> acceptEach(Consumer<TcpStream> handler) {
        return acceptor.acceptEach(handler);
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public int port() {
        return localAddress.getPort();
    }

    /** The worker whose loop owns this listener and the streams it accepts. */
    public int worker() {
        return core.worker;
    }

    /** False once closed: by {@link #close}, or by its runtime's close, which closes every listener first. */
    public boolean isOpen() {
        return !core.isClosed() && !core.loops.runtimeTerminated();
    }

    /** Stops listening; a pending accept fails with {@link java.nio.channels.AsynchronousCloseException}. */
    @Override
    public void close() throws IOException {
        core.close();
    }

    @Override
    public String toString() {
        return "TcpListener[" + localAddress + ", worker=" + core.worker + (isOpen() ? "" : ", closed") + "]";
    }
}
