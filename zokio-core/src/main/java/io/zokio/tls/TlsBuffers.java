package io.zokio.tls;

import io.zokio.buffer.BufferPool;
import io.zokio.buffer.PooledBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * <b>Threading:</b> {@link #netIn} and {@link #appIn} belong to the one reader (or the handshaking thread),
 * {@link #netOut} to whoever holds the stream's send lock; {@link #release} runs once, after the last user
 * left (see {@link TlsStream}'s use count).
 *
 * <p>The three direct buffers of one TLS stream, taken once from the runtime's {@link BufferPool}: network
 * input (records as received), network output (records to send) and application input (plaintext the caller
 * had no room for). Between operations each is in read mode: position to limit is the unconsumed content.
 * They grow (a larger buffer, content copied, the old one released) only when the engine reports that a larger
 * packet or plaintext size is in use; otherwise nothing is allocated after construction.
 */
final class TlsBuffers {
    private final BufferPool pool;
    private final AtomicBoolean released = new AtomicBoolean();
    private PooledBuffer netInHandle;
    private PooledBuffer netOutHandle;
    private PooledBuffer appInHandle;
    ByteBuffer netIn;
    ByteBuffer netOut;
    ByteBuffer appIn;

    /**
     * @param packetBytes the session's packet buffer size (one record on the wire)
     * @param appBytes    the session's application buffer size (one record's plaintext)
     */
    TlsBuffers(BufferPool pool, int packetBytes, int appBytes) {
        this.pool = pool;
        netInHandle = pool.acquire(packetBytes);
        try {
            // two records' room on output: a write of 32 KiB and more leaves in fewer syscalls
            netOutHandle = pool.acquire(2 * packetBytes);
            appInHandle = pool.acquire(appBytes);
        } catch (RuntimeException e) {
            quietRelease(netInHandle);
            quietRelease(netOutHandle);
            throw e;
        }
        netIn = empty(netInHandle);
        netOut = empty(netOutHandle);
        appIn = empty(appInHandle);
    }

    private static ByteBuffer empty(PooledBuffer b) {
        return b.byteBuffer().clear().limit(0);
    }

    /** Makes {@link #netIn} hold at least {@code bytes}, keeping its unread content. */
    void growNetIn(int bytes) {
        PooledBuffer old = netInHandle;
        netInHandle = pool.acquire(bytes);
        netIn = moveInto(netIn, netInHandle);
        old.release();
    }

    void growNetOut(int bytes) {
        PooledBuffer old = netOutHandle;
        netOutHandle = pool.acquire(bytes);
        netOut = moveInto(netOut, netOutHandle);
        old.release();
    }

    void growAppIn(int bytes) {
        PooledBuffer old = appInHandle;
        appInHandle = pool.acquire(bytes);
        appIn = moveInto(appIn, appInHandle);
        old.release();
    }

    private static ByteBuffer moveInto(ByteBuffer from, PooledBuffer to) {
        ByteBuffer b = to.byteBuffer().clear();
        b.put(from);
        return b.flip();
    }

    /** Gives the three buffers back to the pool; later calls do nothing. */
    void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        quietRelease(netInHandle);
        quietRelease(netOutHandle);
        quietRelease(appInHandle);
        netIn = netOut = appIn = null;
    }

    boolean isReleased() {
        return released.get();
    }

    private static void quietRelease(PooledBuffer b) {
        if (b == null) {
            return;
        }
        try {
            b.release();
        } catch (IllegalStateException e) {
            // the runtime (and its pool) closed first: the memory went with the pool's arena
        }
    }
}
