package io.zokio.bridge;

import io.zokio.fs.AsyncFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link AsyncFile} as a {@link FileChannel}, for code written against NIO's file channels: every read,
 * write, size, truncate and force goes through Zokio's loops (io_uring: without pinning a virtual thread's
 * carrier).
 *
 * <p><b>The FileChannel contract, as kept here:</b>
 * <ul>
 *   <li>Position-based and positional reads and writes, scattering and gathering (buffer by buffer, stopping at
 *       the first short transfer), {@link #size}, {@link #truncate} (moves a position beyond the new size back),
 *       {@link #force} ({@code fsync}, or {@code fdatasync} when {@code metaData} is false), and
 *       {@link #transferTo}/{@link #transferFrom} (copied through this channel's staging buffer: no
 *       {@code sendfile}; the channel's position is not changed). A read at or beyond the end returns -1.</li>
 *   <li>Interruptible, as every {@code FileChannel}: interrupting a thread blocked in an operation closes the
 *       channel and the thread gets {@link java.nio.channels.ClosedByInterruptException}; closing it from
 *       another thread gives the blocked thread {@link java.nio.channels.AsynchronousCloseException}.</li>
 *   <li>Not supported, with {@link UnsupportedOperationException}: {@link #map} (a mapping would bypass the
 *       loops; map a {@code FileChannel.open} channel instead) and {@link #lock}/{@link #tryLock}
 *       ({@code AsyncFile} has no file locks).</li>
 *   <li>{@link #isOpen()} is the channel's state. A channel made with {@link #of} leaves the file to its owner:
 *       after the owner closed the file, operations throw {@link ClosedChannelException} while the channel
 *       still reports open. A write to a channel opened read-only ({@link #open} with {@code writable} false)
 *       throws {@link NonWritableChannelException}; a read of a file opened without {@code READ} fails with the
 *       file's own error.</li>
 * </ul>
 *
 * <p>Heap buffers are staged through one direct buffer of this channel (64 KiB, made on first use, freed by the
 * garbage collector once the channel is unreachable), so steady-state reads and writes allocate nothing; a heap
 * transfer moves at most 64 KiB per call.
 *
 * <p><b>Threading:</b> safe for concurrent use, as a {@code FileChannel}: operations on the channel's position
 * and every use of the staging buffer serialize on one lock; positional reads and writes of direct buffers run
 * concurrently. Any thread may close.
 */
public final class AsyncFileChannel extends FileChannel {
    private static final int STAGING_BYTES = 64 * 1024;

    private final AsyncFile file;
    private final boolean ownsFile;
    private final boolean writable;
    /** Guards {@code position} and {@code staging}; reentrant, and parks a virtual thread without pinning. */
    private final ReentrantLock lock = new ReentrantLock();
    private long position;
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

    // ------------------------------------------------------------------ at the channel's position

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        lock.lock();
        try {
            int n = read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        lock.lock();
        try {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer b = dsts[i];
                if (!b.hasRemaining()) {
                    continue;
                }
                int n = read(b);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
                if (b.hasRemaining()) {
                    break; // a short read: the rest is not there yet
                }
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        lock.lock();
        try {
            int n = write(src, position);
            position += n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        lock.lock();
        try {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer b = srcs[i];
                if (!b.hasRemaining()) {
                    continue;
                }
                total += write(b);
                if (b.hasRemaining()) {
                    break;
                }
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long position() throws IOException {
        checkOpen();
        lock.lock();
        try {
            return position;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public AsyncFileChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position must not be negative: " + newPosition);
        }
        checkOpen();
        lock.lock();
        try {
            position = newPosition;
        } finally {
            lock.unlock();
        }
        return this;
    }

    // ------------------------------------------------------------------ positional

    /** Reads at {@code pos} without moving the channel's position; -1 at or beyond the end. */
    @Override
    public int read(ByteBuffer dst, long pos) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        checkPosition(pos);
        checkOpen();
        if (!dst.hasRemaining()) {
            return 0;
        }
        return io(() -> dst.isDirect() ? file.read(dst, pos) : readStaged(dst, pos));
    }

    private int readStaged(ByteBuffer dst, long pos) throws IOException {
        lock.lock();
        try {
            MemorySegment s = staging().asSlice(0, Math.min(dst.remaining(), STAGING_BYTES));
            int n = file.read(s, pos);
            if (n > 0) {
                dst.put(s.asSlice(0, n).asByteBuffer());
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Writes at {@code pos} without moving the channel's position (the file grows when {@code pos} is beyond it). */
    @Override
    public int write(ByteBuffer src, long pos) throws IOException {
        Objects.requireNonNull(src, "src");
        checkPosition(pos);
        checkWritable();
        if (!src.hasRemaining()) {
            return 0;
        }
        return io(() -> src.isDirect() ? file.write(src, pos) : writeStaged(src, pos));
    }

    private int writeStaged(ByteBuffer src, long pos) throws IOException {
        lock.lock();
        try {
            int len = Math.min(src.remaining(), STAGING_BYTES);
            MemorySegment s = staging().asSlice(0, len);
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, s, 0, len);
            int n = file.write(s, pos);
            src.position(src.position() + n);
            return n;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ size, truncate, force

    @Override
    public long size() throws IOException {
        checkOpen();
        return io(file::size);
    }

    /** Cuts the file to {@code size} if it is longer; the position moves back to {@code size} if beyond it. */
    @Override
    public AsyncFileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        checkWritable();
        lock.lock();
        try {
            io(() -> {
                if (size < file.size()) {
                    file.truncate(size);
                }
                return null;
            });
            if (position > size) {
                position = size;
            }
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** {@code fsync}, or {@code fdatasync} when {@code metaData} is false. */
    @Override
    public void force(boolean metaData) throws IOException {
        checkOpen();
        io(() -> {
            if (metaData) {
                file.fsync();
            } else {
                file.fdatasync();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ transfers

    /**
     * Copies up to {@code count} bytes from {@code pos} to {@code target} through the staging buffer; stops at
     * the end of the file or when {@code target} takes no more (a non-blocking channel). The channel's position
     * does not change.
     */
    @Override
    public long transferTo(long pos, long count, WritableByteChannel target) throws IOException {
        Objects.requireNonNull(target, "target");
        checkPosition(pos);
        checkCount(count);
        checkOpen();
        lock.lock();
        try {
            long done = 0;
            while (done < count) {
                int want = (int) Math.min(STAGING_BYTES, count - done);
                MemorySegment s = staging().asSlice(0, want);
                long at = pos + done;
                int n = io(() -> file.read(s, at));
                if (n <= 0) {
                    break;
                }
                ByteBuffer b = s.asSlice(0, n).asByteBuffer();
                while (b.hasRemaining()) {
                    if (target.write(b) == 0) {
                        return done + b.position();
                    }
                }
                done += n;
            }
            return done;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies up to {@code count} bytes from {@code src} into the file at {@code pos} through the staging buffer;
     * stops at {@code src}'s end, or when it has nothing more now (a non-blocking channel). Nothing is copied when
     * {@code pos} is beyond the file's size, as {@code FileChannel} specifies. The channel's position does not
     * change.
     */
    @Override
    public long transferFrom(ReadableByteChannel src, long pos, long count) throws IOException {
        Objects.requireNonNull(src, "src");
        checkPosition(pos);
        checkCount(count);
        checkWritable();
        if (pos > size()) {
            return 0;
        }
        lock.lock();
        try {
            long done = 0;
            while (done < count) {
                int want = (int) Math.min(STAGING_BYTES, count - done);
                MemorySegment s = staging().asSlice(0, want);
                int n = src.read(s.asByteBuffer());
                if (n <= 0) {
                    break;
                }
                long at = pos + done;
                io(() -> {
                    file.writeAll(s.asSlice(0, n), at);
                    return null;
                });
                done += n;
            }
            return done;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ not supported

    /** Not supported: a mapping would bypass Zokio's loops; map a channel from {@code FileChannel.open}. */
    @Override
    public MappedByteBuffer map(MapMode mode, long pos, long size) {
        throw new UnsupportedOperationException("AsyncFileChannel cannot map " + file.path()
                + ": its I/O goes through Zokio's loops; map a channel from FileChannel.open instead");
    }

    /** Not supported: {@link AsyncFile} has no file locks. */
    @Override
    public FileLock lock(long pos, long size, boolean shared) {
        throw new UnsupportedOperationException("AsyncFileChannel has no file locks (" + file.path() + ")");
    }

    /** Not supported: {@link AsyncFile} has no file locks. */
    @Override
    public FileLock tryLock(long pos, long size, boolean shared) {
        throw new UnsupportedOperationException("AsyncFileChannel has no file locks (" + file.path() + ")");
    }

    // ------------------------------------------------------------------ close and helpers

    /**
     * Closes the file when the channel owns it. Called once, by {@link #close()} or by the interrupt of a thread
     * blocked in an operation; the staging buffer is left to the garbage collector, so that an operation still
     * using it cannot see it freed.
     */
    @Override
    protected void implCloseChannel() throws IOException {
        if (ownsFile) {
            file.close();
        }
    }

    /** A blocking step of an operation, inside the channel's interruptible section. */
    @FunctionalInterface
    private interface Io<T> {
        T run() throws IOException;
    }

    private <T> T io(Io<T> step) throws IOException {
        boolean completed = false;
        begin();
        try {
            T r = step.run();
            completed = true;
            return r;
        } finally {
            end(completed);
        }
    }

    private MemorySegment staging() {
        MemorySegment s = staging;
        if (s == null) {
            // automatic: the loop (or the NIO pool) writes into it from its own thread, and no close can free it
            // under an operation
            s = staging = Arena.ofAuto().allocate(STAGING_BYTES, 4096);
        }
        return s;
    }

    private void checkOpen() throws ClosedChannelException {
        if (!isOpen() || !file.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void checkWritable() throws ClosedChannelException {
        checkOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
    }

    private static void checkPosition(long pos) {
        if (pos < 0) {
            throw new IllegalArgumentException("position must not be negative: " + pos);
        }
    }

    private static void checkCount(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
    }
}
