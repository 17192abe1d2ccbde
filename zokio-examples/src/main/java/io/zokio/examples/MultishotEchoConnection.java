package io.zokio.examples;

import io.zokio.loop.Action;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * <b>Threading:</b> loop-thread only (the owning {@link EchoServer}'s loop). Not thread-safe.
 *
 * <p>One echo connection on a multishot receive ({@code --recv multishot}): one RECV_MULTISHOT stays armed and
 * reports each message in a buffer of the server's {@link BufferGroup}, so a message costs no receive
 * submission; a second completion SENDs the buffers back in order and gives each back to the group once it is
 * written. Received buffers wait in a small FIFO while a send is in flight; when it is full the receive is
 * stopped (back-pressure on the peer through TCP) and re-armed once the FIFO has drained.
 *
 * <p>Ends: the receive's final callback (end of stream, an error, or its cancel) marks the connection done; the
 * descriptor is closed once no send is in flight either.
 */
final class MultishotEchoConnection implements EchoServer.Conn {
    private static final int QUEUE = 64; // a power of two
    /** Queued buffers at which the receive is stopped; the rest is room for results already on their way. */
    private static final int STOP_AT = QUEUE / 4;

    private final EchoServer server;
    private final BufferGroup group;
    private final Completion recv = new Completion();
    private final Completion send = new Completion();
    private final int[] queuedIds = new int[QUEUE];
    private final int[] queuedLengths = new int[QUEUE];
    private int head;
    private int count;
    /** Bytes of the head buffer already written. */
    private int sent;
    private int fd = -1;
    private boolean recvStopped;
    private boolean recvEnded;
    private boolean failed;

    MultishotEchoConnection(EchoServer server, BufferGroup group) {
        this.server = server;
        this.group = group;
        recv.callback(this::onRecv);
        send.callback(this::onSend);
    }

    @Override
    public void open(EventLoop loop, int fd) {
        this.fd = fd;
        head = 0;
        count = 0;
        sent = 0;
        recvStopped = false;
        recvEnded = false;
        failed = false;
        armRecv(loop);
    }

    private void armRecv(EventLoop loop) {
        recvStopped = false;
        loop.submit(recv.prepRecvMultishot(fd, group, 0));
    }

    private Action onRecv(EventLoop loop, Completion c, int result) {
        if (c.isActive()) { // an intermediate result: result > 0 bytes in buffer c.bufferId()
            if (server.isStopping() || failed) {
                group.release(c.bufferId());
                return Action.DISARM;
            }
            if (count == QUEUE) { // results kept coming after the stop: give up on this peer rather than buffer
                group.release(c.bufferId());
                failed = true;
                EchoServer.log("connection fd " + fd + " outran its send queue; closing it");
                return Action.DISARM;
            }
            int tail = (head + count) & (QUEUE - 1);
            queuedIds[tail] = c.bufferId();
            queuedLengths[tail] = result;
            count++;
            if (count == 1) {
                startSend(loop);
            }
            if (count >= STOP_AT) {
                recvStopped = true; // back-pressure: re-armed when the queue drains
                return Action.DISARM;
            }
            return Action.REARM;
        }
        // the final callback: end of stream, an error, or the stop/cancel we asked for
        if (recvStopped && result == -io.zokio.sys.Errno.ECANCELED && !server.isStopping() && !failed) {
            if (count == 0) {
                armRecv(loop); // drained meanwhile
            }
            return Action.DISARM;
        }
        recvEnded = true;
        recvStopped = false;
        finishIfIdle(loop);
        return Action.DISARM;
    }

    private void startSend(EventLoop loop) {
        int id = queuedIds[head];
        int len = queuedLengths[head];
        MemorySegment data = group.buffer(id, len);
        loop.submit(send.prepSend(fd, sent == 0 ? data : data.asSlice(sent), 0));
    }

    private Action onSend(EventLoop loop, Completion c, int result) {
        if (result < 0 || server.isStopping()) {
            failed = true;
            drainQueue();
            if (recv.isActive()) {
                loop.submit(new Completion().prepCancel(recv).callback((l, x, r) -> Action.DISARM));
            } else if (recvStopped) {
                recvEnded = true; // stopped for back-pressure: nothing more will come
            }
            finishIfIdle(loop);
            return Action.DISARM;
        }
        sent += result;
        if (sent < queuedLengths[head]) {
            startSend(loop); // a short write: the rest of this buffer
            return Action.DISARM;
        }
        group.release(queuedIds[head]);
        head = (head + 1) & (QUEUE - 1);
        count--;
        sent = 0;
        if (count > 0) {
            startSend(loop);
        } else if (recvStopped && !recv.isActive()) {
            armRecv(loop);
        } else {
            finishIfIdle(loop);
        }
        return Action.DISARM;
    }

    private void drainQueue() {
        while (count > 0) {
            group.release(queuedIds[head]);
            head = (head + 1) & (QUEUE - 1);
            count--;
        }
        sent = 0;
    }

    /** Closes the descriptor and returns this object to the pool once nothing is in flight. */
    private void finishIfIdle(EventLoop loop) {
        if (!recvEnded || recv.isActive() || send.isActive() || count > 0) {
            return;
        }
        closeDescriptor(loop);
        server.release(this);
    }

    @Override
    public Completion[] completions() {
        return new Completion[] {recv, send};
    }

    @Override
    public void closeDescriptor(EventLoop loop) {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            try {
                loop.sockets().closeNow(f);
            } catch (IOException e) {
                EchoServer.log("close of connection fd " + f + " failed: " + e.getMessage());
            }
        }
    }

    /** For the shutdown path: buffers still queued go back to the group. */
    @Override
    public void releaseResources() {
        drainQueue();
    }
}
