package io.zokio.loop.nio;

import io.zokio.loop.Backend;
import io.zokio.loop.Completion;
import io.zokio.loop.Errno;
import io.zokio.loop.ErrnoException;
import io.zokio.loop.Op;
import io.zokio.loop.OpenFlags;
import io.zokio.loop.SockOpt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The portable backend: {@link Selector} readiness turned into completions, file operations on a small bounded
 * thread pool ({@link FilePool}). Results and errno values are those of the io_uring backend.
 *
 * <p><b>Threading:</b> loop-thread only, except {@link #wakeup()} (any thread). File-pool threads only touch
 * the ops handed to them and the pool's done stack.
 *
 * <p><b>Flow of an operation:</b> {@link #submit} appends it to {@code submitted} and returns (nothing is
 * delivered from inside submit). {@link #poll} then (1) dispatches every submitted op: NOP, CLOSE, SHUTDOWN
 * and validation failures finish at once; a socket op whose wait list is empty is tried once, non-blocking,
 * and waits in its handle's FIFO only when it would block (the handle's interest set follows the lists, so
 * a handle with nothing waiting has no interest); file ops go to the pool. (2) It takes the pool's results,
 * (3) selects (without waiting when anything is ready) and serves the waiters of every ready handle, (4) takes
 * the pool's results again and (5) delivers the ready list. Callbacks run in (5); what they submit waits for
 * the next poll.
 *
 * <p>Where each in-flight completion is ({@code token}, high word): submitted, waiting on a handle, in the
 * pool, or ready with its result (low word).
 */
public final class NioBackend extends Backend {
    /** File-pool queue slots beyond its threads; more ops wait in the pool's loop-side overflow. */
    private static final int POOL_QUEUE = 256;
    private static final long AT_SUBMITTED = 1;
    private static final long AT_WAITING = 2;
    private static final long AT_POOL = 3;
    private static final long AT_READY = 4;
    private static final long MS = 1_000_000;

    private final Selector selector;
    private final FilePool pool;
    private final HandleTable table = new HandleTable();
    private final WaitList submitted = new WaitList();
    private final WaitList ready = new WaitList();
    private final Consumer<SelectionKey> onSelected = this::onSelected;
    private final Interest interest;
    private int inFlight;
    private boolean closed;

    private NioBackend(Selector selector, int filePoolThreads) {
        this.selector = selector;
        this.pool = new FilePool(filePoolThreads, POOL_QUEUE, selector);
        this.interest = new Interest(selector);
    }

    /** Opens a backend whose file pool has {@code filePoolThreads} threads. */
    public static NioBackend open(int filePoolThreads) throws IOException {
        if (filePoolThreads < 1) {
            throw new IllegalArgumentException("file pool threads must be positive: " + filePoolThreads);
        }
        return new NioBackend(Selector.open(), filePoolThreads);
    }

    @Override
    public String name() {
        return "nio";
    }

    // ------------------------------------------------------------------ submit and poll

    @Override
    public void submit(Completion c) {
        if (closed) {
            throw new IllegalStateException("nio backend is closed");
        }
        inFlight++;
        token(c, AT_SUBMITTED << 32);
        submitted.add(c);
    }

    @Override
    public int poll(long waitNs) {
        Completion c;
        while ((c = submitted.poll()) != null) { // no callback runs here, so the list only shrinks
            dispatch(c);
        }
        takePoolResults();
        try {
            if (!ready.isEmpty() || waitNs == 0) {
                if (interest.needsSelect()) {
                    selector.selectNow(onSelected);
                }
            } else if (!pool.hasDone()) {
                // select(0) would wait forever: round sub-millisecond waits up to 1 ms
                long ms = waitNs < 0 ? 0 : Math.max(1, (waitNs + MS - 1) / MS);
                selector.select(onSelected, ms);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
        interest.selected();
        takePoolResults();
        return deliverReady();
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    private int deliverReady() {
        int n = 0;
        Completion c;
        while ((c = ready.poll()) != null) {
            int result = (int) token(c);
            token(c, 0);
            inFlight--;
            n++;
            deliver(c, result);
        }
        return n;
    }

    /** Queues {@code c}'s result for delivery in this poll. */
    private void finish(Completion c, int result) {
        token(c, (AT_READY << 32) | (result & 0xFFFF_FFFFL));
        ready.add(c);
    }

    private static long where(Completion c) {
        return token(c) >>> 32;
    }

    // ------------------------------------------------------------------ dispatch

    private void dispatch(Completion c) {
        switch (c.op()) {
            case NOP -> finish(c, 0);
            case CANCEL -> cancel(c);
            case OPENAT -> toPool(c, null, resolve(c.fd(), c.path()), c.path());
            case STATX -> statx(c);
            case TIMEOUT -> finish(c, -Errno.EINVAL); // the loop owns timers; never sent here
            default -> {
                Handle h = table.get(c.fd());
                if (h == null) {
                    finish(c, -Errno.EBADF);
                } else if (h.isSocket()) {
                    socketOp(h, c);
                } else {
                    fileOp(h, c);
                }
            }
        }
    }

    private void socketOp(Handle h, Completion c) {
        switch (c.op()) {
            case CLOSE -> finish(c, closeSocket(h));
            case SHUTDOWN -> finish(c, h.socket != null ? SocketOps.shutdown(h.socket, c.flags()) : -Errno.ENOTCONN);
            case FSYNC -> finish(c, -Errno.EINVAL);
            case POLL -> {
                h.polls.add(c);
                token(c, AT_WAITING << 32);
                interest.update(h);
            }
            case READ, READV, RECV, ACCEPT -> waitOrRun(h, h.reads, c);
            case WRITE, WRITEV, SEND, CONNECT -> waitOrRun(h, h.writes, c);
            default -> finish(c, -Errno.EINVAL);
        }
    }

    /** Tries {@code c} at once when nothing waits before it (optimistic I/O); else it waits in {@code list}. */
    private void waitOrRun(Handle h, WaitList list, Completion c) {
        NioOp op = prepare(c);
        if (list.isEmpty()) {
            int r = attempt(h, c, op);
            if (r != SocketOps.WOULD_BLOCK) {
                finish(c, r);
                return;
            }
        }
        if (dontWait(c)) {
            finish(c, -Errno.EAGAIN);
            return;
        }
        list.add(c);
        token(c, AT_WAITING << 32);
        interest.update(h);
    }

    /** MSG_DONTWAIT on RECV/SEND: fail with EAGAIN instead of waiting, as recv(2)/send(2) do. */
    private static boolean dontWait(Completion c) {
        return (c.op() == Op.RECV || c.op() == Op.SEND) && (c.flags() & 0x40) != 0;
    }

    /** One non-blocking try of a socket op; {@link SocketOps#WOULD_BLOCK} when it must wait. */
    private int attempt(Handle h, Completion c, NioOp op) {
        if (h.kind == Handle.Kind.LISTENER) {
            return c.op() == Op.ACCEPT ? accept(h) : c.op() == Op.CONNECT ? -Errno.EISCONN
                    : c.op() == Op.WRITE || c.op() == Op.WRITEV || c.op() == Op.SEND ? -Errno.EPIPE : -Errno.ENOTCONN;
        }
        SocketChannel ch = h.socket;
        return switch (c.op()) {
            case READ, RECV -> SocketOps.recv(ch, op.buffer);
            case READV -> SocketOps.recv(ch, op.buffers);
            case WRITE, SEND -> SocketOps.send(ch, op.buffer);
            case WRITEV -> SocketOps.send(ch, op.buffers);
            case CONNECT -> SocketOps.connect(ch, c);
            default -> -Errno.EINVAL; // ACCEPT on a connected or unconnected socket, as accept(2)
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

    private void fileOp(Handle h, Completion c) {
        switch (c.op()) {
            case READ, WRITE, READV, WRITEV, FSYNC -> {
                if (h.kind == Handle.Kind.DIRECTORY && h.file == null && c.op() != Op.FSYNC) {
                    finish(c, -Errno.EISDIR);
                } else {
                    toPool(c, h, 0, null);
                }
            }
            case CLOSE -> {
                // the descriptor is gone at once (lowest-free reuse, EBADF for later ops); the channel closes
                // on the pool, after ops queued before this CLOSE, which see `closed` and end -ECANCELED
                h.closed = true;
                table.remove(h);
                toPool(c, h, 0, null);
            }
            case POLL -> finish(c, c.flags() & (Completion.POLLIN | Completion.POLLOUT)); // files are always ready
            case SHUTDOWN, ACCEPT, CONNECT, RECV, SEND -> finish(c, -Errno.ENOTSOCK);
            default -> finish(c, -Errno.EINVAL);
        }
    }

    private void statx(Completion c) {
        String p = c.path();
        if (p.isEmpty()) {
            if ((c.flags() & OpenFlags.AT_EMPTY_PATH) == 0) {
                finish(c, -Errno.ENOENT);
                return;
            }
            if (c.fd() == OpenFlags.AT_FDCWD) {
                toPool(c, null, 0, ".");
                return;
            }
            Handle h = table.get(c.fd());
            if (h == null) {
                finish(c, -Errno.EBADF);
            } else {
                NioOp op = prepare(c);
                op.path = h.path; // null for a socket: FileOps reports S_IFSOCK
                op.handle = null;
                token(c, AT_POOL << 32);
                pool.submit(c, op);
            }
            return;
        }
        toPool(c, null, resolve(c.fd(), p), p);
    }

    /** Errno for a path relative to {@code dirfd}, or 0 when it resolves ({@link #toPool} resolves again). */
    private int resolve(int dirfd, String path) {
        if (dirfd == OpenFlags.AT_FDCWD || path.startsWith("/")) {
            return 0; // open(2) ignores dirfd for an absolute path
        }
        Handle h = table.get(dirfd);
        if (h == null) {
            return -Errno.EBADF;
        }
        // a FILE handle may be a directory opened without O_DIRECTORY: the pool thread checks (a stat)
        return h.path != null ? 0 : -Errno.ENOTDIR;
    }

    /** Hands {@code c} to the file pool, or finishes it with {@code error} when that is negative. */
    private void toPool(Completion c, Handle h, int error, String path) {
        if (error < 0) {
            finish(c, error);
            return;
        }
        NioOp op = prepare(c);
        op.handle = h;
        if (path != null) {
            Handle dir = path.startsWith("/") || c.fd() == OpenFlags.AT_FDCWD ? null : table.get(c.fd());
            op.handle = dir;
            op.path = dir == null ? Path.of(path) : dir.path.resolve(path);
        }
        token(c, AT_POOL << 32);
        pool.submit(c, op);
    }

    /** The op's scratch state, with its buffer views cleared and ready. */
    private static NioOp prepare(Completion c) {
        NioOp op = data(c) instanceof NioOp o ? o : newOp(c);
        op.buffer = c.buffer() == null ? null : op.view(c.buffer());
        op.buffers = c.buffers() == null ? null : op.views(c.buffers());
        op.path = null;
        op.openedChannel = null;
        return op;
    }

    private static NioOp newOp(Completion c) {
        NioOp op = new NioOp();
        data(c, op);
        return op;
    }

    private void takePoolResults() {
        NioOp op = pool.takeDone();
        while (op != null) {
            NioOp next = op.nextDone;
            Completion c = op.completion;
            int r = op.result;
            if (c.op() == Op.OPENAT && r >= 0) {
                r = table.nextIndex();
                table.put(Handle.file(r, op.openedChannel, op.path, op.openedDirectory));
            }
            op.clearTask();
            finish(c, r);
            op = next;
        }
    }

    // ------------------------------------------------------------------ readiness

    private void onSelected(SelectionKey key) {
        Handle h = (Handle) key.attachment();
        int ops = key.readyOps();
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
        interest.update(h);
    }

    private void failClosed(Handle h) {
        Completion c;
        while ((c = h.polls.poll()) != null) {
            finish(c, Completion.POLLERR | Completion.POLLHUP);
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
            finish(c, r);
        }
    }

    private void servePolls(Handle h, int readyOps) {
        int mask = Interest.pollMask(readyOps);
        Completion c = h.polls.peek();
        while (c != null) {
            Completion next = linked(c);
            int m = Interest.pollResult(c.flags(), mask);
            if (m != 0) {
                h.polls.remove(c);
                finish(c, m);
            }
            c = next;
        }
    }

    // ------------------------------------------------------------------ cancel and close

    private void cancel(Completion cancel) {
        Completion t = cancel.target();
        long at = where(t);
        if (at == AT_WAITING) {
            Handle h = table.get(t.fd());
            if (h != null && (h.reads.remove(t) || h.writes.remove(t) || h.polls.remove(t))) {
                interest.update(h);
                finish(t, -Errno.ECANCELED);
                finish(cancel, 0);
                return;
            }
        } else if (at == AT_POOL) {
            int r = pool.cancel(t);
            if (r == 0) {
                finish(t, -Errno.ECANCELED);
            }
            finish(cancel, r);
            return;
        } else if (at == AT_SUBMITTED && submitted.remove(t)) {
            finish(t, -Errno.ECANCELED);
            finish(cancel, 0);
            return;
        }
        finish(cancel, -Errno.ENOENT); // finished already (its result waits in the ready list) or unknown
    }

    /** Closes a socket handle: its waiters end -ECANCELED, its descriptor is free at once. */
    private int closeSocket(Handle h) {
        h.closed = true;
        table.remove(h);
        cancelWaiters(h);
        interest.closing(h);
        try {
            h.channel().close();
            return 0;
        } catch (IOException e) {
            return -NioErrno.of(e);
        }
    }

    private void cancelWaiters(Handle h) {
        Completion c;
        while ((c = h.polls.poll()) != null) {
            finish(c, -Errno.ECANCELED);
        }
        while ((c = h.reads.poll()) != null) {
            finish(c, -Errno.ECANCELED);
        }
        while ((c = h.writes.poll()) != null) {
            finish(c, -Errno.ECANCELED);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Completion c;
        while ((c = submitted.poll()) != null) {
            finish(c, -Errno.ECANCELED);
        }
        table.forEach(this::cancelWaiters);
        pool.shutdown(t -> finish(t, -Errno.ECANCELED)); // waits for running file ops: they keep their result
        takePoolResults();
        table.forEach(h -> {
            table.remove(h);
            h.closed = true;
            NioSockets.closeQuietly(h.channel());
        });
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing waits on it any more
        }
        deliverReady();
    }

    // ------------------------------------------------------------------ synchronous helpers

    @Override
    public int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        checkOpen();
        int fd = table.nextIndex();
        table.put(Handle.listener(fd, NioSockets.listen(address, backlog, reusePort)));
        return fd;
    }

    @Override
    public int openTcpSocket(boolean ipv6) throws IOException {
        checkOpen();
        int fd = table.nextIndex();
        table.put(Handle.socket(fd, NioSockets.socket(ipv6)));
        return fd;
    }

    @Override
    public void setSocketOption(int fd, SockOpt option, int value) throws IOException {
        NioSockets.set(network(fd, "setsockopt"), option, value);
    }

    @Override
    public int getSocketOption(int fd, SockOpt option) throws IOException {
        return NioSockets.get(network(fd, "getsockopt"), option);
    }

    @Override
    public InetSocketAddress localAddress(int fd) throws IOException {
        NetworkChannel ch = network(fd, "getsockname");
        try {
            InetSocketAddress a = (InetSocketAddress) ch.getLocalAddress();
            return a != null ? a : new InetSocketAddress(0); // unbound: getsockname(2) reports the wildcard
        } catch (IOException e) {
            throw NioErrno.exception("getsockname", e);
        }
    }

    @Override
    public InetSocketAddress remoteAddress(int fd) throws IOException {
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

    @Override
    public void closeNow(int fd) throws IOException {
        Handle h = table.get(fd);
        if (h == null) {
            throw new ErrnoException("close", Errno.EBADF);
        }
        if (h.isSocket()) {
            ErrnoException.check("close", closeSocket(h)); // waiters are delivered -ECANCELED by the next poll
            return;
        }
        h.closed = true;
        table.remove(h);
        try {
            if (h.file != null) {
                h.file.close();
            }
        } catch (IOException e) {
            throw NioErrno.exception("close", e);
        }
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

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("nio backend is closed");
        }
    }

    // ------------------------------------------------------------------ links for the package

    /** The intrusive link of {@code c} (package access to {@code Backend.next}). */
    static Completion linked(Completion c) {
        return next(c);
    }

    static void link(Completion c, Completion next) {
        next(c, next);
    }

    /** The scratch state of a completion this backend prepared. */
    static NioOp opOf(Completion c) {
        return (NioOp) data(c);
    }
}
