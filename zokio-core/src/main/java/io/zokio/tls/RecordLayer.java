package io.zokio.tls;

import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * <b>Threading:</b> blocking; one reader and one writer at a time (the {@link TlsStream} enforces it). The
 * handshake holds {@link #handshakeLock} and {@link #sendLock}; every wrap and send of records holds
 * {@link #sendLock}, so records leave in the order the engine made them; reads need no lock. Virtual threads
 * park in the {@link TcpStream} calls; never call on an event-loop thread.
 *
 * <p>Drives one {@link SSLEngine} over one {@link TcpStream} with the buffers of {@link TlsBuffers}: unwraps
 * straight into the caller's buffers when the engine says they can hold the record (else into
 * {@code appIn}, drained by later reads), wraps straight from the caller's buffers into {@code netOut}. A
 * handshake message the engine wants sent while reading (a TLS 1.3 KeyUpdate answer, a TLS 1.2 close_notify
 * answer) is sent by the reader when no write is in progress, else by the writer once its write is done.
 */
final class RecordLayer {
    static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    /** Longest wait to put a fatal alert on the wire after a failure. */
    private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(1);

    final TcpStream tcp;
    final SSLEngine engine;
    final TlsBuffers bufs;
    private final Handshaker handshaker;
    private final ReentrantLock handshakeLock = new ReentrantLock();
    final ReentrantLock sendLock = new ReentrantLock();
    private volatile boolean handshakeDone;
    /** The first fatal failure: later operations report it instead of acting on a dead engine. */
    private volatile IOException failure;
    /** Reader-owned: the peer's close_notify has been read. */
    private boolean inboundDone;

    RecordLayer(Runtime rt, TcpStream tcp, SSLEngine engine, TlsConfig.HandshakeTasks tasks) {
        this.tcp = tcp;
        this.engine = engine;
        var s = engine.getSession();
        this.bufs = new TlsBuffers(rt.buffers(), s.getPacketBufferSize(), s.getApplicationBufferSize());
        this.handshaker = new Handshaker(this, rt, tasks);
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    // ------------------------------------------------------------------ handshake

    void handshake(Duration t) throws IOException {
        if (handshakeDone) {
            return;
        }
        handshakeLock.lock();
        try {
            if (handshakeDone) {
                return;
            }
            checkFailed();
            sendLock.lock();
            try {
                handshaker.run(t);
                handshakeDone = true;
            } finally {
                sendLock.unlock();
            }
        } catch (IOException e) {
            throw fail(e);
        } finally {
            handshakeLock.unlock();
        }
    }

    // ------------------------------------------------------------------ read

    /** Reads plaintext into {@code dsts}: bytes read, or -1 once the peer's close_notify was read. */
    long read(ByteBuffer[] dsts, int off, int len, Duration t) throws IOException {
        handshake(t);
        checkFailed();
        if (bufs.appIn.hasRemaining()) {
            return drainAppIn(dsts, off, len);
        }
        if (inboundDone) {
            return -1;
        }
        if (remaining(dsts, off, len) == 0) {
            return 0;
        }
        try {
            while (true) {
                if (!bufs.netIn.hasRemaining()) {
                    fill(t, false);
                    continue;
                }
                SSLEngineResult r = engine.unwrap(bufs.netIn, dsts, off, len);
                boolean viaAppIn = false;
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    // the caller's room is smaller than the record: decrypt into appIn, hand out what fits
                    r = unwrapIntoAppIn();
                    if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                        growAppIn();
                        continue;
                    }
                    viaAppIn = true;
                }
                afterUnwrap(r, t);
                if (r.bytesProduced() > 0) {
                    return viaAppIn ? drainAppIn(dsts, off, len) : r.bytesProduced();
                }
                switch (r.getStatus()) {
                    case CLOSED -> {
                        inboundDone = true;
                        return -1;
                    }
                    case BUFFER_UNDERFLOW -> fill(t, false);
                    default -> {
                        // a record without application data (a session ticket, a key update): go on
                    }
                }
            }
        } catch (SSLException e) {
            throw fail(e);
        }
    }

    SSLEngineResult unwrapIntoAppIn() throws SSLException {
        ByteBuffer app = bufs.appIn.compact();
        try {
            return engine.unwrap(bufs.netIn, app);
        } finally {
            app.flip();
        }
    }

    void growAppIn() {
        bufs.growAppIn(Math.max(engine.getSession().getApplicationBufferSize(), 2 * bufs.appIn.capacity()));
    }

    private void afterUnwrap(SSLEngineResult r, Duration t) throws IOException {
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            handshaker.runTasks();
            hs = engine.getHandshakeStatus();
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            sendPendingHandshake(t);
        }
    }

    private int drainAppIn(ByteBuffer[] dsts, int off, int len) {
        ByteBuffer app = bufs.appIn;
        int moved = 0;
        for (int i = off; i < off + len && app.hasRemaining(); i++) {
            ByteBuffer d = dsts[i];
            int n = Math.min(d.remaining(), app.remaining());
            d.put(d.position(), app, app.position(), n);
            d.position(d.position() + n);
            app.position(app.position() + n);
            moved += n;
        }
        return moved;
    }

    /**
     * Receives more records into netIn: grows it when the session's packets grew, and, for a stream whose
     * reads keep filling it, up to {@value TlsBuffers#STREAMING_RECORDS} records, so that a bulk transfer takes
     * several records per TCP read while an idle or chatty connection keeps one record's room.
     */
    void fill(Duration t, boolean handshaking) throws IOException {
        int need = engine.getSession().getPacketBufferSize();
        if (bufs.netIn.capacity() < need) {
            bufs.growNetIn(need);
        }
        ByteBuffer in = bufs.netIn.compact();
        if (!in.hasRemaining()) { // full, and the engine still wants more: a record larger than announced
            in.flip();
            bufs.growNetIn(2 * in.capacity());
            in = bufs.netIn.compact();
        }
        int room = in.remaining();
        int n;
        try {
            n = tcp.read(in, t);
        } finally {
            in.flip();
        }
        if (n < 0) {
            throw endOfStream(handshaking);
        }
        if (n == room && !handshaking) {
            bufs.widenNetIn(need);
        }
    }

    private SSLException endOfStream(boolean handshaking) {
        int partial = bufs.netIn.remaining();
        if (handshaking) {
            return new SSLHandshakeException("the peer closed the connection during the TLS handshake"
                    + (partial > 0 ? " in the middle of a record (" + partial + " bytes of it received)" : ""));
        }
        try {
            engine.closeInbound(); // the engine notes the truncation; it complains as we do
        } catch (SSLException expected) {
            // same finding as below, in the JDK's words
        }
        return new TlsTruncationException(partial > 0
                ? "the peer closed the TCP connection in the middle of a TLS record (" + partial
                        + " bytes of it received): the data is truncated"
                : "the peer closed the TCP connection without sending close_notify: the data may be truncated");
    }

    // ------------------------------------------------------------------ write

    /** Encrypts and sends at least one byte of {@code srcs} (unless empty); returns the plaintext bytes taken. */
    long write(ByteBuffer[] srcs, int off, int len, Duration t) throws IOException {
        handshake(t);
        checkFailed();
        long total = remaining(srcs, off, len);
        if (total == 0) {
            return 0;
        }
        long taken = 0;
        sendLock.lock();
        try {
            flush(t); // records left by an earlier write that timed out
            while (taken < total) {
                ByteBuffer out = bufs.netOut.compact();
                SSLEngineResult r;
                try {
                    r = engine.wrap(srcs, off, len, out);
                } finally {
                    out.flip();
                }
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    if (out.hasRemaining()) {
                        break; // netOut is full of records: send them, return what they carry
                    }
                    bufs.growNetOut(2 * engine.getSession().getPacketBufferSize());
                    continue;
                }
                if (r.getStatus() == Status.CLOSED) {
                    if (taken > 0) {
                        break;
                    }
                    throw new IOException("TLS output is closed: close_notify was sent");
                }
                taken += r.bytesConsumed();
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    handshaker.runTasks();
                }
            }
            flush(t);
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            sendLock.unlock();
        }
        sendPendingHandshake(t); // a reader may have found the send lock taken by this write
        return taken;
    }

    /**
     * Sends what the engine wants to send outside the handshake (key update, close_notify answer) unless a
     * write holds the send lock: that write calls this again when it is done.
     */
    private void sendPendingHandshake(Duration t) throws IOException {
        while (handshakeDone && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && sendLock.tryLock()) {
            try {
                if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                    return;
                }
                SSLEngineResult r = wrap(NOTHING, 0, 1, t);
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    handshaker.runTasks();
                }
                flush(t);
                if (r.bytesProduced() == 0) {
                    return;
                }
            } finally {
                sendLock.unlock();
            }
        }
    }

    /** Wraps once into netOut (sending or growing it on overflow). Caller holds the send lock. */
    SSLEngineResult wrap(ByteBuffer[] srcs, int off, int len, Duration t) throws IOException {
        while (true) {
            ByteBuffer out = bufs.netOut.compact();
            SSLEngineResult r;
            try {
                r = engine.wrap(srcs, off, len, out);
            } finally {
                out.flip();
            }
            if (r.getStatus() != Status.BUFFER_OVERFLOW) {
                return r;
            }
            if (out.hasRemaining()) {
                flush(t);
            } else {
                bufs.growNetOut(2 * engine.getSession().getPacketBufferSize());
            }
        }
    }

    /** Sends all of netOut. Caller holds the send lock. */
    void flush(Duration t) throws IOException {
        ByteBuffer out = bufs.netOut;
        while (out.hasRemaining()) {
            tcp.write(out, t);
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Sends close_notify: waits for a write in progress when {@code wait}, else gives up (false) when one is.
     * Nothing is sent before the handshake finished or after a failure.
     */
    boolean sendCloseNotify(Duration t, boolean wait) throws IOException {
        if (!handshakeDone || failure != null) {
            return false;
        }
        if (wait) {
            sendLock.lock();
        } else if (!sendLock.tryLock()) {
            return false;
        }
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                if (wrap(NOTHING, 0, 1, t).bytesProduced() == 0) {
                    break;
                }
            }
            flush(t);
            return true;
        } finally {
            sendLock.unlock();
        }
    }

    /** Records the first failure and tries once, briefly, to send the alert the engine queued for it. */
    IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        if (e instanceof SSLException && sendLock.tryLock()) {
            try {
                engine.closeOutbound();
                wrap(NOTHING, 0, 1, ALERT_TIMEOUT);
                flush(ALERT_TIMEOUT);
            } catch (IOException | RuntimeException ignored) {
                // the connection is failing anyway; the caller gets the original cause
            } finally {
                sendLock.unlock();
            }
        }
        return e;
    }

    private void checkFailed() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f instanceof SSLException
                    ? new SSLException("the TLS connection failed earlier: " + f.getMessage(), f)
                    : new IOException("the TLS connection failed earlier: " + f.getMessage(), f);
        }
    }

    // ------------------------------------------------------------------ helpers

    static long remaining(ByteBuffer[] bufs, int off, int len) {
        long n = 0;
        for (int i = off; i < off + len; i++) {
            n += bufs[i].remaining();
        }
        return n;
    }
}
