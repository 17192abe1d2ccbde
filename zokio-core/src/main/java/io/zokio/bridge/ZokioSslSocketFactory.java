package io.zokio.bridge;

import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} whose sockets are the JDK's TLS ({@link SSLSocket}, from an {@link SSLContext}'s
 * own factory) layered over a {@link ZokioSocket}: the TLS engine is the JDK's, the network I/O runs on Zokio's
 * loops, and a virtual thread blocked in a read parks. Configure it by instance, or by class name through the
 * public no-argument constructor (the default {@code SSLContext}, the default runtime).
 *
 * <p><b>Hostname verification applies:</b> every socket this factory returns has the endpoint identification
 * algorithm {@code HTTPS} (the server's certificate must name the host given to {@code createSocket}, RFC 2818),
 * unless the factory was made with {@code verifyHostname} false or the caller sets other
 * {@link SSLParameters} before the handshake. The JDK's own factory sets none, which leaves the check to the
 * caller; a library that does its own check (the PostgreSQL driver's {@code sslmode=verify-full}) works either
 * way.
 *
 * <p>{@link #createSocket(Socket, String, int, boolean)} layers TLS over any connected socket (a
 * {@link ZokioSocket} from {@link ZokioSocketFactory} or {@link ZokioUnixSocketFactory} included), as libraries
 * do that upgrade a plain connection ({@code STARTTLS}, PostgreSQL's {@code SSLRequest}). The host and port
 * variants connect a {@link ZokioSocket} first. Not supported, as in the JDK's default {@code SocketFactory}:
 * {@link #createSocket()} (an unconnected socket; {@link java.net.SocketException}), and binding a chosen local
 * address ({@link UnsupportedOperationException}). The handshake starts with the first read or write, or with
 * {@link SSLSocket#startHandshake()}.
 *
 * <p><b>Threading:</b> any thread; immutable.
 */
public class ZokioSslSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final ZokioSocketFactory plain;
    private final boolean verifyHostname;

    /**
     * TLS from {@link SSLContext#getDefault()}, sockets on {@link DefaultRuntime#get()}, hostnames verified.
     *
     * @throws IllegalStateException when the JDK has no default {@code SSLContext}
     */
    public ZokioSslSocketFactory() {
        this(defaultContext(), new ZokioSocketFactory(), true);
    }

    /** TLS from {@code context}, sockets on {@link DefaultRuntime#get()}, hostnames verified. */
    public ZokioSslSocketFactory(SSLContext context) {
        this(context, new ZokioSocketFactory(), true);
    }

    /** TLS from {@code context}, sockets on {@code runtime}; {@code verifyHostname}: see the class doc. */
    public ZokioSslSocketFactory(Runtime runtime, SSLContext context, boolean verifyHostname) {
        this(context, new ZokioSocketFactory(runtime), verifyHostname);
    }

    private ZokioSslSocketFactory(SSLContext context, ZokioSocketFactory plain, boolean verifyHostname) {
        this.tls = Objects.requireNonNull(context, "context").getSocketFactory();
        this.plain = plain;
        this.verifyHostname = verifyHostname;
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default SSLContext: " + e.getMessage(), e);
        }
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    /**
     * TLS over the connected socket {@code s}, for the server {@code host} (the name its certificate must carry
     * when hostnames are verified); {@code autoClose}: closing the TLS socket closes {@code s}.
     */
    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(s, host, port, autoClose);
        if (verifyHostname) {
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(p);
        }
        return ssl;
    }

    /** Connects a {@link ZokioSocket} to {@code host} and layers TLS over it. */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return layered(plain.createSocket(host, port), host, port);
    }

    /** Connects a {@link ZokioSocket} to {@code host} and layers TLS over it, for the server named by its address. */
    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return layered(plain.createSocket(host, port), host.getHostName(), port);
    }

    /** Binding a client socket to a local address is not supported: use {@link #createSocket(String, int)}. */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return plain.createSocket(host, port, localHost, localPort);
    }

    /** Binding a client socket to a local address is not supported: use {@link #createSocket(InetAddress, int)}. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return plain.createSocket(address, port, localAddress, localPort);
    }

    private Socket layered(Socket connected, String host, int port) throws IOException {
        try {
            return createSocket(connected, host, port, true);
        } catch (IOException | RuntimeException e) {
            connected.close();
            throw e;
        }
    }
}
