package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.internal.WorkerLoops;
import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A connected Unix domain stream socket ({@code AF_UNIX}, {@code SOCK_STREAM}) owned by one worker's event loop,
 * on either backend. Reading, writing, timeouts, half-close, the {@code java.io} views and closing are those of
 * every {@link SocketStream} (its class doc states the threading, timeout, exception and buffer rules); this
 * class adds connecting by path and Unix domain addresses.
 *
 * <p><b>Addresses.</b> A peer is a file system path ({@link UnixDomainSocketAddress}) or, on Linux, an
 * abstract-namespace name ({@link UnixAddress#ofAbstract}). The NIO backend reaches paths only: the JDK's
 * channels take a {@code UnixDomainSocketAddress}, whose {@link java.nio.file.Path} cannot hold the NUL that
 * starts an abstract name, so connecting to one there throws {@link UnsupportedOperationException} saying so.
 * A path or name holds at most {@value UnixAddress#MAX_PATH_BYTES} bytes ({@code sun_path} and its NUL); a
 * longer one fails with {@link java.net.SocketException} naming it, before any socket is opened.
 *
 * <p><b>Connect failures</b>, as the JDK's {@code SocketChannel} reports them: no listener at an existing
 * socket file (or a file that is not a socket) is a {@link java.net.ConnectException} "Connection refused";
 * no file at the path is a {@link java.net.ConnectException} "No such file or directory" (the JDK throws its
 * superclass {@link java.net.SocketException} with that text, so a caller catching either sees it); each message
 * names the path, the cause is the {@link io.zokio.sys.ErrnoException}.
 */
public final class UnixStream extends SocketStream {
    UnixStream(WorkerLoops loops, int worker, int fd) {
        super(loops, worker, fd);
    }

    /** Connects to the socket at {@code path} on the current task's runtime, without a timeout. */
    public static UnixStream connect(UnixDomainSocketAddress path) throws IOException {
        return connect(WorkerLoops.currentRuntime(), UnixAddress.of(path), null);
    }

    /** Connects to the socket at {@code path} on a worker of {@code rt}, without a timeout. */
    public static UnixStream connect(Runtime rt, UnixDomainSocketAddress path) throws IOException {
        return connect(rt, UnixAddress.of(path), null);
    }

    /**
     * Connects to {@code address} (a path or an abstract name) on a worker of {@code rt} (the caller's own when
     * it runs on one, else round robin). {@code timeout} null or zero: none.
     *
     * @throws java.net.ConnectException when nothing listens there (see the class doc)
     * @throws java.net.SocketException when the address is longer than {@value UnixAddress#MAX_PATH_BYTES} bytes
     * @throws SocketTimeoutException when the timeout passed first
     * @throws UnsupportedOperationException for an abstract name on the NIO backend
     */
    public static UnixStream connect(Runtime rt, UnixAddress address, Duration timeout) throws IOException {
        return ConnectAttempt.connect(WorkerLoops.of(rt), target(NetErrors.checkUnix(address)),
                Timeouts.toNanos(timeout));
    }

    /**
     * Async connect, as {@link #connect(Runtime, UnixAddress, Duration)}: the future completes on the socket's
     * loop thread and fails with the same exceptions.
     */
    public static CompletableFuture<UnixStream> connectAsync(Runtime rt, UnixAddress address, Duration timeout) {
        long ns = Timeouts.toNanos(timeout);
        WorkerLoops loops = WorkerLoops.of(rt);
        try {
            return ConnectAttempt.connectAsync(loops, target(NetErrors.checkUnix(address)), ns);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ConnectAttempt.Target<UnixStream> target(UnixAddress address) {
        Objects.requireNonNull(address, "address");
        return new ConnectAttempt.Target<>() {
            @Override
            public int open(EventLoop loop) throws IOException {
                return DescriptorCalls.openUnixSocket(loop, address);
            }

            @Override
            public UnixStream stream(WorkerLoops loops, int worker, int fd) {
                return new UnixStream(loops, worker, fd);
            }

            @Override
            public void prep(Completion c, int fd) {
                c.prepConnectUnix(fd, address);
            }

            @Override
            public IOException failure(IOException e) {
                if (e instanceof SocketTimeoutException t) {
                    SocketTimeoutException named = new SocketTimeoutException(t.getMessage() + ": " + address);
                    named.initCause(t);
                    return named;
                }
                return NetErrors.connect(e, address);
            }
        };
    }

    /**
     * The address this socket is bound to, as the JDK's channels report it: a connecting client was never bound,
     * so its local address is the empty path.
     *
     * @throws UnsupportedOperationException when it is an abstract name ({@link #localUnixAddress()} has it)
     */
    public UnixDomainSocketAddress localAddress() throws IOException {
        return localUnixAddress().toSocketAddress();
    }

    /**
     * The peer's address: the listener's path for a client; the empty path for a stream a listener accepted
     * from an unbound client.
     *
     * @throws UnsupportedOperationException when it is an abstract name ({@link #remoteUnixAddress()} has it)
     */
    public UnixDomainSocketAddress remoteAddress() throws IOException {
        return remoteUnixAddress().toSocketAddress();
    }

    /** The address this socket is bound to, in any of its three forms (path, abstract name, unnamed). */
    public UnixAddress localUnixAddress() throws IOException {
        return DescriptorCalls.unixLocalAddress(core);
    }

    /** The peer's address, in any of its three forms (path, abstract name, unnamed). */
    public UnixAddress remoteUnixAddress() throws IOException {
        return DescriptorCalls.unixRemoteAddress(core);
    }

    @Override
    public String toString() {
        return "UnixStream[fd=" + core.fd + ", worker=" + core.worker + (isOpen() ? "" : ", closed") + "]";
    }
}
