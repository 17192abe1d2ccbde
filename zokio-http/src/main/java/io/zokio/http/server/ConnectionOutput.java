package io.zokio.http.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * <b>Threading:</b> one connection's virtual thread.
 *
 * <p>The connection's reused write buffer. Response heads and small bodies are appended here and leave in one
 * write when the connection next waits for input (so pipelined responses are batched), when the buffer passes
 * its flush threshold, or on an explicit {@link #flush()}. Large bodies are written from the caller's array
 * directly after the buffered bytes.
 *
 * <p>On plain connections {@link #flush()} starts the write and returns: the connection's next read is submitted
 * with the write still in flight, so that both wait in one turn of the event loop. Two arrays alternate: the one
 * being written stays untouched until its write completes, which the next flush, a direct write, or
 * {@link #flushAndWait()} waits for (within the write timeout). At most one write is in flight.
 */
final class ConnectionOutput extends ResponseBytes {
    private static final int FLUSH_AT = 32 * 1024;
    private static final int DIRECT_BODY = 16 * 1024;

    /** The array of the write in flight (untouched until it completes), then the spare; null before. */
    private byte[] other;
    private java.util.concurrent.CompletableFuture<Void> inFlight;
    private int inFlightBytes;
    private final Wire wire;
    private final ServerCounters counters;
    private final IoDeadline deadline;
    private final long writeTimeoutNanos;

    ConnectionOutput(Wire wire, ServerCounters counters, IoDeadline deadline, long writeTimeoutNanos) {
        this.deadline = deadline;
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.wire = wire;
        this.counters = counters;
    }

    /** A body: copied behind the head when small, else written straight from {@code body} after a flush. */
    @Override
    void writeBody(byte[] body, int off, int len) throws IOException {
        if (len <= DIRECT_BODY) {
            write(body, off, len);
            return;
        }
        flush();
        writeDirect(ByteBuffer.wrap(body, off, len));
    }

    /** Writes {@code src} now, bypassing the buffer (flush first), within the write timeout. */
    void writeDirect(ByteBuffer src) throws IOException {
        awaitWrite();
        int n = src.remaining();
        deadline.armIn(writeTimeoutNanos);
        try {
            wire.writeAll(src);
        } finally {
            deadline.disarm();
        }
        counters.bytesOut.add(n);
    }

    /** As {@link #writeDirect(ByteBuffer)} for a native segment. */
    void writeDirect(java.lang.foreign.MemorySegment src) throws IOException {
        awaitWrite();
        deadline.armIn(writeTimeoutNanos);
        try {
            wire.writeAll(src);
        } finally {
            deadline.disarm();
        }
        counters.bytesOut.add(src.byteSize());
    }

    /** Flushes when enough is buffered; the connection calls this after each response. */
    @Override
    void maybeFlush() throws IOException {
        if (count >= FLUSH_AT) {
            flush();
        }
    }

    int pending() {
        return count;
    }

    /** Hands the buffered bytes to the socket; on plain connections returns before they are written. */
    @Override
    void flush() throws IOException {
        if (count == 0) {
            return;
        }
        awaitWrite();
        int n = count;
        count = 0; // a failed write leaves the connection unusable, so nothing is kept for a retry
        ByteBuffer src = ByteBuffer.wrap(buf, 0, n);
        java.util.concurrent.CompletableFuture<Void> started = wire.startWrite(src);
        if (started == null) {
            writeDirect(src);
            return;
        }
        inFlight = started;
        inFlightBytes = n;
        byte[] written = buf;
        buf = other != null && other.length >= written.length ? other : new byte[written.length];
        other = written;
    }

    /** Flushes and waits until every byte has been written. */
    void flushAndWait() throws IOException {
        flush();
        awaitWrite();
    }

    /** Waits for the write in flight, if any, within the write timeout. */
    private void awaitWrite() throws IOException {
        java.util.concurrent.CompletableFuture<Void> f = inFlight;
        if (f == null) {
            return;
        }
        inFlight = null;
        if (!f.isDone()) {
            deadline.armIn(writeTimeoutNanos);
        }
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof IOException io ? io : new IOException("write failed", cause);
        } finally {
            deadline.disarm();
        }
        counters.bytesOut.add(inFlightBytes);
    }
}
