package io.zokio.bridge;

import io.zokio.net.SocketStream;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link Socket} whose connection is a Zokio {@link TcpStream} or {@link io.zokio.net.UnixStream}: libraries
 * written against {@code java.net.Socket} (JDBC drivers, Redis clients) do their I/O on Zokio's loops, and a
 * virtual thread blocked in a read parks instead of holding a carrier in a system call.
 *
 * <p><b>Unix domain sockets.</b> {@link #connect(SocketAddress, int)} takes a {@link UnixDomainSocketAddress} as
 * well, and a socket made with {@link #ZokioSocket(Runtime, UnixDomainSocketAddress)} connects to its path
 * whatever address it is then given (a driver passes the host and port of its URL; see
 * {@link ZokioUnixSocketFactory}). Connected to a Unix domain socket, {@link #getRemoteSocketAddress()} and
 * {@link #getLocalSocketAddress()} are {@link UnixDomainSocketAddress}es (the local one the empty path: a client
 * is not bound), {@link #getInetAddress()} is null, {@link #getPort()} 0 and {@link #getLocalPort()} -1;
 * {@code TCP_NODELAY}, {@code SO_KEEPALIVE} and {@code SO_LINGER} are recorded, not applied (they mean nothing
 * there), the buffer sizes are applied. Failures are as {@link io.zokio.net.UnixStream#connect} states: a
 * missing socket file or no listener is a {@link java.net.ConnectException} naming the path.
 *
 * <p><b>Behaviour a library relies on</b>, as the JDK's {@code Socket}:
 * <ul>
 *   <li>{@link #connect(SocketAddress, int)} resolves an unresolved address through the JDK's resolver (so
 *       {@code /etc/hosts} and an installed {@code InetAddressResolverProvider} apply) and tries each address;
 *       refusal is a {@link java.net.ConnectException}, the timeout a {@link java.net.SocketTimeoutException},
 *       an unknown host a {@link java.net.UnknownHostException}.</li>
 *   <li>A read that exceeds {@link #setSoTimeout} throws {@link java.net.SocketTimeoutException} and leaves the
 *       socket usable: no byte is lost, the next read continues the stream.</li>
 *   <li>{@link #close()} from another thread unblocks a blocked read or write with a {@link SocketException};
 *       closing either stream closes the socket.</li>
 *   <li>After {@link #shutdownInput()} reads return -1; after {@link #shutdownOutput()} writes throw.</li>
 * </ul>
 * Not supported: binding a client socket to a chosen local address (an ephemeral one is bound at connect),
 * urgent data and out-of-band inline data; {@link #getChannel()} is null. Options set before {@code connect}
 * are applied when it connects; {@code SO_REUSEADDR} and the traffic class are recorded, not applied.
 *
 * <p><b>Threading:</b> as the JDK's socket: one thread may read while another writes, and any thread may close.
 * Each stream is for one thread at a time.
 */
public class ZokioSocket extends Socket {
    private final Runtime runtime;
    private final Object stateLock = new Object();
    /** Where every connect goes instead of the address it is given; null: to that address. */
    private final UnixDomainSocketAddress unixPath;
    private volatile SocketStream stream;
    /** The connection's addresses, kept after close as the JDK's socket keeps them. */
    private volatile SocketAddress remoteAddress;
    private volatile SocketAddress localAddress;
    private volatile boolean closed;
    private volatile boolean inputShut;
    private volatile boolean outputShut;
    /** {@code SO_TIMEOUT} in ms (0: none) and the same as a Duration (null: none), read by every read. */
    private volatile int soTimeoutMs;
    private volatile Duration soTimeout;
    /** Options set before connect, applied by it. */
    private final PendingOptions pending = new PendingOptions();
    private SocketStreams.Input input;
    private SocketStreams.Output output;

    /**
     * An unconnected socket on {@code runtime}.
     *
     * @throws SocketException never in practice (declared by {@code Socket}'s constructor)
     */
    public ZokioSocket(Runtime runtime) throws SocketException {
        super(noImpl());
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.unixPath = null;
    }

    /**
     * An unconnected socket on {@code runtime} that connects to the Unix domain socket at {@code path}, whatever
     * address {@link #connect(SocketAddress, int)} is given: for libraries that connect by host and port through
     * a {@link javax.net.SocketFactory}.
     *
     * @throws SocketException never in practice (declared by {@code Socket}'s constructor)
     */
    public ZokioSocket(Runtime runtime, UnixDomainSocketAddress path) throws SocketException {
        super(noImpl());
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.unixPath = Objects.requireNonNull(path, "path");
    }

    /**
     * An unconnected socket on {@link DefaultRuntime#get()}.
     *
     * @throws SocketException never in practice (declared by {@code Socket}'s constructor)
     */
    public ZokioSocket() throws SocketException {
        this(DefaultRuntime.get());
    }

    private static SocketImpl noImpl() {
        return null; // every public method is overridden: the JDK's implementation is never used
    }

    // ------------------------------------------------------------------ connect and bind

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    /**
     * Connects to {@code endpoint}: an {@link InetSocketAddress} (resolved first when unresolved) or a
     * {@link UnixDomainSocketAddress}; a socket made for a Unix domain path connects there instead.
     */
    @Override
    public void connect(SocketAddress endpoint, int timeoutMs) throws IOException {
        Objects.requireNonNull(endpoint, "endpoint");
        SocketAddress target = unixPath != null ? unixPath : endpoint;
        if (!(target instanceof InetSocketAddress) && !(target instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("unsupported address type: " + endpoint.getClass().getName());
        }
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("connect timeout must not be negative: " + timeoutMs);
        }
        synchronized (stateLock) {
            checkOpen();
            if (stream != null) {
                throw new SocketException("already connected");
            }
        }
        Duration timeout = timeoutMs == 0 ? null : Duration.ofMillis(timeoutMs);
        SocketStream s = target instanceof UnixDomainSocketAddress path ? Connects.connect(runtime, path, timeout)
                : Connects.connect(runtime, (InetSocketAddress) target, timeout);
        synchronized (stateLock) {
            if (closed) {
                s.close();
                throw new SocketException("Socket closed");
            }
            try {
                pending.applyTo(s);
                remoteAddress = Connects.remoteAddress(s);
                localAddress = Connects.localAddress(s);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            stream = s;
        }
    }

    /**
     * Only an ephemeral bind ({@code null}, or a wildcard address with port 0) is accepted, and it happens at
     * connect; a chosen local address or port throws {@link SocketException}.
     */
    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        checkOpen();
        if (bindpoint == null) {
            return;
        }
        if (bindpoint instanceof InetSocketAddress a && a.isUnresolved()) {
            throw new SocketException("Unresolved address: " + a); // as the JDK's Socket.bind
        }
        if (bindpoint instanceof InetSocketAddress a && a.getPort() == 0 && a.getAddress().isAnyLocalAddress()) {
            return;
        }
        throw new SocketException("binding a client socket to a chosen local address is not supported: "
                + bindpoint);
    }

    // ------------------------------------------------------------------ streams

    @Override
    public InputStream getInputStream() throws IOException {
        synchronized (stateLock) {
            SocketStream s = connectedStream();
            if (inputShut) {
                throw new SocketException("Socket input is shutdown");
            }
            if (input == null) {
                input = new SocketStreams.Input(this, s);
            }
            return input;
        }
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        synchronized (stateLock) {
            SocketStream s = connectedStream();
            if (outputShut) {
                throw new SocketException("Socket output is shutdown");
            }
            if (output == null) {
                output = new SocketStreams.Output(this, s);
            }
            return output;
        }
    }

    /** Null: the connection is not a {@link SocketChannel}. */
    @Override
    public SocketChannel getChannel() {
        return null;
    }

    // ------------------------------------------------------------------ close and half-close

    /** Closes the connection; a read or write blocked in another thread fails with {@link SocketException}. */
    @Override
    public void close() throws IOException {
        SocketStream s;
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            s = stream;
        }
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        SocketStream s;
        synchronized (stateLock) {
            s = connectedStream();
            if (inputShut) {
                throw new SocketException("Socket input is already shutdown");
            }
            inputShut = true;
        }
        s.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        SocketStream s;
        synchronized (stateLock) {
            s = connectedStream();
            if (outputShut) {
                throw new SocketException("Socket output is already shutdown");
            }
            outputShut = true;
        }
        s.shutdownOutput();
    }

    // ------------------------------------------------------------------ state

    @Override
    public boolean isConnected() {
        return stream != null;
    }

    @Override
    public boolean isBound() {
        return stream != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShut;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShut;
    }

    /** The peer's internet address; null before connect and for a Unix domain socket. */
    @Override
    public InetAddress getInetAddress() {
        return remote() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    /** The peer's port; 0 before connect and for a Unix domain socket. */
    @Override
    public int getPort() {
        return remote() instanceof InetSocketAddress a ? a.getPort() : 0;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote();
    }

    /** The local internet address; the wildcard address when unbound, closed, or a Unix domain socket. */
    @Override
    public InetAddress getLocalAddress() {
        return local() instanceof InetSocketAddress a ? a.getAddress() : anyLocal();
    }

    /** The local port; -1 when unbound, closed, or a Unix domain socket. */
    @Override
    public int getLocalPort() {
        return local() instanceof InetSocketAddress a ? a.getPort() : -1;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local();
    }

    /** The stream under this socket ({@link TcpStream} or {@link io.zokio.net.UnixStream}), or null before connect. */
    public SocketStream stream() {
        return stream;
    }

    // ------------------------------------------------------------------ options

    @Override
    public void setSoTimeout(int timeoutMs) throws SocketException {
        checkOpen();
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutMs);
        }
        soTimeout = timeoutMs == 0 ? null : Duration.ofMillis(timeoutMs);
        soTimeoutMs = timeoutMs;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        checkOpen();
        return soTimeoutMs;
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        setOption(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return getOption(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        setOption(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return getOption(StandardSocketOptions.SO_KEEPALIVE);
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        setOption(StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return getOption(StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        setOption(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setSoLinger(boolean on, int lingerSeconds) throws SocketException {
        if (on && lingerSeconds < 0) {
            throw new IllegalArgumentException("invalid value for SO_LINGER: " + lingerSeconds);
        }
        setOption(StandardSocketOptions.SO_LINGER, on ? lingerSeconds : -1);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return getOption(StandardSocketOptions.SO_LINGER);
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        setOption(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return getOption(StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        if (tc < 0 || tc > 255) {
            throw new IllegalArgumentException("tc is not in range 0 -- 255");
        }
        checkOpen();
        pending.trafficClass = tc;
    }

    @Override
    public int getTrafficClass() throws SocketException {
        checkOpen();
        return pending.trafficClass;
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        checkOpen();
        if (on) {
            throw new SocketException("out-of-band data inline is not supported");
        }
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        checkOpen();
        return false;
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is not supported");
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        // a hint the JDK's own sockets ignore too
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws SocketException {
        synchronized (stateLock) {
            checkOpen();
            pending.set(name, value);
            SocketStream s = stream;
            if (s != null) {
                Connects.apply(s, name, value);
            }
        }
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws SocketException {
        synchronized (stateLock) {
            checkOpen();
            SocketStream s = stream;
            return s != null && PendingOptions.appliesTo(s, name) ? Connects.read(s, name) : pending.get(name);
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return PendingOptions.SUPPORTED;
    }

    @Override
    public String toString() {
        SocketAddress r = remote();
        return "ZokioSocket[" + (r == null ? "unconnected" : "addr=" + r + ",localport=" + getLocalPort())
                + (closed ? ",closed" : "") + "]";
    }

    // ------------------------------------------------------------------ for the streams

    Duration readTimeout() {
        return soTimeout;
    }

    boolean inputShut() {
        return inputShut;
    }

    boolean outputShut() {
        return outputShut;
    }

    // ------------------------------------------------------------------ private

    private SocketStream connectedStream() throws SocketException {
        checkOpen();
        SocketStream s = stream;
        if (s == null) {
            throw new SocketException("Socket is not connected");
        }
        return s;
    }

    private void checkOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
    }

    private SocketAddress remote() {
        return remoteAddress;
    }

    private SocketAddress local() {
        return closed ? null : localAddress;
    }

    private static InetAddress anyLocal() {
        return new InetSocketAddress(0).getAddress();
    }
}
