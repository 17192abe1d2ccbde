package io.zokio.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A group of equally sized native buffers from which the backend picks one per message of a
 * {@link Op#RECV_MULTISHOT} (io_uring: a provided buffer ring, {@code IORING_REGISTER_PBUF_RING}; NIO: the same
 * pool, emulated). Bounded memory per connection or per server: the group is the receive memory, and when all
 * its buffers are held by the user the receives wait (back-pressure) instead of failing.
 *
 * <p><b>Threading:</b> loop-thread only, like the {@link EventLoop} it belongs to.
 *
 * <p><b>Buffer states:</b> each buffer is either <em>in the ring</em> (the backend or the kernel may fill it) or
 * <em>held</em> (a callback was given its id in {@link Completion#bufferId()}); {@link #release} moves it back.
 * A held buffer is the user's until released: read it with {@link #buffer(int, int)}.
 *
 * <p><b>Lifetime:</b> the memory stays allocated while the kernel may write into it: {@link #close()} refuses
 * while a receive uses the group, and a group still open when its loop closes is unregistered and freed by the
 * backend after its ring is gone.
 */
public final class BufferGroup implements AutoCloseable {
    /** The most buffers a group holds (a provided ring's entries are counted in 16 bits). */
    public static final int MAX_BUFFERS = 32768;

    private final EventLoop loop;
    private final BufferRings rings;
    private final int count;
    private final int bufferBytes;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory;
    private final boolean[] held;
    /** Whole-buffer slices, made once per buffer: backends take them on every refill (no allocation). */
    private final MemorySegment[] whole;
    private int heldCount;
    private int id = -1;
    private boolean closed;
    /** Backend-owned state (loop thread), through {@code io.zokio.loop.internal.OpState}. */
    Object backendState;
    /** RECV_MULTISHOTs in flight that use this group (backend-maintained). */
    int users;

    private BufferGroup(EventLoop loop, int count, int bufferBytes) {
        this.loop = loop;
        this.rings = loop.features().bufferRings().orElseThrow(() -> new UnsupportedOperationException(
                loop.backendName() + " backend has no provided buffer groups"));
        this.count = count;
        this.bufferBytes = bufferBytes;
        this.memory = arena.allocate((long) count * bufferBytes, 64);
        this.held = new boolean[count];
        this.whole = new MemorySegment[count];
    }

    /**
     * A group of {@code count} buffers (a power of two, at most {@value #MAX_BUFFERS}) of {@code bufferBytes}
     * each, all in the ring. Loop thread.
     *
     * @throws UncheckedIOException when the kernel refuses the ring (e.g. before Linux 5.19)
     */
    public static BufferGroup open(EventLoop loop, int count, int bufferBytes) {
        Objects.requireNonNull(loop, "loop");
        if (count <= 0 || count > MAX_BUFFERS || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("count must be a power of two in 1.." + MAX_BUFFERS + ": " + count);
        }
        if (bufferBytes <= 0 || (long) count * bufferBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad buffer size " + bufferBytes + " for " + count + " buffers");
        }
        BufferGroup g = new BufferGroup(loop, count, bufferBytes);
        try {
            g.id = g.rings.attachGroup(g);
        } catch (IOException e) {
            g.arena.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            g.arena.close();
            throw e;
        }
        return g;
    }

    /** The group id the backend gave it (io_uring's {@code bgid}). */
    public int id() {
        return id;
    }

    public int count() {
        return count;
    }

    public int bufferBytes() {
        return bufferBytes;
    }

    /** Buffers in the ring (not held by the user). */
    public int available() {
        return count - heldCount;
    }

    /** The first {@code length} bytes of buffer {@code bufferId}, as a receive reported them. */
    public MemorySegment buffer(int bufferId, int length) {
        checkId(bufferId);
        if (length < 0 || length > bufferBytes) {
            throw new IllegalArgumentException("length out of 0.." + bufferBytes + ": " + length);
        }
        return memory.asSlice((long) bufferId * bufferBytes, length);
    }

    /** The {@code length} payload bytes a multishot result reported: at its buffer id and offset. */
    public MemorySegment payload(Completion c, int length) {
        int id = c.bufferId();
        checkId(id);
        if (length < 0 || c.bufferOffset() + (long) length > bufferBytes) {
            throw new IllegalArgumentException("payload out of the buffer: " + c.bufferOffset() + " + " + length);
        }
        return memory.asSlice((long) id * bufferBytes + c.bufferOffset(), length);
    }

    /** The whole buffer {@code bufferId} (backends fill it; users read {@link #buffer(int, int)}). */
    public MemorySegment buffer(int bufferId) {
        checkId(bufferId);
        MemorySegment s = whole[bufferId];
        if (s == null) {
            s = memory.asSlice((long) bufferId * bufferBytes, bufferBytes);
            whole[bufferId] = s;
        }
        return s;
    }

    /** Gives a held buffer back to the ring; a receive waiting for buffers resumes. Loop thread. */
    public void release(int bufferId) {
        checkId(bufferId);
        if (!held[bufferId]) {
            throw new IllegalStateException("buffer " + bufferId + " is not held (released twice?)");
        }
        held[bufferId] = false;
        heldCount--;
        if (!closed) {
            rings.releaseBuffer(this, bufferId);
        }
    }

    /** Whether the user holds buffer {@code bufferId}. */
    public boolean isHeld(int bufferId) {
        checkId(bufferId);
        return held[bufferId];
    }

    /** Backend: a result names {@code bufferId}; it is the user's until released. */
    void taken(int bufferId) {
        if (held[bufferId]) {
            throw new IllegalStateException("buffer " + bufferId + " handed out twice");
        }
        held[bufferId] = true;
        heldCount++;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("buffer group is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** True while a multishot receive uses the group: {@link #close()} would refuse until its final callback. */
    public boolean inUse() {
        return users > 0;
    }

    /**
     * Unregisters the group and frees its memory. Loop thread, with no RECV_MULTISHOT using it (their final
     * callbacks ran): otherwise the kernel could still write into it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (users > 0) {
            throw new IllegalStateException(users + " multishot receive(s) still use this group");
        }
        closed = true;
        if (!loop.isClosed()) {
            rings.detachGroup(this);
        }
        arena.close();
    }

    /** Backend, at its close once the kernel can no longer write: frees the memory. */
    void closeAfterBackend() {
        closed = true;
        arena.close();
    }

    private void checkId(int bufferId) {
        if (bufferId < 0 || bufferId >= count) {
            throw new IllegalArgumentException("buffer id out of 0.." + (count - 1) + ": " + bufferId);
        }
    }

    /** Whether this group belongs to {@code l} (a receive on another loop must not use it). Any thread. */
    public boolean belongsTo(EventLoop l) {
        return loop == l;
    }

    @Override
    public String toString() {
        return "BufferGroup[id=" + id + ", " + count + " x " + bufferBytes + " B, held=" + heldCount + "]";
    }
}
