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
 * <p>The three buffers of one TLS stream: network input (records as received), network output (records to
 * send) and application input (plaintext the caller had no room for). Between operations each is in read
 * mode: position to limit is the unconsumed content. They grow (a larger buffer, content copied, the old one
 * released) when the engine reports that a larger packet or plaintext size is in use, and network input also
 * when reads keep filling it (a bulk stream: up to {@value #STREAMING_RECORDS} records); otherwise nothing is
 * allocated after construction.
 *
 * <p>Heap buffers by default: the JDK's AES-GCM runs its combined intrinsic on arrays, while direct buffers go
 * through 768-byte heap copies it allocates per record; the TCP stream stages heap buffers natively with one
 * copy. {@code -Dzokio.tls.directBuffers=true} takes direct buffers from the runtime's {@link BufferPool}
 * instead (for providers that encrypt native memory).
 */
final class TlsBuffers {
    static final boolean DIRECT = Boolean.getBoolean("zokio.tls.directBuffers");

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
        // two records' room on output: a write of 32 KiB and more leaves in fewer syscalls
        if (!DIRECT) {
            netIn = ByteBuffer.allocate(packetBytes).limit(0);
            netOut = ByteBuffer.allocate(2 * packetBytes).limit(0);
            appIn = ByteBuffer.allocate(appBytes).limit(0);
            return;
        }
        netInHandle = pool.acquire(packetBytes);
        try {
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

    /** The most records {@link #widenNetIn} lets network input hold. */
    static final int STREAMING_RECORDS = 4;

    /**
     * After a read that filled network input to the brim (more is likely waiting in the kernel): doubles it,
     * up to {@value #STREAMING_RECORDS} packets of {@code packetBytes}.
     */
    void widenNetIn(int packetBytes) {
        int target = Math.min(2 * netIn.capacity(), STREAMING_RECORDS * packetBytes);
        if (target > netIn.capacity()) {
            growNetIn(target);
        }
    }

    /** Makes {@link #netIn} hold at least {@code bytes}, keeping its unread content. */
    void growNetIn(int bytes) {
        if (!DIRECT) {
            netIn = ByteBuffer.allocate(bytes).put(netIn).flip();
            return;
        }
        PooledBuffer old = netInHandle;
        netInHandle = pool.acquire(bytes);
        netIn = moveInto(netIn, netInHandle);
        old.release();
    }

    void growNetOut(int bytes) {
        if (!DIRECT) {
            netOut = ByteBuffer.allocate(bytes).put(netOut).flip();
            return;
        }
        PooledBuffer old = netOutHandle;
        netOutHandle = pool.acquire(bytes);
        netOut = moveInto(netOut, netOutHandle);
        old.release();
    }

    void growAppIn(int bytes) {
        if (!DIRECT) {
            appIn = ByteBuffer.allocate(bytes).put(appIn).flip();
            return;
        }
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

    /** Gives pooled buffers back to the pool (heap ones to the GC); later calls do nothing. */
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
