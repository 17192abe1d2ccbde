package io.zokio.net;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.runtime.internal.WorkerLoops;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * <b>Threading:</b> as {@link TcpListener}: one accepting caller at a time; {@link #close} from any thread fails
 * a pending accept with {@link java.nio.channels.AsynchronousCloseException}. Blocking methods park a virtual
 * thread.
 *
 * <p>A listening Unix domain stream socket owned by one worker's loop, on either backend; accepted
 * {@link UnixStream}s belong to the same worker. The runtime's shutdown treats it as a {@link TcpListener}: it
 * closes it first, and closes each accepted stream whose read waits idle.
 *
 * <p><b>The socket file.</b> Binding a path creates a socket file there. The bind removes nothing: when a file
 * exists at the path (a stale socket of an earlier process included) it fails with
 * {@link java.net.BindException} "Address already in use" naming the path, as the JDK's
 * {@code ServerSocketChannel} does; remove a stale file first if that is what the application wants. Unlike the
 * JDK's channel, closing the listener (or its runtime's shutdown) removes the socket file its bind created,
 * provided the path still names that same file (device and inode). An abstract-namespace name
 * ({@link UnixAddress#ofAbstract}, Linux, io_uring backend only: see {@link UnixStream}) creates no file and
 * vanishes with the socket.
 */
public final class UnixListener implements AutoCloseable {
    private final SocketCore core;
    private final Acceptor<UnixStream> acceptor;
    private final UnixAddress address;
    private final SocketFile file;

    private UnixListener(WorkerLoops loops, int worker, int fd, UnixAddress address) {
        this.core = new SocketCore(loops, worker, fd);
        this.acceptor = new Acceptor<>(core, UnixStream::new);
        this.address = address;
        this.file = SocketFile.created(address);
    }

    /** Binds the path {@code path} on the current task's runtime. */
    public static UnixListener bind(UnixDomainSocketAddress path) throws IOException {
        return bind(WorkerLoops.currentRuntime(), UnixAddress.of(path), TcpListener.DEFAULT_BACKLOG);
    }

    /** Binds the path {@code path} on a worker of {@code rt}. */
    public static UnixListener bind(Runtime rt, UnixDomainSocketAddress path) throws IOException {
        return bind(rt, UnixAddress.of(path), TcpListener.DEFAULT_BACKLOG);
    }

    /**
     * Binds {@code address} (a path or an abstract name) on a worker of {@code rt} (the caller's own when it
     * runs on one, else round robin) and listens with an accept queue of {@code backlog}.
     *
     * @throws java.net.BindException when a file exists at the path or the abstract name is taken (EADDRINUSE),
     *         or the directory is not writable (EACCES); the message names the address
     * @throws java.net.SocketException when the address is longer than {@value UnixAddress#MAX_PATH_BYTES} bytes
     * @throws UnsupportedOperationException for an abstract name on the NIO backend
     * @throws IllegalArgumentException for the unnamed address or a backlog that is not positive
     */
    public static UnixListener bind(Runtime rt, UnixAddress address, int backlog) throws IOException {
        Objects.requireNonNull(address, "address");
        NetErrors.checkUnix(address);
        WorkerLoops loops = WorkerLoops.of(rt);
        if (loops.shutdownWatch().began()) {
            throw new RuntimeClosedException();
        }
        int w = loops.pickWorker();
        int fd;
        try {
            fd = loops.call(w, loop -> DescriptorCalls.openUnixListener(loop, address, backlog));
        } catch (IOException e) {
            throw NetErrors.bind(e, address);
        }
        UnixListener l = new UnixListener(loops, w, fd, address);
        // the runtime's shutdown closes the listener and removes its file; both now, with an exception, when the
        // shutdown began meanwhile
        l.core.closeAtShutdown(l::deleteFile);
        return l;
    }

    /** Waits for a connection. */
    public UnixStream accept() throws IOException {
        return acceptor.accept(null);
    }

    /** Waits for a connection at most {@code timeout} (null or zero: without limit). */
    public UnixStream accept(Duration timeout) throws IOException {
        return acceptor.accept(timeout);
    }

    /** Async accept; the future completes on the listener's loop thread. */
    public CompletableFuture<UnixStream> acceptAsync(Duration timeout) {
        return acceptor.acceptAsync(timeout);
    }

    /**
     * Accepts continuously with one multishot accept and hands each stream to {@code handler} on the
     * listener's loop thread; as {@link TcpListener#acceptEach}.
     */
    public CompletableFuture<Void> acceptEach(Consumer<UnixStream> handler) {
        return acceptor.acceptEach(handler);
    }

    /**
     * The bound path.
     *
     * @throws UnsupportedOperationException for an abstract name ({@link #address()} has it)
     */
    public UnixDomainSocketAddress localAddress() {
        return address.toSocketAddress();
    }

    /** The bound path or abstract name. */
    public UnixAddress address() {
        return address;
    }

    /** The worker whose loop owns this listener and the streams it accepts. */
    public int worker() {
        return core.worker;
    }

    /** False once closed: by {@link #close}, or by its runtime's close, which closes every listener first. */
    public boolean isOpen() {
        return !core.isClosed() && !core.loops.runtimeTerminated();
    }

    /**
     * Stops listening and removes the socket file the bind created (see the class doc); a pending accept fails
     * with {@link java.nio.channels.AsynchronousCloseException}.
     */
    @Override
    public void close() throws IOException {
        try {
            core.close();
        } finally {
            deleteFile();
        }
    }

    private void deleteFile() {
        if (file != null) {
            file.delete();
        }
    }

    @Override
    public String toString() {
        return "UnixListener[" + address + ", worker=" + core.worker + (isOpen() ? "" : ", closed") + "]";
    }
}
