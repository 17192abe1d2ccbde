package io.zokio.http.server;

import io.zokio.loop.Completion;
import io.zokio.runtime.Runtime;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * <b>Threading:</b> one connection's virtual thread; not thread-safe.
 *
 * <p>File operations of one connection, run on the loop of the worker that owns its socket
 * ({@link Runtime#submitAndAwait(int, Completion)}): they never block a carrier, and a descriptor lives on the
 * same loop as the socket that {@code sendFile} pairs it with. One reused completion and stat; the native read
 * buffer is allocated on first use.
 */
public final class FileIo {
    /** statx flag: do not follow a symbolic link in the last component. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int BUFFER_BYTES = 64 * 1024;

    private final Runtime rt;
    private final int worker;
    private final Completion op = new Completion();
    private final FileStat stat = new FileStat();
    private MemorySegment buffer;

    public FileIo(Runtime rt, int worker) {
        this.rt = rt;
        this.worker = worker;
    }

    /** Opens {@code path} read-only; returns the descriptor or a negated errno. */
    public int open(String path) {
        op.prepOpenAt(OpenFlags.AT_FDCWD, path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        return rt.submitAndAwait(worker, op);
    }

    /** Stats an open descriptor into {@link #stat()}; returns 0 or a negated errno. */
    public int stat(int fd) {
        op.prepStatx(fd, "", OpenFlags.AT_EMPTY_PATH, stat);
        return rt.submitAndAwait(worker, op);
    }

    /**
     * Stats {@code path} into {@link #stat()}, following a final symbolic link or not; 0 or a negated errno.
     */
    public int stat(String path, boolean follow) {
        op.prepStatx(OpenFlags.AT_FDCWD, path, follow ? 0 : AT_SYMLINK_NOFOLLOW, stat);
        return rt.submitAndAwait(worker, op);
    }

    public FileStat stat() {
        return stat;
    }

    /** Reads up to {@code length} bytes at {@code offset} into {@link #buffer()}; bytes read or a negated errno. */
    public int read(int fd, long offset, int length) {
        op.prepRead(fd, buffer().asSlice(0, Math.min(length, BUFFER_BYTES)), offset);
        return rt.submitAndAwait(worker, op);
    }

    public MemorySegment buffer() {
        if (buffer == null) {
            buffer = Arena.ofAuto().allocate(BUFFER_BYTES, 4096);
        }
        return buffer;
    }

    public void close(int fd) {
        op.prepClose(fd);
        rt.submitAndAwait(worker, op); // a close error on a read-only file loses nothing
    }
}
