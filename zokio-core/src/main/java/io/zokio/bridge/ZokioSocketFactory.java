package io.zokio.bridge;

import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} whose sockets are {@link ZokioSocket}s: a library configured with it (by instance, or
 * by class name through its public no-argument constructor, as the PostgreSQL JDBC driver's {@code socketFactory}
 * property does) does its network I/O on Zokio's loops.
 *
 * <p>A factory made without a runtime uses {@link DefaultRuntime#get()} at each {@code createSocket}: the calling
 * task's runtime, else the one installed with {@link DefaultRuntime#set}, else a process-wide default.
 *
 * <p><b>Threading:</b> any thread; immutable.
 */
public class ZokioSocketFactory extends SocketFactory {
    private final Runtime runtime;
    /** Where every socket connects instead of the address it is given ({@link ZokioUnixSocketFactory}); or null. */
    private final UnixDomainSocketAddress unixPath;

    /** A factory that finds its runtime at each {@code createSocket} ({@link DefaultRuntime#get()}). */
    public ZokioSocketFactory() {
        this.runtime = null;
        this.unixPath = null;
    }

    /** A factory whose sockets run on {@code runtime}. */
    public ZokioSocketFactory(Runtime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.unixPath = null;
    }

    /** {@link ZokioUnixSocketFactory}: sockets connected to {@code path}; {@code runtime} null: the default. */
    ZokioSocketFactory(Runtime runtime, UnixDomainSocketAddress path) {
        this.runtime = runtime;
        this.unixPath = Objects.requireNonNull(path, "path");
    }

    private ZokioSocket newSocket() throws IOException {
        return unixPath == null ? new ZokioSocket(runtime()) : new ZokioSocket(runtime(), unixPath);
    }

    private Runtime runtime() {
        return runtime != null ? runtime : DefaultRuntime.get();
    }

    /** An unconnected socket: {@link Socket#connect(java.net.SocketAddress, int)} it. */
    @Override
    public Socket createSocket() throws IOException {
        return newSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    /** Binding a client socket to a local address is not supported: use {@link #createSocket(String, int)}. */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException("binding a client socket to a local address is not supported");
    }

    /** Binding a client socket to a local address is not supported: use {@link #createSocket(InetAddress, int)}. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw new UnsupportedOperationException("binding a client socket to a local address is not supported");
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        ZokioSocket s = newSocket();
        try {
            s.connect(address);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }
}
