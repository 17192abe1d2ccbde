package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * One non-blocking attempt of a socket operation. Stateless; loop thread only.
 *
 * <p>Each method returns the operation's result ({@code >= 0}, or a negated errno) or {@link #WOULD_BLOCK},
 * meaning "not ready: wait for readiness and try again". Nothing here blocks or throws.
 */
final class SocketOps {
    /** Not a result: the operation must wait for readiness. No errno is this small. */
    static final int WOULD_BLOCK = Integer.MIN_VALUE;
    /** {@code recv(2)}'s MSG_PEEK flag. */
    static final int MSG_PEEK = 0x2;

    private SocketOps() {
    }

    static int recv(SocketChannel ch, ByteBuffer b) {
        if (!b.hasRemaining()) {
            return 0; // recv(2) of 0 bytes returns 0 at once
        }
        try {
            int n = ch.read(b);
            return n > 0 ? n : n < 0 ? 0 : WOULD_BLOCK; // -1: end of stream, reported as 0 bytes
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    /**
     * A receive that honours MSG_PEEK, which NIO lacks: a peek reads into the handle's {@code peeked} buffer and
     * copies without consuming; any later receive takes those bytes first.
     */
    static int recv(Handle h, ByteBuffer dst, boolean peek) {
        ByteBuffer p = h.peeked;
        if (p != null && p.hasRemaining()) {
            int n = Math.min(dst.remaining(), p.remaining());
            dst.put(dst.position(), p, p.position(), n);
            dst.position(dst.position() + n);
            if (!peek) {
                p.position(p.position() + n);
            }
            return n;
        }
        if (!peek) {
            return recv(h.socket, dst);
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (p == null || p.capacity() < dst.remaining()) {
            p = ByteBuffer.allocate(Math.max(dst.remaining(), 256)); // peeking is rare: allocate on demand
            h.peeked = p;
        }
        p.clear().limit(dst.remaining());
        int r = recv(h.socket, p);
        p.flip();
        if (r > 0) {
            dst.put(dst.position(), p, 0, r);
            dst.position(dst.position() + r);
        }
        return r;
    }

    /** A vectored receive that first takes the bytes an earlier MSG_PEEK left in the handle. */
    static int recv(Handle h, ByteBuffer[] bs) {
        ByteBuffer p = h.peeked;
        if (p == null || !p.hasRemaining()) {
            return recv(h.socket, bs);
        }
        int total = 0;
        for (ByteBuffer b : bs) {
            int n = Math.min(b.remaining(), p.remaining());
            b.put(b.position(), p, p.position(), n);
            b.position(b.position() + n);
            p.position(p.position() + n);
            total += n;
        }
        return total;
    }

    static int recv(SocketChannel ch, ByteBuffer[] bs) {
        if (!hasRemaining(bs)) {
            return 0;
        }
        try {
            long n = ch.read(bs);
            return n > 0 ? (int) n : n < 0 ? 0 : WOULD_BLOCK;
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    static int send(SocketChannel ch, ByteBuffer b) {
        if (!b.hasRemaining()) {
            return 0;
        }
        try {
            int n = ch.write(b);
            return n > 0 ? n : WOULD_BLOCK;
        } catch (NotYetConnectedException e) {
            return -Errno.EPIPE; // Linux: send(2) on a TCP socket that never connected is EPIPE
        } catch (ClosedChannelException e) {
            return sendClosed(ch, e);
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    /** The JDK reports a write after shutdownOutput as a (asynchronous) close of the open channel: EPIPE. */
    private static int sendClosed(SocketChannel ch, ClosedChannelException e) {
        return ch.isOpen() ? -Errno.EPIPE : -NioErrno.of(e);
    }

    static int send(SocketChannel ch, ByteBuffer[] bs) {
        if (!hasRemaining(bs)) {
            return 0;
        }
        try {
            long n = ch.write(bs);
            return n > 0 ? (int) n : WOULD_BLOCK;
        } catch (NotYetConnectedException e) {
            return -Errno.EPIPE;
        } catch (ClosedChannelException e) {
            return sendClosed(ch, e);
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    /** Starts or finishes a connect; 0 once connected. */
    static int connect(SocketChannel ch, Completion c) {
        try {
            if (ch.isConnectionPending()) {
                return ch.finishConnect() ? 0 : WOULD_BLOCK;
            }
            SocketAddress to = c.unixAddress() != null ? NioSockets.unixSocketAddress(c.unixAddress()) : c.address();
            return ch.connect(to) ? 0 : WOULD_BLOCK;
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    /** Accepts one connection, non-blocking; null when none is pending. Throws what accept(2) would fail with. */
    static SocketChannel accept(ServerSocketChannel ch) throws IOException {
        SocketChannel s = ch.accept();
        if (s != null) {
            try {
                s.configureBlocking(false);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }
        return s;
    }

    static int shutdown(SocketChannel ch, int how) {
        try {
            if (how == ShutdownHow.SHUT_RD || how == ShutdownHow.SHUT_RDWR) {
                ch.shutdownInput();
            }
            if (how == ShutdownHow.SHUT_WR || how == ShutdownHow.SHUT_RDWR) {
                ch.shutdownOutput();
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    private static boolean hasRemaining(ByteBuffer[] bs) {
        for (ByteBuffer b : bs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
