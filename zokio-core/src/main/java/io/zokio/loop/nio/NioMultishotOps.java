package io.zokio.loop.nio;

import io.zokio.loop.BufferGroup;
import io.zokio.loop.Completion;
import io.zokio.loop.internal.OpState;
import io.zokio.sys.Errno;
import io.zokio.loop.Op;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The NIO emulation of the network strengths (see {@link Op}): SPLICE and SENDFILE as
 * {@code FileChannel.transferTo} into a socket, multishot ACCEPT and RECV as repeated attempts on readiness,
 * buffer groups as a free stack of buffer ids, SEND_ZC as a plain send. Loop thread only.
 *
 * <p><b>Multishot flow:</b> an attempt that produces a result finishes the op as an <em>intermediate</em>
 * result ({@link NioBackend#finish} sees the op is multishot); the backend delivers it with the op still active
 * and then tries it again at once (its next result queues behind the other ops' results), up to a budget per
 * poll, after which it waits in the submitted list for the next poll: a flooding peer cannot hold the loop. A
 * stop (DISARM, CANCEL) ends it with one final {@code -ECANCELED}.
 *
 * <p><b>Back-pressure:</b> a RECV_MULTISHOT whose group has no free buffer is <em>parked</em> on the group
 * (not waiting on its socket, so no read interest) until a release moves it back to the submitted list.
 *
 * <p>Known differences from io_uring: SPLICE supports only a file at an explicit offset as input and a socket
 * as output ({@code -EINVAL} otherwise: NIO has no pipes); SPLICE and SENDFILE read the file on the loop thread
 * ({@code sendfile(2)} may block on a page-cache miss).
 */
final class NioMultishotOps {
    /** Not a result: a RECV_MULTISHOT found no free buffer and must park. */
    static final int NO_BUFFER = Integer.MIN_VALUE + 1;
    /** {@code sendto(2)} on an unconnected UDP socket without a destination: EDESTADDRREQ. */
    private static final int EDESTADDRREQ = 89;

    private final HandleTable table;
    private final List<BufferGroup> groups = new ArrayList<>();
    private int nextGroupId;

    /** Per-group NIO state: free buffer ids and the receives parked for lack of one. */
    static final class NioGroup {
        final int[] free;
        int freeCount;
        final ByteBuffer[] views;
        final WaitList parked = new WaitList();

        NioGroup(int count) {
            free = new int[count];
            views = new ByteBuffer[count];
            for (int i = 0; i < count; i++) {
                free[i] = count - 1 - i; // hand out low ids first, as the kernel ring does
            }
            freeCount = count;
        }
    }

    NioMultishotOps(HandleTable table) {
        this.table = table;
    }

    // ------------------------------------------------------------------ attempts (socket handle h)

    /** One non-blocking try of a multishot, transfer or zero-copy op on socket {@code h}; {@link SocketOps#WOULD_BLOCK} to wait. */
    int attempt(Handle h, Completion c, NioOp op) {
        return switch (c.op()) {
            case SPLICE -> c.offsetIn() < 0 || c.offset() != Completion.OFFSET_CURRENT ? -Errno.EINVAL
                    : transfer(h, c, c.offsetIn(), c.spliceLength());
            case SENDFILE -> transfer(h, c, c.offsetIn(), c.spliceLength());
            case SEND_ZC -> h.socket == null ? -Errno.EPIPE : SocketOps.send(h.socket, op.buffer);
            case RECV_MULTISHOT -> h.socket == null ? -Errno.ENOTCONN : recv(h, c, op);
            default -> -Errno.EINVAL;
        };
    }

    private int transfer(Handle out, Completion c, long position, int length) {
        SocketChannel sock = out.socket;
        if (sock == null) {
            return out.kind == Handle.Kind.LISTENER ? -Errno.ENOTCONN : -Errno.EINVAL;
        }
        Handle in = table.get(c.fdIn());
        if (in == null) {
            return -Errno.EBADF;
        }
        FileChannel file = in.file;
        if (file == null) {
            return -Errno.EINVAL; // a socket or directory as input: NIO cannot splice it
        }
        try {
            long n = file.transferTo(position, length, sock);
            if (n > 0) {
                return (int) n;
            }
            return position >= file.size() ? 0 : SocketOps.WOULD_BLOCK;
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    private int recv(Handle h, Completion c, NioOp op) {
        NioGroup g = state(c.group());
        if (g == null) {
            return -Errno.EINVAL;
        }
        if (g.freeCount == 0) {
            return NO_BUFFER;
        }
        int bid = g.free[--g.freeCount];
        ByteBuffer view = g.views[bid];
        if (view == null) {
            view = c.group().buffer(bid).asByteBuffer();
            g.views[bid] = view;
        }
        int r = SocketOps.recv(h, view.clear(), (c.flags() & SocketOps.MSG_PEEK) != 0);
        if (r > 0) {
            op.bid = bid;
        } else {
            g.free[g.freeCount++] = bid; // nothing in it: back on the stack
        }
        return r;
    }

    // ------------------------------------------------------------------ UDP (handle of kind DATAGRAM)

    /** One non-blocking try of an op on a UDP handle. */
    int datagram(Handle h, Completion c, NioOp op) {
        DatagramChannel ch = h.datagram;
        try {
            switch (c.op()) {
                case SENDMSG -> {
                    ByteBuffer b = op.buffer;
                    int n = ch.send(b, c.address());
                    return n > 0 || !b.hasRemaining() ? n : SocketOps.WOULD_BLOCK;
                }
                case RECVMSG, RECV, READ -> {
                    ByteBuffer b = op.buffer;
                    SocketAddress from = ch.receive(b);
                    if (from == null) {
                        return SocketOps.WOULD_BLOCK;
                    }
                    if (c.op() == Op.RECVMSG) {
                        c.peer().set((InetSocketAddress) from);
                    }
                    return b.position();
                }
                case RECVMSG_MULTISHOT -> {
                    return receiveBatched(ch, c, op);
                }
                case SEND, WRITE, SEND_ZC -> {
                    return ch.isConnected() ? ch.write(op.buffer) : -EDESTADDRREQ;
                }
                case CONNECT -> {
                    ch.connect(c.address()); // UDP: sets the default peer at once, never waits
                    return 0;
                }
                default -> {
                    return -Errno.EOPNOTSUPP;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -NioErrno.of(e);
        }
    }

    /** One datagram into a free group buffer, after the header room io_uring's layout needs. */
    private int receiveBatched(DatagramChannel ch, Completion c, NioOp op) throws IOException {
        NioGroup g = state(c.group());
        if (g == null) {
            return -Errno.EINVAL;
        }
        if (g.freeCount == 0) {
            return NO_BUFFER;
        }
        int bid = g.free[--g.freeCount];
        ByteBuffer view = g.views[bid];
        if (view == null) {
            view = c.group().buffer(bid).asByteBuffer();
            g.views[bid] = view;
        }
        view.clear().position(Completion.RECVMSG_HEADER_BYTES);
        SocketAddress from;
        try {
            from = ch.receive(view);
        } catch (IOException | RuntimeException e) {
            g.free[g.freeCount++] = bid;
            throw e;
        }
        if (from == null) {
            g.free[g.freeCount++] = bid;
            return SocketOps.WOULD_BLOCK;
        }
        c.peer().set((InetSocketAddress) from);
        op.bid = bid;
        return view.position() - Completion.RECVMSG_HEADER_BYTES;
    }

    // ------------------------------------------------------------------ buffer groups

    static NioGroup state(BufferGroup g) {
        return OpState.groupState(g) instanceof NioGroup ng ? ng : null;
    }

    int attach(BufferGroup g) {
        OpState.groupState(g, new NioGroup(g.count()));
        groups.add(g);
        int id = nextGroupId;
        nextGroupId = (nextGroupId + 1) & 0xffff;
        return id;
    }

    /** A buffer came back: push it, and move the parked receives back to {@code submitted}. */
    void released(BufferGroup g, int bid, WaitList submitted) {
        NioGroup ng = state(g);
        if (ng == null) {
            return;
        }
        ng.free[ng.freeCount++] = bid;
        Completion c;
        while ((c = ng.parked.poll()) != null) {
            NioBackend.markSubmitted(c);
            submitted.add(c);
        }
    }

    void park(Completion c) {
        NioGroup ng = state(c.group());
        NioBackend.markParked(c);
        ng.parked.add(c);
    }

    /** Unlinks a parked receive; true when it was parked. */
    boolean unpark(Completion c) {
        NioGroup ng = c.group() == null ? null : state(c.group());
        return ng != null && ng.parked.remove(c);
    }

    void detach(BufferGroup g) {
        OpState.groupState(g, null);
        groups.remove(g);
    }

    /** At close: every parked receive, for the backend to finish with {@code -ECANCELED}. */
    void drainParked(WaitList to) {
        for (BufferGroup g : groups) {
            NioGroup ng = state(g);
            if (ng != null) {
                ng.parked.drainTo(to);
            }
        }
    }

    /** After close: no receive runs any more; free the groups' memory. */
    void free() {
        for (BufferGroup g : groups) {
            OpState.groupFree(g);
        }
        groups.clear();
    }
}
