package io.zokio.http.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * <b>Threading:</b> one connection's virtual thread.
 *
 * <p>The connection's one read buffer. Unread bytes are {@code [pos, limit)}. While a request is being handled
 * its head stays at the front (below {@link #floor}) so that the parsed head's offsets stay valid; body bytes are
 * read above it. Reads go straight into the buffer (no per-byte syscalls); before each read the output is flushed,
 * so that responses queued for pipelined requests leave in one write before the connection waits.
 */
final class ConnectionInput {
    final byte[] buf;
    int pos;
    int limit;
    /** Bytes below this belong to the current request's head and must not move. */
    int floor;
    private final ByteBuffer view;
    private final Wire wire;
    private final ConnectionOutput out;
    private final ServerCounters counters;
    private final IoDeadline deadline;

    ConnectionInput(int size, Wire wire, ConnectionOutput out, ServerCounters counters, IoDeadline deadline) {
        this.deadline = deadline;
        this.buf = new byte[size];
        this.view = ByteBuffer.wrap(buf);
        this.wire = wire;
        this.out = out;
        this.counters = counters;
    }

    int available() {
        return limit - pos;
    }

    /** Makes room above {@link #floor}, moving unread bytes down; returns the room left at the end. */
    private int compact() {
        if (pos == limit) {
            pos = limit = floor;
        } else if (limit == buf.length && pos > floor) {
            System.arraycopy(buf, pos, buf, floor, limit - pos);
            limit -= pos - floor;
            pos = floor;
        }
        return buf.length - limit;
    }

    /**
     * Reads more bytes after {@link #limit}; returns how many, or -1 at end of stream. The read is bounded by
     * {@code deadlineAt} ({@link System#nanoTime()}): past it the server's sweeper closes the socket.
     *
     * @throws IOException when the buffer is full (the caller's limits should prevent it) or the read fails,
     *         also because the deadline passed (then {@link IoDeadline#expired()})
     */
    int fill(long deadlineAt) throws IOException {
        if (compact() == 0) {
            throw new IOException("connection buffer full");
        }
        out.flush();
        view.limit(buf.length).position(limit);
        deadline.arm(deadlineAt);
        int n;
        try {
            n = wire.read(view, null);
        } finally {
            deadline.disarm();
        }
        if (n > 0) {
            limit += n;
            counters.bytesIn.add(n);
        }
        return n;
    }

    /** The current request is done: its head may be overwritten. */
    void releaseHead() {
        floor = 0;
        if (pos == limit) {
            pos = limit = 0;
        }
    }
}
