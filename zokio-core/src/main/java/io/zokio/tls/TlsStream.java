package io.zokio.tls;

import static io.zokio.tls.ApiChecks.async;
import static io.zokio.tls.ApiChecks.checkNotOnLoop;
import static io.zokio.tls.ApiChecks.checkReadable;
import static io.zokio.tls.ApiChecks.checkTimeout;

import io.zokio.net.ChannelStreams;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * <b>Threading:</b> as {@link TcpStream}: one reader and one writer may use a stream at the same time (from any
 * threads); a second concurrent read (or write) gets {@link IllegalStateException}. The blocking methods park a
 * virtual thread and must not be called on an event-loop thread ({@link IllegalStateException}). The
 * {@code *Async} methods may be called anywhere: each runs the blocking operation as a task of the runtime (a
 * virtual thread) and its future completes there, not on a loop thread. {@link #close} may be called from any
 * thread. Handshake tasks of the engine ({@code getDelegatedTask}) run on the calling virtual thread, or on the
 * runtime's blocking pool when that thread is carried by a worker (AFFINE) and the config says
 * {@link TlsConfig.HandshakeTasks#OFF_LOOP} (the default), never on a loop thread.
 *
 * <p>TLS (1.3 and 1.2, through the JDK's {@link SSLEngine}) over a connected {@link TcpStream}, with the
 * stream's reading and writing surface. The handshake runs on the first read or write, or explicitly with
 * {@link #handshake}. Records pass through three buffers per stream (on the heap unless
 * {@code -Dzokio.tls.directBuffers=true}: see the package documentation), released once when the stream is
 * closed and no operation uses them any more.
 *
 * <p>Timeouts: each operation takes one (else the stream's default read or write timeout; null or zero: none).
 * It bounds every wait for the peer within the operation (a read that needs two TCP reads to complete a
 * record may take up to twice as long); a timed-out operation fails with {@link java.net.SocketTimeoutException}.
 * After a timed-out read the stream stays usable; after a timed-out write, the records the engine made from
 * {@code src} (whose position says how much was taken) are sent first by the next write.
 *
 * <p>Close and half-close: {@link #close} sends {@code close_notify} (waiting at most the write timeout, or
 * {@value #CLOSE_NOTIFY_SECONDS} seconds when none is set; skipped when a write is in progress, before the
 * handshake finished, after a failure, or on an event-loop thread) and closes the TCP connection without
 * waiting for the peer's answer. {@link #shutdownOutput} sends {@code close_notify} and shuts the TCP sending
 * side; with TLS 1.3 reading continues until the peer's {@code close_notify} (reads then return -1). With TLS
 * 1.2 the JDK engine treats {@code close_notify} as closing both directions: after {@code shutdownOutput}, data
 * the peer sends may be refused. A read that finds the TCP connection closed without the peer's
 * {@code close_notify} throws {@link TlsTruncationException}, never -1. Failures of the engine are
 * {@link javax.net.ssl.SSLException}s ({@link javax.net.ssl.SSLHandshakeException} during the handshake); after
 * one, every operation fails; close the stream.
 */
public final class TlsStream implements ByteChannel, ScatteringByteChannel, GatheringByteChannel {
    /** Longest wait for close_notify to leave when no write timeout is set. */
    public static final int CLOSE_NOTIFY_SECONDS = 10;

    private final Runtime rt;
    private final TcpStream tcp;
    private final RecordLayer layer;
    private final boolean client;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final UseCount uses;
    private final ByteBuffer[] readOne = new ByteBuffer[1];
    private final ByteBuffer[] writeOne = new ByteBuffer[1];
    private volatile Duration readTimeout;
    private volatile Duration writeTimeout;

    TlsStream(Runtime rt, TcpStream tcp, SSLEngine engine, boolean client, TlsConfig.HandshakeTasks tasks) {
        this.rt = rt;
        this.tcp = tcp;
        this.client = client;
        this.layer = new RecordLayer(rt, tcp, engine, tasks);
        this.uses = new UseCount(layer.bufs::release);
    }

    // ------------------------------------------------------------------ opening

    /**
     * Connects to {@code address} on {@code rt} and completes the handshake, verifying the server against
     * {@code address.getHostString()} (or the config's server name). {@code timeout} bounds the connect and
     * each wait of the handshake. On failure the connection is closed.
     */
    public static TlsStream connect(Runtime rt, InetSocketAddress address, TlsConfig config, Duration timeout)
            throws IOException {
        return TlsConnector.connect(rt, address, config, timeout);
    }

    /** {@link #connect} as a runtime task; the future completes on a virtual thread. */
    public static CompletableFuture<TlsStream> connectAsync(Runtime rt, InetSocketAddress address, TlsConfig config,
                                                            Duration timeout) {
        return async(rt, () -> connect(rt, address, config, timeout));
    }

    /**
     * The client side of TLS over {@code tcp} (which the stream now owns), for server {@code host} (SNI, hostname
     * verification) at {@code port} (with {@code host}, the session cache's key). No I/O yet.
     */
    public static TlsStream client(Runtime rt, TcpStream tcp, TlsConfig config, String host, int port) {
        Objects.requireNonNull(host, "host");
        return TlsConnector.open(rt, tcp, config.newEngine(true, host, port), true, config.handshakeTasks());
    }

    /** The server side of TLS over an accepted {@code tcp} (which the stream now owns). No I/O yet. */
    public static TlsStream server(Runtime rt, TcpStream tcp, TlsConfig config) {
        return TlsConnector.open(rt, tcp, config.newEngine(false, null, -1), false, config.handshakeTasks());
    }

    /** Completes the handshake now (reads and writes would do it first otherwise); default read timeout. */
    public void handshake() throws IOException {
        handshake(readTimeout);
    }

    public void handshake(Duration timeout) throws IOException {
        checkTimeout(timeout);
        checkNotOnLoop();
        uses.enter();
        try {
            layer.handshake(timeout);
        } finally {
            uses.exit();
        }
    }

    public CompletableFuture<Void> handshakeAsync(Duration timeout) {
        return async(rt, () -> {
            handshake(timeout);
            return null;
        });
    }

    // ------------------------------------------------------------------ read

    /** Reads plaintext into {@code dst}: the bytes read, or -1 after the peer's close_notify. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, readTimeout);
    }

    public int read(ByteBuffer dst, Duration timeout) throws IOException {
        checkReadable(dst);
        return (int) read(dst, null, 0, 1, timeout);
    }

    /** Reads into a native segment (a ByteBuffer view of it); at most 2 GiB. */
    public int read(MemorySegment dst, Duration timeout) throws IOException {
        return read(Objects.requireNonNull(dst, "dst").asByteBuffer(), timeout);
    }

    /** Reads until {@code dst} is full. @throws EOFException when the peer's close_notify comes first */
    public void readFully(ByteBuffer dst) throws IOException {
        checkReadable(dst);
        while (dst.hasRemaining()) {
            if (read(dst) < 0) {
                throw new EOFException("TLS stream ended (close_notify) with " + dst.remaining()
                        + " bytes still expected");
            }
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(dsts, "dsts").length);
        for (int i = offset; i < offset + length; i++) {
            checkReadable(dsts[i]);
        }
        return read(null, dsts, offset, length, readTimeout);
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /** Reads into {@code single} (through the reader's own one-element array, once claimed) or {@code dsts}. */
    private long read(ByteBuffer single, ByteBuffer[] dsts, int offset, int length, Duration timeout)
            throws IOException {
        checkTimeout(timeout);
        checkNotOnLoop();
        if (!reading.compareAndSet(false, true)) {
            throw new IllegalStateException("another read is in progress on this TLS stream");
        }
        try {
            uses.enter();
            try {
                if (single != null) {
                    readOne[0] = single;
                    dsts = readOne;
                }
                return layer.read(dsts, offset, length, timeout);
            } finally {
                readOne[0] = null;
                uses.exit();
            }
        } finally {
            reading.set(false);
        }
    }

    /** Async read: the bytes read or -1; runs as a task of the runtime. */
    public CompletableFuture<Integer> readAsync(ByteBuffer dst, Duration timeout) {
        checkReadable(dst);
        return async(rt, () -> read(dst, timeout));
    }

    // ------------------------------------------------------------------ write

    /** Encrypts and sends some of {@code src} (at least one byte unless empty); returns the bytes taken. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return write(src, writeTimeout);
    }

    public int write(ByteBuffer src, Duration timeout) throws IOException {
        return (int) write(Objects.requireNonNull(src, "src"), null, 0, 1, timeout);
    }

    /** Writes some of a native segment (a ByteBuffer view of it); at most 2 GiB. */
    public int write(MemorySegment src, Duration timeout) throws IOException {
        return write(Objects.requireNonNull(src, "src").asByteBuffer(), timeout);
    }

    public void writeAll(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        while (src.hasRemaining()) {
            write(src);
        }
    }

    public void writeAll(MemorySegment src) throws IOException {
        writeAll(Objects.requireNonNull(src, "src").asByteBuffer());
    }

    /** Gathering write: one wrap takes from several buffers, so small pieces share records. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(srcs, "srcs").length);
        return write(null, srcs, offset, length, writeTimeout);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Writes {@code single} (through the writer's own one-element array, once claimed) or {@code srcs}. */
    private long write(ByteBuffer single, ByteBuffer[] srcs, int offset, int length, Duration timeout)
            throws IOException {
        checkTimeout(timeout);
        checkNotOnLoop();
        if (!writing.compareAndSet(false, true)) {
            throw new IllegalStateException("another write is in progress on this TLS stream");
        }
        try {
            uses.enter();
            try {
                if (single != null) {
                    writeOne[0] = single;
                    srcs = writeOne;
                }
                return layer.write(srcs, offset, length, timeout);
            } finally {
                writeOne[0] = null;
                uses.exit();
            }
        } finally {
            writing.set(false);
        }
    }

    public CompletableFuture<Integer> writeAsync(ByteBuffer src, Duration timeout) {
        Objects.requireNonNull(src, "src");
        return async(rt, () -> write(src, timeout));
    }

    public CompletableFuture<Void> writeAllAsync(ByteBuffer src, Duration timeout) {
        Objects.requireNonNull(src, "src");
        return async(rt, () -> {
            while (src.hasRemaining()) {
                write(src, timeout);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ close

    /**
     * Sends close_notify (after a write in progress) and shuts the TCP sending side; see the class comment for
     * what reading does afterwards. Writes then fail.
     */
    public void shutdownOutput() throws IOException {
        checkNotOnLoop();
        uses.enter();
        try {
            layer.handshake(writeTimeout);
            layer.sendCloseNotify(writeTimeout, true);
            tcp.shutdownOutput();
        } finally {
            uses.exit();
        }
    }

    @Override
    public boolean isOpen() {
        return !uses.isClosed();
    }

    /** Sends close_notify when it can (see the class comment), closes the TCP stream; idempotent, any thread. */
    @Override
    public void close() throws IOException {
        if (!uses.closeAndEnter()) {
            return;
        }
        try {
            if (!Runtime.isWorkerThread()) {
                Duration w = writeTimeout;
                layer.sendCloseNotify(w != null && !w.isZero() ? w : Duration.ofSeconds(CLOSE_NOTIFY_SECONDS), false);
            }
        } catch (IOException | RuntimeException e) {
            // the peer may be gone or not reading; closing the TCP stream is what matters now
        } finally {
            try {
                tcp.close();
            } finally {
                uses.exit();
            }
        }
    }

    /** Whether the buffers went back to the pool (closed and no operation inside). */
    boolean buffersReleased() {
        return layer.bufs.isReleased();
    }

    // ------------------------------------------------------------------ session facts

    /** The TLS session: after the handshake, the negotiated one (protocol, suite, peer certificates, id). */
    public SSLSession session() {
        return layer.engine.getSession();
    }

    /** The negotiated ALPN protocol: null before the handshake, "" when none was agreed. */
    public String applicationProtocol() {
        return layer.engine.getApplicationProtocol();
    }

    /** The negotiated protocol, e.g. {@code "TLSv1.3"}. */
    public String protocol() {
        return session().getProtocol();
    }

    /** The peer's certificate chain. @throws SSLPeerUnverifiedException when the peer sent none */
    public Certificate[] peerCertificates() throws SSLPeerUnverifiedException {
        return session().getPeerCertificates();
    }

    /** Servers: the SNI host name the client asked for, or null. */
    public String requestedServerName() {
        if (session() instanceof ExtendedSSLSession es) {
            for (SNIServerName n : es.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return h.getAsciiName();
                }
            }
        }
        return null;
    }

    public boolean isClient() {
        return client;
    }

    /** The TCP stream underneath, for socket options and addresses; reading or writing it breaks the TLS stream. */
    public TcpStream tcp() {
        return tcp;
    }

    // ------------------------------------------------------------------ options and adapters

    /** Default timeout of reads (and of the handshake) without their own (null or zero: none). */
    public void setReadTimeout(Duration timeout) {
        checkTimeout(timeout);
        readTimeout = timeout;
    }

    /** Default timeout of writes without their own (null or zero: none); also bounds close_notify on close. */
    public void setWriteTimeout(Duration timeout) {
        checkTimeout(timeout);
        writeTimeout = timeout;
    }

    /** A blocking {@link InputStream} over this stream (closing it closes the stream). */
    public InputStream inputStream() {
        return ChannelStreams.input(this);
    }

    /** A blocking {@link OutputStream} over this stream, unbuffered (closing it closes the stream). */
    public OutputStream outputStream() {
        return ChannelStreams.output(this);
    }

    @Override
    public String toString() {
        return "TlsStream[" + (client ? "client" : "server") + ", " + tcp
                + (layer.handshakeDone() ? ", " + protocol() : ", handshaking") + (isOpen() ? "" : ", closed") + "]";
    }
}
