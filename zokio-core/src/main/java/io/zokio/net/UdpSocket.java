package io.zokio.net;

import io.zokio.loop.Completion;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.internal.WorkerLoops;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.PeerAddress;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * <b>Threading:</b> one receiver and one sender at a time (a second concurrent receive or send gets
 * {@link IllegalStateException}); {@link #close} from any thread fails pending operations with
 * {@link java.nio.channels.AsynchronousCloseException}; {@link #connect}/{@link #disconnect} from any thread
 * (volatile). Blocking methods park a virtual thread; async futures complete on the socket's loop thread.
 *
 * <p>A UDP socket owned by one worker's loop (SENDMSG/RECVMSG on both backends). {@link #connect} fixes the
 * default destination and makes receives drop datagrams from any other sender (a filter here, not
 * {@code connect(2)}). {@link #receiveBatch} takes every datagram already queued (up to the array's length)
 * after waiting for the first, so a burst costs one park. A datagram longer than the buffer is truncated.
 * A receive into a read-only buffer throws {@link java.nio.ReadOnlyBufferException}; a negative timeout, or a
 * heap datagram larger than the staging buffer, {@link IllegalArgumentException}.
 */
public final class UdpSocket implements AutoCloseable {
    /** recvmsg(2) flag: do not wait. */
    private static final int MSG_DONTWAIT = 0x40;

    private final SocketCore core;
    private final NetOp recvOp;
    private final NetOp sendOp;
    private final PeerAddress from = new PeerAddress();
    private final StreamBuffers buffers = new StreamBuffers();
    private final InetSocketAddress localAddress;
    private volatile InetSocketAddress connected;

    private UdpSocket(WorkerLoops loops, int worker, int fd, InetSocketAddress local) {
        this.core = new SocketCore(loops, worker, fd);
        this.recvOp = new NetOp(core, "recvmsg");
        this.sendOp = new NetOp(core, "sendmsg");
        this.localAddress = local;
    }

    /**
     * Binds {@code local} (port 0: ephemeral) on a worker of {@code rt} (the caller's, else round robin).
     *
     * @throws java.net.BindException when the address is in use, not local or not permitted (the cause is the
     *         {@link io.zokio.sys.ErrnoException})
     */
    public static UdpSocket bind(Runtime rt, InetSocketAddress local) throws IOException {
        Objects.requireNonNull(local, "local");
        if (local.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + local);
        }
        WorkerLoops loops = WorkerLoops.of(rt);
        int w = loops.pickWorker();
        DescriptorCalls.Bound b;
        try {
            b = loops.call(w, loop -> DescriptorCalls.openUdpSocket(loop, local));
        } catch (IOException e) {
            throw NetErrors.bind(e, local);
        }
        return new UdpSocket(loops, w, b.fd(), b.local());
    }

    /** Sets the default destination and receives only from {@code remote} from now on. */
    public void connect(InetSocketAddress remote) {
        Objects.requireNonNull(remote, "remote");
        if (remote.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + remote);
        }
        connected = remote;
    }

    public void disconnect() {
        connected = null;
    }

    /** The connected peer, or null. */
    public InetSocketAddress remoteAddress() {
        return connected;
    }

    // ------------------------------------------------------------------ send

    /** Sends {@code src}'s remaining bytes as one datagram to {@code to}; returns the bytes sent. */
    public int send(ByteBuffer src, InetSocketAddress to) throws IOException {
        startSend(src, to);
        return endSend(src, sendOp.await(Timeouts.NONE, null));
    }

    /** Sends to the connected peer. @throws IllegalStateException when not connected */
    public int send(ByteBuffer src) throws IOException {
        return send(src, requireConnected());
    }

    public CompletableFuture<Integer> sendAsync(ByteBuffer src, InetSocketAddress to) {
        try {
            startSend(src, to);
        } catch (ClosedChannelException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sendOp.async(Timeouts.NONE, null).thenApply(n -> endSend(src, n));
    }

    /**
     * Claims the send op and preps one SENDMSG of {@code src} (heap data copied to staging under the claim);
     * {@link #send} and {@link #sendAsync} then wait their way and finish with {@link #endSend}.
     */
    private void startSend(ByteBuffer src, InetSocketAddress to) throws ClosedChannelException {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(to, "to");
        Completion c = sendOp.begin();
        try {
            MemorySegment seg = src.isDirect() ? MemorySegment.ofBuffer(src) : buffers.writeStaging(src);
            if (!src.isDirect() && seg.byteSize() < src.remaining()) {
                throw new IllegalArgumentException("heap datagram larger than " + TcpStream.STAGING_BYTES
                        + " bytes: use a direct buffer");
            }
            c.prepSendMsg(core.fd, seg, to, 0);
        } catch (RuntimeException e) {
            throw sendOp.abandon(e);
        }
    }

    private static int endSend(ByteBuffer src, int n) {
        src.position(src.position() + n);
        return n;
    }

    private InetSocketAddress requireConnected() {
        InetSocketAddress r = connected;
        if (r == null) {
            throw new IllegalStateException("socket is not connected: pass a destination");
        }
        return r;
    }

    // ------------------------------------------------------------------ receive

    /** Receives one datagram into {@code dst}; returns its sender. */
    public InetSocketAddress receive(ByteBuffer dst) throws IOException {
        return receive(dst, null);
    }

    /** Receives one datagram, waiting at most {@code timeout} (null or zero: without limit). */
    public InetSocketAddress receive(ByteBuffer dst, Duration timeout) throws IOException {
        StreamBuffers.checkReadable(dst);
        long ns = Timeouts.toNanos(timeout);
        while (true) {
            InetSocketAddress sender = receiveOnce(dst, ns, 0);
            if (sender != null) {
                return sender;
            }
        }
    }

    /**
     * Waits for one datagram (at most {@code timeout}), then takes those already queued, each into the next
     * buffer, until {@code dsts} is used up or none is left. Returns how many arrived; their senders go to
     * {@code senders} (same length).
     */
    public int receiveBatch(ByteBuffer[] dsts, InetSocketAddress[] senders, Duration timeout) throws IOException {
        Objects.requireNonNull(dsts, "dsts");
        Objects.requireNonNull(senders, "senders");
        if (senders.length < dsts.length) {
            throw new IllegalArgumentException("senders shorter than dsts: " + senders.length + " < " + dsts.length);
        }
        for (ByteBuffer d : dsts) {
            StreamBuffers.checkReadable(d);
        }
        if (dsts.length == 0) {
            return 0;
        }
        senders[0] = receive(dsts[0], timeout);
        int n = 1;
        while (n < dsts.length) {
            InetSocketAddress s;
            try {
                s = receiveOnce(dsts[n], Timeouts.NONE, MSG_DONTWAIT);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EAGAIN) {
                    break;
                }
                throw e;
            }
            if (s != null) {
                senders[n++] = s;
            }
        }
        return n;
    }

    /** One RECVMSG; null when the datagram came from a sender other than the connected peer (dropped). */
    private InetSocketAddress receiveOnce(ByteBuffer dst, long timeoutNs, int flags) throws IOException {
        Completion c = recvOp.begin();
        try {
            MemorySegment seg = dst.isDirect() ? MemorySegment.ofBuffer(dst) : buffers.readStaging(dst.remaining());
            c.prepRecvMsg(core.fd, seg, from, flags);
        } catch (RuntimeException e) {
            throw recvOp.abandon(e);
        }
        int n = recvOp.await(timeoutNs, null);
        InetSocketAddress sender = from.toInetSocketAddress();
        InetSocketAddress peer = connected;
        if (peer != null && !peer.equals(sender)) {
            return null;
        }
        buffers.completeRead(dst, n);
        return sender;
    }

    // ------------------------------------------------------------------ state

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public int worker() {
        return core.worker;
    }

    /** False once closed, or once its runtime's close has finished (which closed every socket of it). */
    public boolean isOpen() {
        return !core.isClosed() && !core.loops.runtimeTerminated();
    }

    @Override
    public void close() throws IOException {
        core.close();
    }

    @Override
    public String toString() {
        return "UdpSocket[" + localAddress + ", worker=" + core.worker + (isOpen() ? "" : ", closed") + "]";
    }
}
