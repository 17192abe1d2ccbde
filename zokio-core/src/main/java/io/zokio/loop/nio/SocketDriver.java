package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.loop.Op;
import io.zokio.sys.SockOpt;
import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The socket half of the NIO backend: dispatches socket ops (optimistic attempt, else wait in the handle's
 * FIFO), serves waiters when the selector reports readiness, closes sockets, and implements the synchronous
 * socket helpers. Loop thread only.
 */
final class SocketDriver {
    private final NioBackend backend;
    private final HandleTable table;
    private final Interest interest;

    SocketDriver(NioBackend backend, HandleTable table, Interest interest) {
        this.backend = backend;
        this.table = table;
        this.interest = interest;
    }

    void dispatch(Handle h, Completion c) {
        switch (c.op()) {
            case CLOSE -> backend.finish(c, close(h));
            case SHUTDOWN -> backend.finish(c,
                    h.socket != null ? SocketOps.shutdown(h.socket, c.flags()) : -Errno.ENOTCONN);
            case FSYNC -> backend.finish(c, -Errno.EINVAL);
            case POLL -> {
                h.polls.add(c);
                NioBackend.markWaiting(c);
                interest.update(h, false);
            }
            case READ, READV, RECV, ACCEPT -> waitOrRun(h, h.reads, c);
            case WRITE, WRITEV, SEND, CONNECT -> waitOrRun(h, h.writes, c);
            // receives wait for readability, file transfers and zero-copy sends for writability
            case ACCEPT_MULTISHOT, RECV_MULTISHOT -> waitOrRun(h, h.reads, c);
            case SPLICE, SENDFILE, SEND_ZC -> waitOrRun(h, h.writes, c);
            case RECVMSG, RECVMSG_MULTISHOT -> waitOrRun(h, h.reads, c);
            case SENDMSG -> waitOrRun(h, h.writes, c);
            default -> backend.finish(c, -Errno.EINVAL);
        }
    }

    /** Tries {@code c} at once when nothing waits before it (optimistic I/O); else it waits in {@code list}. */
    private void waitOrRun(Handle h, WaitList list, Completion c) {
        NioOp op = NioBackend.prepare(c);
        if (list.isEmpty()) {
            int r = attempt(h, c, op);
            if (r == NioMultishotOps.NO_BUFFER) {
                backend.multiCqe().park(c); // back-pressure: a release re-dispatches it
                return;
            }
            if (r != SocketOps.WOULD_BLOCK) {
                backend.finish(c, r);
                return;
            }
        }
        if (dontWait(c)) {
            backend.finish(c, -Errno.EAGAIN);
            return;
        }
        list.add(c);
        NioBackend.markWaiting(c);
        interest.update(h, false);
    }

    /** MSG_DONTWAIT on RECV/SEND/RECVMSG/SENDMSG: fail with EAGAIN instead of waiting, as the syscalls do. */
    private static boolean dontWait(Completion c) {
        return (c.op() == Op.RECV || c.op() == Op.SEND || c.op() == Op.RECVMSG || c.op() == Op.SENDMSG)
                && (c.flags() & 0x40) != 0;
    }

    /** One non-blocking try of a socket op; {@link SocketOps#WOULD_BLOCK} when it must wait. */
    private int attempt(Handle h, Completion c, NioOp op) {
        if (h.kind == Handle.Kind.DATAGRAM) {
            return backend.multiCqe().datagram(h, c, op);
        }
        if (c.op() == Op.SENDMSG || c.op() == Op.RECVMSG || c.op() == Op.RECVMSG_MULTISHOT) {
            return -Errno.EOPNOTSUPP; // TCP: use SEND/RECV (Linux would accept them; not emulated)
        }
        if (h.kind == Handle.Kind.LISTENER) {
            return switch (c.op()) {
                case ACCEPT, ACCEPT_MULTISHOT -> accept(h);
                case SEND_ZC -> -Errno.EPIPE;
                case CONNECT -> -Errno.EISCONN;
                case WRITE, WRITEV, SEND -> -Errno.EPIPE; // as send(2) on a listening TCP socket
                default -> -Errno.ENOTCONN;
            };
        }
        SocketChannel ch = h.socket;
        return switch (c.op()) {
            case READ -> SocketOps.recv(h, op.buffer, false);
            case RECV -> SocketOps.recv(h, op.buffer, (c.flags() & SocketOps.MSG_PEEK) != 0);
            case READV -> SocketOps.recv(h, op.buffers);
            case WRITE, SEND -> SocketOps.send(ch, op.buffer);
            case WRITEV -> SocketOps.send(ch, op.buffers);
            case CONNECT -> SocketOps.connect(ch, c);
            case SPLICE, SENDFILE, SEND_ZC, RECV_MULTISHOT -> backend.multiCqe().attempt(h, c, op);
            default -> -Errno.EINVAL; // ACCEPT on a socket that is not listening, as accept(2)
        };
    }

    private int accept(Handle listener) {
        try {
            SocketChannel s = SocketOps.accept(listener.listener);
            if (s == null) {
                return SocketOps.WOULD_BLOCK;
            }
            int fd = table.nextIndex();
            table.put(Handle.socket(fd, s));
            return fd;
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    // ------------------------------------------------------------------ readiness

    /** The selector's callback for a ready key. */
    void onSelected(SelectionKey key) {
        Handle h = (Handle) key.attachment();
        int ops = key.readyOps();
        boolean readIdle = Interest.readIdle(h, ops);
        if (!h.polls.isEmpty()) {
            servePolls(h, ops);
        }
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            serve(h, h.reads);
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            serve(h, h.writes);
        }
        if (!key.channel().isOpen()) {
            failClosed(h); // the JDK closes a socket whose connect failed: nothing will select it again
        }
        interest.update(h, readIdle);
    }

    private void failClosed(Handle h) {
        Completion c;
        while ((c = h.polls.poll()) != null) {
            backend.finish(c, PollEvents.POLLERR | PollEvents.POLLHUP);
        }
        serve(h, h.reads); // each attempt now fails EBADF
        serve(h, h.writes);
    }

    /** Runs waiters in FIFO order until one would block again. */
    private void serve(Handle h, WaitList list) {
        Completion c;
        while ((c = list.peek()) != null) {
            int r = attempt(h, c, NioBackend.opOf(c));
            if (r == SocketOps.WOULD_BLOCK) {
                return;
            }
            list.poll();
            if (r == NioMultishotOps.NO_BUFFER) {
                backend.multiCqe().park(c);
                continue;
            }
            backend.finish(c, r);
        }
    }

    private void servePolls(Handle h, int readyOps) {
        int mask = Interest.pollMask(readyOps);
        Completion c = h.polls.peek();
        while (c != null) {
            Completion next = NioBackend.linked(c);
            int m = Interest.pollResult(c.flags(), mask);
            if (m != 0) {
                h.polls.remove(c);
                backend.finish(c, m);
            }
            c = next;
        }
    }

    // ------------------------------------------------------------------ cancel and close

    /** Unlinks a waiting {@code c}; true when it was waiting on {@code h}. */
    boolean removeWaiter(Handle h, Completion c) {
        if (h.reads.remove(c) || h.writes.remove(c) || h.polls.remove(c)) {
            interest.update(h, false);
            return true;
        }
        return false;
    }

    /** Closes a socket handle: its waiters end -ECANCELED, its descriptor is free at once. */
    int close(Handle h) {
        h.closed = true;
        table.remove(h);
        cancelWaiters(h);
        interest.closing(h);
        boolean registered = h.key != null;
        try {
            h.channel().close();
        } catch (IOException e) {
            return -NioErrno.of(e);
        }
        if (registered) {
            // the JDK closes a registered channel's descriptor only when a select deregisters its key: do it
            // now, so that the port stops listening (ECONNREFUSED) and the peer sees the FIN at once
            backend.flushCancelledKeys();
        }
        return 0;
    }

    void cancelWaiters(Handle h) {
        Completion c;
        while ((c = h.polls.poll()) != null) {
            backend.finish(c, -Errno.ECANCELED);
        }
        while ((c = h.reads.poll()) != null) {
            backend.finish(c, -Errno.ECANCELED);
        }
        while ((c = h.writes.poll()) != null) {
            backend.finish(c, -Errno.ECANCELED);
        }
    }

    // ------------------------------------------------------------------ synchronous helpers

    int openListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        int fd = table.nextIndex();
        table.put(Handle.listener(fd, NioSockets.listen(address, backlog, reusePort)));
        return fd;
    }

    int openUdp(InetSocketAddress address) throws IOException {
        int fd = table.nextIndex();
        table.put(Handle.datagram(fd, NioSockets.udp(address)));
        return fd;
    }

    int openSocket(boolean ipv6) throws IOException {
        int fd = table.nextIndex();
        table.put(Handle.socket(fd, NioSockets.socket(ipv6)));
        return fd;
    }

    int openUnixListener(UnixAddress address, int backlog) throws IOException {
        ServerSocketChannel ch = NioSockets.unixListen(address, backlog);
        int fd = table.nextIndex();
        table.put(Handle.listener(fd, ch));
        return fd;
    }

    int openUnixSocket(UnixAddress peer) throws IOException {
        SocketChannel ch = NioSockets.unixSocket(peer);
        int fd = table.nextIndex();
        table.put(Handle.socket(fd, ch));
        return fd;
    }

    UnixAddress unixLocalAddress(int fd) throws IOException {
        NetworkChannel ch = network(fd, "getsockname");
        try {
            return unix(ch.getLocalAddress());
        } catch (IOException e) {
            throw NioErrno.exception("getsockname", e);
        }
    }

    UnixAddress unixRemoteAddress(int fd) throws IOException {
        NetworkChannel ch = network(fd, "getpeername");
        try {
            SocketAddress a = ch instanceof SocketChannel s ? s.getRemoteAddress() : null;
            if (a == null) {
                throw new ErrnoException("getpeername", Errno.ENOTCONN);
            }
            return unix(a);
        } catch (ClosedChannelException e) {
            throw NioErrno.exception("getpeername", e);
        }
    }

    private static UnixAddress unix(SocketAddress a) {
        return a instanceof UnixDomainSocketAddress u ? UnixAddress.of(u) : UnixAddress.unnamed();
    }

    InetSocketAddress localAddress(int fd) throws IOException {
        NetworkChannel ch = network(fd, "getsockname");
        try {
            InetSocketAddress a = (InetSocketAddress) ch.getLocalAddress();
            return a != null ? a : new InetSocketAddress(0); // unbound: getsockname(2) reports the wildcard
        } catch (IOException e) {
            throw NioErrno.exception("getsockname", e);
        }
    }

    InetSocketAddress remoteAddress(int fd) throws IOException {
        NetworkChannel ch = network(fd, "getpeername");
        try {
            InetSocketAddress a = ch instanceof SocketChannel s ? (InetSocketAddress) s.getRemoteAddress() : null;
            if (a == null) {
                throw new ErrnoException("getpeername", Errno.ENOTCONN);
            }
            return a;
        } catch (ClosedChannelException e) {
            throw NioErrno.exception("getpeername", e);
        }
    }

    void setOption(int fd, SockOpt option, int value) throws IOException {
        NioSockets.set(network(fd, "setsockopt"), option, value);
    }

    int getOption(int fd, SockOpt option) throws IOException {
        return NioSockets.get(network(fd, "getsockopt"), option);
    }

    private NetworkChannel network(int fd, String operation) throws ErrnoException {
        Handle h = table.get(fd);
        if (h == null) {
            throw new ErrnoException(operation, Errno.EBADF);
        }
        if (!h.isSocket()) {
            throw new ErrnoException(operation, Errno.ENOTSOCK);
        }
        return (NetworkChannel) h.channel();
    }
}
