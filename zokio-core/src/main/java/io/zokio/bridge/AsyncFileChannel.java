package io.zokio.bridge;

import io.zokio.fs.AsyncFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * An {@link AsyncFile} as a {@link SeekableByteChannel}, for code written against NIO channels: reads and writes
 * at the channel's position go through Zokio's loops (io_uring: without pinning a virtual thread's carrier).
 * Heap buffers are staged through one direct buffer of this channel, made on first use and freed at close, so
 * steady-state reads and writes allocate nothing.
 *
 * <p>Closing the channel closes the file when the channel owns it ({@link #open}); a channel made with
 * {@link #of} leaves the file to its owner. A write to a file opened without {@code WRITE} fails with the
 * file's own error.
 *
 * <p><b>Threading:</b> as {@link java.nio.channels.FileChannel}'s position-based methods: one thread at a time
 * (the position is not shared safely); any thread may close.
 */
public final class AsyncFileChannel implements SeekableByteChannel {
    private static final int STAGING_BYTES = 64 * 1024;

    private final AsyncFile file;
    private final boolean ownsFile;
    private final boolean writable;
    private long position;
    private volatile boolean closed;
    private Arena stagingArena;
    private MemorySegment staging;

    private AsyncFileChannel(AsyncFile file, boolean ownsFile, boolean writable) {
        this.file = file;
        this.ownsFile = ownsFile;
        this.writable = writable;
    }

    /** A channel over {@code file} at position 0; closing it leaves the file open. */
    public static AsyncFileChannel of(AsyncFile file) {
        return new AsyncFileChannel(Objects.requireNonNull(file, "file"), false, true);
    }

    /** A channel that owns {@code file}: closing the channel closes the file. */
    public static AsyncFileChannel open(AsyncFile file, boolean writable) {
        return new AsyncFileChannel(Objects.requireNonNull(file, "file"), true, writable);
    }

    /** The file under this channel. */
    public AsyncFile file() {
        return file;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        checkOpen();
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n;
        if (dst.isDirect()) {
            n = file.read(dst, position);
        } else {
            int len = Math.min(dst.remaining(), STAGING_BYTES);
            MemorySegment s = staging().asSlice(0, len);
            n = file.read(s, position);
            if (n > 0) {
                dst.put(s.asSlice(0, n).asByteBuffer());
            }
        }
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        checkOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        int n;
        if (src.isDirect()) {
            n = file.write(src, position);
        } else {
            int len = Math.min(src.remaining(), STAGING_BYTES);
            MemorySegment s = staging().asSlice(0, len);
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, s, 0, len);
            n = file.write(s, position);
            src.position(src.position() + n);
        }
        position += n;
        return n;
    }

    @Override
    public long position() throws IOException {
        checkOpen();
        return position;
    }

    @Override
    public AsyncFileChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position must not be negative: " + newPosition);
        }
        checkOpen();
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        checkOpen();
        return file.size();
    }

    /** Cuts the file to {@code size} if it is longer; the position moves back to {@code size} if beyond it. */
    @Override
    public AsyncFileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        checkOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        if (size < file.size()) {
            file.truncate(size);
        }
        if (position > size) {
            position = size;
        }
        return this;
    }

    @Override
    public boolean isOpen() {
        return !closed && file.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (ownsFile) {
                file.close();
            }
        } finally {
            Arena a = stagingArena;
            if (a != null) {
                a.close();
            }
        }
    }

    private MemorySegment staging() {
        MemorySegment s = staging;
        if (s == null) {
            stagingArena = Arena.ofShared(); // the loop (or the NIO pool) writes into it from its own thread
            s = staging = stagingArena.allocate(STAGING_BYTES, 4096);
        }
        return s;
    }

    private void checkOpen() throws ClosedChannelException {
        if (closed || !file.isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
