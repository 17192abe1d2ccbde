package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Keeps each socket handle's selector interest equal to what its waiters need, and tells the backend when a
 * select is needed at all. Loop thread only.
 *
 * <p>A channel is registered on first need and stays registered with an empty interest set while nothing
 * waits (re-registering would allocate a key each time). When a registered channel is closed, the JDK closes
 * its descriptor only when a select deregisters the key, so a select is forced soon after (else the peer
 * would not see the close until the loop next had I/O).
 */
final class Interest {
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;

    private final Selector selector;
    /** Handles whose interest set is not empty. */
    private int interested;
    /** A registered channel was closed since the last select. */
    private boolean keysCancelled;

    Interest(Selector selector) {
        this.selector = selector;
    }

    /** True when a non-blocking select could find anything: some handle has interest, or keys await removal. */
    boolean needsSelect() {
        return interested > 0 || keysCancelled;
    }

    /** Called after every select. */
    void selected() {
        keysCancelled = false;
    }

    /**
     * Recomputes {@code h}'s interest from its wait lists; registers the channel on first need. Read interest
     * is dropped lazily: it stays after the last reader left, and goes only when a read event finds nobody
     * waiting ({@code readIdle}). A request/response connection resubmits its RECV before the next bytes come,
     * so it never changes interest (two {@code epoll_ctl} calls saved per message); an idle connection costs
     * one wakeup before it is dropped. Write interest is exact: a writable socket is ready all the time.
     */
    void update(Handle h, boolean readIdle) {
        int ops = wanted(h) | (readIdle ? 0 : h.interestOps & READ_OPS);
        if (ops == h.interestOps || h.closed) {
            return;
        }
        try {
            if (h.key == null) {
                h.key = h.selectable().register(selector, ops, h);
            } else {
                h.key.interestOps(ops);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            // the channel was closed under its waiters (a failed connect closes it): the next attempt on each
            // reports EBADF; keep the old count
            return;
        }
        interested += (ops != 0 ? 1 : 0) - (h.interestOps != 0 ? 1 : 0);
        h.interestOps = ops;
    }

    /** {@code h} is being closed: it stops counting, and its key must be flushed by a select. */
    void closing(Handle h) {
        if (h.interestOps != 0) {
            interested--;
            h.interestOps = 0;
        }
        if (h.key != null) {
            keysCancelled = true;
        }
    }

    private static int wanted(Handle h) {
        int ops = 0;
        boolean listener = h.kind == Handle.Kind.LISTENER;
        boolean connecting = !listener && h.socket != null && (!h.writes.isEmpty() || !h.polls.isEmpty())
                && h.socket.isConnectionPending();
        if (!h.reads.isEmpty()) {
            ops |= listener ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        }
        if (!h.writes.isEmpty()) {
            ops |= connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        for (Completion c = h.polls.peek(); c != null; c = NioBackend.linked(c)) {
            int events = c.flags();
            if ((events & PollEvents.POLLOUT) != 0) {
                ops |= listener ? 0 : connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
            }
            if ((events & PollEvents.POLLOUT) == 0 || (events & PollEvents.POLLIN) != 0) {
                ops |= listener ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ; // POLLIN, or RDHUP/PRI alone
            }
        }
        return ops;
    }

    /** True when a key reporting {@code readyOps} has read readiness that no waiter of {@code h} wants. */
    static boolean readIdle(Handle h, int readyOps) {
        return (readyOps & READ_OPS) != 0 && h.reads.isEmpty() && h.polls.isEmpty();
    }

    /** The poll(2) mask for a key's ready set. */
    static int pollMask(int readyOps) {
        int mask = 0;
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            mask |= PollEvents.POLLIN;
        }
        if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            mask |= PollEvents.POLLOUT;
        }
        return mask;
    }

    /** The result for a POLL asking {@code events} when {@code mask} is ready; 0 when it must keep waiting. */
    static int pollResult(int events, int mask) {
        int m = mask & events & (PollEvents.POLLIN | PollEvents.POLLOUT);
        if (m == 0 && (mask & PollEvents.POLLIN) != 0) {
            // asked only for RDHUP/PRI: NIO cannot tell them apart from readability, so report what was asked
            m = events & (PollEvents.POLLRDHUP | PollEvents.POLLPRI);
        }
        return m;
    }
}
