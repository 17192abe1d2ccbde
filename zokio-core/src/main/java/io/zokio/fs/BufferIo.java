package io.zokio.fs;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * <b>Threading:</b> stateless; as the {@link AsyncFile} methods it serves.
 *
 * <p>The {@link ByteBuffer} forms of {@link AsyncFile}'s positional read and write: a direct buffer is handed
 * to the kernel as a segment; a heap buffer goes through a temporary native segment of a shared arena (the
 * loop, or NIO's file pool, must reach it), one copy.
 */
final class BufferIo {
    private BufferIo() {
    }

    /** As {@link AsyncFile#read(MemorySegment, long)}, advancing {@code dst}'s position by the bytes read. */
    static int read(AsyncFile f, ByteBuffer dst, long position) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        if (dst.isDirect()) {
            int n = f.read(MemorySegment.ofBuffer(dst), position);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        try (Arena a = Arena.ofShared()) { // heap buffer: native memory the loop (or NIO pool) can reach
            MemorySegment tmp = a.allocate(Math.max(1, dst.remaining())).asSlice(0, dst.remaining());
            int n = f.read(tmp, position);
            if (n > 0) {
                dst.put(tmp.asSlice(0, n).asByteBuffer());
            }
            return n;
        }
    }

    /** As {@link AsyncFile#write(MemorySegment, long)}, advancing {@code src}'s position by the bytes written. */
    static int write(AsyncFile f, ByteBuffer src, long position) throws IOException {
        Objects.requireNonNull(src, "src");
        int n;
        if (src.isDirect()) {
            n = f.write(MemorySegment.ofBuffer(src), position);
        } else {
            try (Arena a = Arena.ofShared()) {
                MemorySegment tmp = a.allocate(Math.max(1, src.remaining())).asSlice(0, src.remaining());
                tmp.copyFrom(MemorySegment.ofBuffer(src));
                n = f.write(tmp, position);
            }
        }
        src.position(src.position() + n);
        return n;
    }
}
