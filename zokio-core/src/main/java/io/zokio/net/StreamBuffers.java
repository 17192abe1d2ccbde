package io.zokio.net;

import io.zokio.loop.Completion;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * <b>Threading:</b> the read half is used only by the stream's one reader at a time and the write half by its
 * one writer (the stream's per-direction op claim serialises each), so no locking.
 *
 * <p>Native staging for heap buffers (the kernel cannot write into the Java heap) of one stream or UDP socket,
 * allocated on first use and grown to fit larger requests ({@link #stagingBytes}), from an automatic arena: it
 * is freed by the GC once the socket is unreachable, which is always after its last operation settled, so a
 * pending operation can never see its staging memory freed. Also the buffer checks and position arithmetic
 * that reads and writes share (read-only refusal, direct segments for vectored I/O, advancing positions).
 */
final class StreamBuffers {
    static final int MIN_STAGING_BYTES = 4096;
    private MemorySegment readStaging;
    private ByteBuffer readView;
    private MemorySegment writeStaging;
    private ByteBuffer writeView;

    static void checkReadable(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
    }

    /**
     * The memory of direct buffer {@code b}, for a call that hands it to the kernel on the caller's thread:
     * refused when its arena is closed (the kernel would read or write memory that may be in other use), as the
     * loop's operations refuse it.
     */
    static MemorySegment liveSegment(ByteBuffer b) {
        MemorySegment s = MemorySegment.ofBuffer(b);
        if (!s.scope().isAlive()) {
            throw new IllegalArgumentException("buffer's arena is already closed");
        }
        return s;
    }

    /** A staging slice for a heap read of up to {@code wanted} bytes. */
    MemorySegment readStaging(int wanted) {
        int n = Math.min(wanted, SocketStream.STAGING_BYTES);
        if (readStaging == null || readStaging.byteSize() < n) {
            readStaging = Arena.ofAuto().allocate(stagingBytes(n), 64);
            readView = readStaging.asByteBuffer();
        }
        return readStaging.asSlice(0, n);
    }

    /**
     * Staging grows with the largest request seen, in powers of two from {@value #MIN_STAGING_BYTES} up to
     * {@value SocketStream#STAGING_BYTES}: a connection doing small heap reads and writes (or idle with a small
     * read pending) holds a few KiB, not 64 KiB a direction. A replaced staging is never in use: the direction's
     * previous operation has settled before the next one asks for staging, and the GC frees it later.
     */
    static int stagingBytes(int n) {
        int pow = n <= MIN_STAGING_BYTES ? MIN_STAGING_BYTES : Integer.highestOneBit(n - 1) << 1;
        return Math.min(pow, SocketStream.STAGING_BYTES);
    }

    /** After a read of {@code n} bytes: copies from staging for a heap buffer, advances a direct one. */
    void completeRead(ByteBuffer dst, int n) {
        if (!dst.isDirect()) {
            dst.put(dst.position(), readView, 0, n);
        }
        dst.position(dst.position() + n);
    }

    /** Copies up to {@value SocketStream#STAGING_BYTES} bytes of {@code src} (position unchanged) to staging. */
    MemorySegment writeStaging(ByteBuffer src) {
        int n = Math.min(src.remaining(), SocketStream.STAGING_BYTES);
        if (writeStaging == null || writeStaging.byteSize() < n) {
            writeStaging = Arena.ofAuto().allocate(stagingBytes(n), 64);
            writeView = writeStaging.asByteBuffer();
        }
        writeView.put(0, src, src.position(), n);
        return writeStaging.asSlice(0, n);
    }

    /**
     * Segments for a vectored transfer when every buffer with room is direct (empty ones are skipped), or null
     * when any is a heap buffer.
     */
    static MemorySegment[] directSegments(ByteBuffer[] bufs, int offset, int length, boolean forRead) {
        int count = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = Objects.requireNonNull(bufs[i], "buffer " + i);
            if (forRead && b.isReadOnly()) {
                throw new ReadOnlyBufferException();
            }
            if (b.hasRemaining()) {
                if (!b.isDirect()) {
                    return null;
                }
                count++;
            }
        }
        MemorySegment[] segs = new MemorySegment[Math.min(count, Completion.MAX_IOVECS)];
        int j = 0;
        for (int i = offset; i < offset + length && j < segs.length; i++) {
            if (bufs[i].hasRemaining()) {
                segs[j++] = MemorySegment.ofBuffer(bufs[i]);
            }
        }
        return segs;
    }

    /** Moves positions forward over {@code n} transferred bytes, buffer by buffer. */
    static void advance(ByteBuffer[] bufs, int offset, int length, long n) {
        for (int i = offset; i < offset + length && n > 0; i++) {
            ByteBuffer b = bufs[i];
            int k = (int) Math.min(b.remaining(), n);
            b.position(b.position() + k);
            n -= k;
        }
    }
}
