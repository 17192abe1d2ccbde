package io.zokio.net;

import io.zokio.loop.BufferGroup;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.internal.WorkerLoops;
import io.zokio.sys.SockOpt;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A connected TCP socket owned by one worker's event loop. Reading, writing, timeouts, half-close, the
 * {@code java.io} views and closing are those of every {@link SocketStream} (its class doc states the
 * threading, timeout, exception and buffer rules); this class adds connecting by host and port, TCP options,
 * internet addresses, zero-copy file sends and multishot receives.
 */
public final class TcpStream extends SocketStream {
    TcpStream(WorkerLoops loops, int worker, int fd) {
        super(loops, worker, fd);
    }

    // ------------------------------------------------------------------ connect

    /** Connects on the current task's runtime, without a timeout. */
    public static TcpStream connect(InetSocketAddress address) throws IOException {
        return connect(WorkerLoops.currentRuntime(), address, null);
    }

    /** Connects to {@code host} (a name or an address literal) and {@code port}, without a timeout. */
    public static TcpStream connect(Runtime rt, String host, int port) throws IOException {
        return connect(rt, InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "host"), port), null);
    }

    /**
     * Connects to {@code address} on a worker of {@code rt} (the caller's own when it runs on one, else round
     * robin). {@code timeout} null or zero: none; it bounds the whole connect (every address tried).
     *
     * <p>An unresolved address is resolved first with the JDK's resolver ({@link java.net.InetAddress#getAllByName},
     * so {@code /etc/hosts} and an installed {@code InetAddressResolverProvider} apply), on the runtime's
     * blocking pool so that no loop or carrier waits for DNS; its addresses are then tried in order until one
     * connects. When all fail, the first refusal is thrown (else the first failure), the other failures
     * suppressed in it.
     *
     * @throws java.net.UnknownHostException when the name does not resolve
     * @throws java.net.ConnectException when the peer refused (ECONNREFUSED) or the connect failed in the
     *         network (ETIMEDOUT, ENETUNREACH); the message names the address, the cause is the
     *         {@link io.zokio.sys.ErrnoException}
     * @throws java.net.NoRouteToHostException when the host is unreachable (EHOSTUNREACH)
     * @throws java.net.SocketTimeoutException when the timeout passed first
     */
    public static TcpStream connect(Runtime rt, InetSocketAddress address, Duration timeout) throws IOException {
        return TcpConnector.connect(rt, address, timeout);
    }

    /**
     * Async connect, as {@link #connect(Runtime, InetSocketAddress, Duration)}: the future completes on the
     * socket's loop thread (after a name lookup on a blocking-pool thread) and fails with the same exceptions.
     */
    public static CompletableFuture<TcpStream> connectAsync(Runtime rt, InetSocketAddress address, Duration timeout) {
        return TcpConnector.connectAsync(rt, address, timeout);
    }


    // ------------------------------------------------------------------ zero-copy, multishot

    /**
     * Sends bytes {@code [offset, offset + length)} of the file {@code fileFd} without copying them through
     * user memory (io_uring: splice through a pipe; NIO: {@code FileChannel.transferTo}, i.e. sendfile).
     * {@code fileFd} is a loop descriptor opened on this stream's {@link #worker()} (e.g. an OPENAT through
     * {@code Runtime.submitAndAwait(stream.worker(), ...)}). Returns when all of it has been sent.
     *
     * @throws EOFException when the file ends before {@code offset + length}
     */
    public void sendFile(int fileFd, long offset, long length, Duration timeout) throws IOException {
        writes.sendFile(fileFd, offset, length, timeout);
    }

    /**
     * Zero-copy send of a native segment (io_uring {@code SEND_ZC}; a plain send on NIO): returns once the kernel
     * has finished reading {@code src}. Worth it for large buffers only (tens of KiB and up). Returns bytes sent.
     */
    public int sendZeroCopy(MemorySegment src, Duration timeout) throws IOException {
        return writes.sendZeroCopy(src, timeout);
    }

    /** Receives data chunks of {@link #readEach}, on the stream's loop thread. */
    @FunctionalInterface
    public interface DataHandler {
        /**
         * One received chunk: {@code data} lies in buffer {@code bufferId} of the group, which the handler
         * holds from this call on and must give back with {@code group.release(bufferId)} (on the loop thread,
         * during the call or later; while it holds every buffer, receiving pauses). Must not block.
         *
         * @return true to keep receiving, false to stop
         */
        boolean onData(MemorySegment data, int bufferId);
    }

    /**
     * Receives continuously with one multishot receive into {@code group}'s buffers (io_uring: a provided buffer
     * ring; emulated on NIO), calling {@code handler} on the loop thread for each chunk: no submission per read,
     * bounded memory, back-pressure when the handler holds every buffer. The read side stays claimed until the
     * returned future completes: normally at end of stream or when the handler returns false, with
     * {@link java.nio.channels.AsynchronousCloseException} when the stream closes, else with the error.
     * {@code group} must belong to this stream's worker ({@link #openBufferGroup}).
     *
     * @throws IllegalArgumentException if {@code group} belongs to another worker's loop
     */
    public CompletableFuture<Void> readEach(BufferGroup group, DataHandler handler) {
        return reads.readEach(group, handler);
    }

    /**
     * Opens a {@link BufferGroup} of {@code count} (a power of two) buffers of {@code bufferBytes} on this
     * stream's worker, for {@link #readEach}; several streams of the worker may share it. Close it with
     * {@link #closeBufferGroup} once no receive uses it.
     */
    public BufferGroup openBufferGroup(int count, int bufferBytes) throws IOException {
        return core.loops.call(core.worker, loop -> BufferGroup.open(loop, count, bufferBytes));
    }

    /** Closes a group opened with {@link #openBufferGroup} (on its loop). */
    public void closeBufferGroup(BufferGroup group) throws IOException {
        Objects.requireNonNull(group, "group");
        core.loops.call(core.worker, loop -> {
            group.close();
            return null;
        });
    }


    // ------------------------------------------------------------------ options, addresses, timeouts

    public void setNoDelay(boolean on) throws IOException {
        DescriptorCalls.setOption(core, SockOpt.TCP_NODELAY, on ? 1 : 0);
    }

    public boolean noDelay() throws IOException {
        return DescriptorCalls.option(core, SockOpt.TCP_NODELAY) != 0;
    }

    public void setKeepAlive(boolean on) throws IOException {
        DescriptorCalls.setOption(core, SockOpt.SO_KEEPALIVE, on ? 1 : 0);
    }

    public boolean keepAlive() throws IOException {
        return DescriptorCalls.option(core, SockOpt.SO_KEEPALIVE) != 0;
    }


    /** SO_LINGER: null turns lingering off; zero makes close reset the connection (RST). */
    public void setLinger(Duration linger) throws IOException {
        if (linger != null && linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative: " + linger);
        }
        DescriptorCalls.setOption(core, SockOpt.SO_LINGER,
                linger == null ? -1 : (int) Math.min(Integer.MAX_VALUE, linger.toSeconds()));
    }

    /** Linger seconds, or -1 when off. */
    public int linger() throws IOException {
        return DescriptorCalls.option(core, SockOpt.SO_LINGER);
    }


    public InetSocketAddress localAddress() throws IOException {
        return DescriptorCalls.localAddress(core);
    }

    public InetSocketAddress remoteAddress() throws IOException {
        return DescriptorCalls.remoteAddress(core);
    }

    @Override
    public String toString() {
        return "TcpStream[fd=" + core.fd + ", worker=" + core.worker + (isOpen() ? "" : ", closed") + "]";
    }
}
