package io.zokio.testkit.sim;

import io.zokio.loop.Completion;
import io.zokio.loop.Op;
import io.zokio.loop.PollEvents;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.SockOpt;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The in-memory TCP network of {@link SimBackend}. Loop thread only.
 *
 * <p>Socket operations run at their virtual due time ({@link #execute}); one that would block parks in its
 * socket's wait list ({@link #PARKED}) and is retried, at the virtual time of the change, whenever that socket
 * changes ({@link SimBackend#wake}). Ports: an explicit port is taken as given ({@code EADDRINUSE} if a
 * listener holds it); port 0, and the local port of every connecting socket, come from one counter starting at
 * {@link #FIRST_PORT}, so addresses are deterministic too.
 */
final class SimNet {
    /** An operation that would block: parked, no result yet. */
    static final int PARKED = Integer.MIN_VALUE;
    static final int FIRST_PORT = 40_000;

    private final SimBackend backend;
    private final int bufferBytes;
    private final Map<Integer, SimSocket> listeners = new HashMap<>();
    private int nextPort = FIRST_PORT;

    SimNet(SimBackend backend, int bufferBytes) {
        this.backend = backend;
        this.bufferBytes = bufferBytes;
    }

    // ------------------------------------------------------------------ synchronous helpers

    int openListener(InetSocketAddress address, int backlog, boolean reusePort) throws ErrnoException {
        int port = address.getPort();
        if (port == 0) {
            port = allocatePort();
        } else if (listeners.containsKey(port)) {
            throw new ErrnoException("bind", Errno.EADDRINUSE, "simulated port " + port);
        }
        SimSocket s = new SimSocket(SimSocket.Kind.LISTENER, address.getAddress() instanceof Inet6Address);
        s.local = new InetSocketAddress(address.getAddress(), port);
        s.backlog = backlog;
        s.acceptQueue = new ArrayDeque<>();
        s.options.put(SockOpt.SO_REUSEADDR, 1);
        s.options.put(SockOpt.SO_REUSEPORT, reusePort ? 1 : 0);
        listeners.put(port, s);
        return backend.install(s);
    }

    int openSocket(boolean ipv6) {
        return backend.install(new SimSocket(SimSocket.Kind.UNCONNECTED, ipv6));
    }

    private int allocatePort() {
        for (int i = 0; i < 65_536; i++) {
            int p = nextPort;
            nextPort = nextPort == 65_535 ? FIRST_PORT : nextPort + 1;
            if (!listeners.containsKey(p)) {
                return p;
            }
        }
        throw new IllegalStateException("simulated ports exhausted");
    }

    SimSocket socket(int fd, String operation) throws ErrnoException {
        Object h = backend.handle(fd);
        if (h == null) {
            throw new ErrnoException(operation, Errno.EBADF);
        }
        if (!(h instanceof SimSocket s)) {
            throw new ErrnoException(operation, Errno.ENOTSOCK);
        }
        return s;
    }

    int option(SimSocket s, SockOpt option) {
        Integer v = s.options.get(option);
        if (v != null) {
            return v;
        }
        return option == SockOpt.SO_RCVBUF || option == SockOpt.SO_SNDBUF ? bufferBytes
                : option == SockOpt.SO_LINGER ? -1 : 0;
    }

    InetSocketAddress localAddress(SimSocket s) {
        if (s.local != null) {
            return s.local;
        }
        return new InetSocketAddress(s.ipv6 ? "::" : "0.0.0.0", 0); // unbound, as getsockname(2)
    }

    // ------------------------------------------------------------------ operations at their due time

    /** Performs a socket operation (or one on an unknown descriptor): its result, or {@link #PARKED}. */
    int execute(SimOp op) {
        Completion c = op.completion;
        Object h = backend.handle(c.fd());
        if (h == null) {
            return -Errno.EBADF;
        }
        if (!(h instanceof SimSocket s)) { // a file: only POLL reaches here
            return c.op() == Op.POLL
                    ? (PollEvents.POLLIN | PollEvents.POLLOUT) & (c.flags() | PollEvents.POLLERR | PollEvents.POLLHUP)
                    : -Errno.ENOTSOCK;
        }
        if (!op.faultChecked) {
            op.faultChecked = true;
            switch (c.op()) {
                case CONNECT, ACCEPT, RECV, SEND, READ, WRITE -> {
                    if (backend.fault(op)) {
                        if (s.kind == SimSocket.Kind.CONNECTED && c.op() != Op.ACCEPT) {
                            reset(s);
                        }
                        return -Errno.ECONNRESET;
                    }
                }
                default -> { }
            }
        }
        return switch (c.op()) {
            case CONNECT -> connect(op, s, c.address());
            case ACCEPT -> accept(op, s);
            case RECV, READ -> c.offset() > 0 ? -Errno.ESPIPE : recv(op, s, c.buffer());
            case SEND, WRITE -> c.offset() > 0 ? -Errno.ESPIPE : send(op, s, c.buffer());
            case SHUTDOWN -> shutdown(s, c.flags());
            case POLL -> poll(op, s, c.flags());
            case CLOSE -> {
                close(c.fd(), s);
                yield 0;
            }
            case FSYNC -> -Errno.EINVAL;
            default -> -Errno.EOPNOTSUPP; // READV/WRITEV on sockets and every op this simulator lacks
        };
    }

    private int park(SimOp op, SimSocket s) {
        op.state = SimOp.PARKED;
        op.parkedOn = s;
        s.waiters.add(op);
        return PARKED;
    }

    private int connect(SimOp op, SimSocket s, InetSocketAddress to) {
        switch (s.kind) {
            case CONNECTED, LISTENER -> {
                return -Errno.EISCONN;
            }
            case CLOSED -> {
                return -Errno.EBADF;
            }
            default -> { }
        }
        SimSocket l = listeners.get(to.getPort());
        if (l == null || !(l.local.getAddress().isAnyLocalAddress() || l.local.getAddress().equals(to.getAddress()))) {
            return -Errno.ECONNREFUSED;
        }
        if (l.acceptQueue.size() >= l.backlog) {
            return park(op, l); // a full backlog holds the handshake until an accept makes room
        }
        SimSocket server = new SimSocket(SimSocket.Kind.CONNECTED, s.ipv6);
        InetAddress from = to.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : to.getAddress();
        s.kind = SimSocket.Kind.CONNECTED;
        s.local = new InetSocketAddress(from, allocatePort());
        s.remote = to;
        s.in = new ByteRing(bufferBytes);
        server.local = to;
        server.remote = s.local;
        server.in = new ByteRing(bufferBytes);
        server.peer = s;
        s.peer = server;
        l.acceptQueue.add(server);
        backend.wake(l);
        return 0;
    }

    private int accept(SimOp op, SimSocket l) {
        if (l.kind != SimSocket.Kind.LISTENER) {
            return l.kind == SimSocket.Kind.CLOSED ? -Errno.EBADF : -Errno.EINVAL;
        }
        SimSocket server = l.acceptQueue.poll();
        if (server == null) {
            return park(op, l);
        }
        if (!l.waiters.isEmpty()) {
            backend.wake(l); // a connect may wait for backlog room
        }
        return backend.install(server);
    }

    private int recv(SimOp op, SimSocket s, MemorySegment buffer) {
        if (s.kind != SimSocket.Kind.CONNECTED) {
            return s.kind == SimSocket.Kind.CLOSED ? -Errno.EBADF : -Errno.ENOTCONN;
        }
        if (s.reset) {
            return -Errno.ECONNRESET;
        }
        int len = (int) buffer.byteSize();
        if (len == 0) {
            return 0;
        }
        if (s.in.size() > 0) {
            int n = (int) backend.shortened(op, buffer.asSlice(0, Math.min(len, s.in.size()))).byteSize();
            s.in.read(buffer, 0, n);
            backend.wake(s.peer); // room for its sends (and its POLLOUT)
            return n;
        }
        if (s.in.eof || s.rdShut) {
            return 0;
        }
        return park(op, s);
    }

    private int send(SimOp op, SimSocket s, MemorySegment buffer) {
        if (s.kind != SimSocket.Kind.CONNECTED) {
            return s.kind == SimSocket.Kind.CLOSED ? -Errno.EBADF : -Errno.EPIPE; // as send(2) on TCP
        }
        if (s.reset) {
            return -Errno.ECONNRESET;
        }
        if (s.wrShut || s.peerClosed) {
            return -Errno.EPIPE;
        }
        int len = (int) buffer.byteSize();
        if (len == 0) {
            return 0;
        }
        ByteRing out = s.peer.in;
        if (out.space() == 0) {
            return park(op, s); // back-pressure: retried when the peer reads (it wakes us)
        }
        int n = (int) backend.shortened(op, buffer.asSlice(0, Math.min(len, out.space()))).byteSize();
        out.write(buffer, 0, n);
        backend.wake(s.peer);
        return n;
    }

    private int shutdown(SimSocket s, int how) {
        if (s.kind != SimSocket.Kind.CONNECTED) {
            return -Errno.ENOTCONN;
        }
        if (how == ShutdownHow.SHUT_RD || how == ShutdownHow.SHUT_RDWR) {
            s.rdShut = true;
        }
        if ((how == ShutdownHow.SHUT_WR || how == ShutdownHow.SHUT_RDWR) && !s.wrShut) {
            s.wrShut = true;
            s.peer.in.eof = true;
            backend.wake(s.peer);
        }
        backend.wake(s);
        return 0;
    }

    private int poll(SimOp op, SimSocket s, int events) {
        int ready = s.readiness() & (events | PollEvents.POLLERR | PollEvents.POLLHUP);
        return ready != 0 ? ready : park(op, s);
    }

    // ------------------------------------------------------------------ close and reset

    /**
     * Closes socket {@code fd}: its own waiters end {@code -ECANCELED}; the peer sees end of stream, or a reset
     * when unread bytes were left behind (Linux sends RST then), and its sends waiting at that moment fail
     * {@code -ECONNRESET}; a listener's unaccepted connections are reset and its waiting connects refused.
     */
    void close(int fd, SimSocket s) {
        backend.uninstall(fd);
        closeSocket(s);
    }

    private void closeSocket(SimSocket s) {
        SimSocket.Kind was = s.kind;
        s.kind = SimSocket.Kind.CLOSED;
        SimOp w;
        while ((w = s.waiters.poll()) != null) {
            // a connect parked on a full backlog belongs to another socket: the listener refuses it
            boolean connect = w.completion.op() == Op.CONNECT;
            backend.resultNow(w, was == SimSocket.Kind.LISTENER && connect ? -Errno.ECONNREFUSED : -Errno.ECANCELED);
        }
        if (was == SimSocket.Kind.LISTENER) {
            listeners.remove(s.local.getPort(), s);
            SimSocket pending;
            while ((pending = s.acceptQueue.poll()) != null) {
                pending.kind = SimSocket.Kind.CLOSED;
                reset(pending.peer);
            }
        } else if (was == SimSocket.Kind.CONNECTED && !s.peerClosed) {
            SimSocket p = s.peer;
            p.peerClosed = true;
            p.in.eof = true;
            if (s.in.size() > 0) {
                p.reset = true;
            }
            for (SimOp pw : p.waiters.toArray(new SimOp[0])) {
                if (isSend(pw)) {
                    p.waiters.remove(pw);
                    backend.resultNow(pw, -Errno.ECONNRESET);
                }
            }
            backend.wake(p);
        }
    }

    /** Resets the connection {@code s} belongs to: both ends fail every operation with ECONNRESET. */
    private void reset(SimSocket s) {
        if (s == null || s.kind != SimSocket.Kind.CONNECTED) {
            return;
        }
        s.reset = true;
        backend.wake(s);
        SimSocket p = s.peer;
        if (p != null && p.kind == SimSocket.Kind.CONNECTED && !s.peerClosed) {
            p.reset = true;
            backend.wake(p);
        }
    }

    /** A send waiting for room (WRITE on a socket is a SEND). */
    private static boolean isSend(SimOp w) {
        return w.completion.op() == Op.SEND || w.completion.op() == Op.WRITE;
    }

    /** Drops every wait list (backend close delivers the operations). */
    void clear() {
        listeners.clear();
    }
}
