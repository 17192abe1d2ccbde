package io.zokio.loop.uring;

import io.zokio.loop.DirectFileCalls;
import io.zokio.loop.uring.ffi.Native;
import io.zokio.loop.uring.ffi.NoWaitReader;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.OpenFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The io_uring backend's {@link DirectFileCalls}: {@code preadv2(RWF_NOWAIT)} page-cache reads and
 * {@code copy_file_range(2)} copies, plain syscalls on the caller's thread. One instance serves every loop (the
 * calls hold no state of a loop).
 *
 * <p><b>Threading:</b> any thread; a reader belongs to the thread that made it.
 */
final class UringFileCalls implements DirectFileCalls {
    static final UringFileCalls INSTANCE = new UringFileCalls();

    private static final long CHUNK = 1L << 30;
    /** {@code EXDEV}: cross-device copy (copy_file_range before Linux 5.3, and between some filesystems). */
    private static final int EXDEV = 18;

    private UringFileCalls() {
    }

    @Override
    public boolean inlineReadsAvailable() {
        return NoWaitReader.available();
    }

    @Override
    public InlineReader newInlineReader() {
        NoWaitReader reader = new NoWaitReader();
        return reader::read;
    }

    /**
     * {@code EXDEV}, {@code ENOSYS}, {@code EOPNOTSUPP} and {@code EINVAL} on the first chunk mean the kernel
     * cannot copy between these files: -1, and the caller copies another way.
     */
    @Override
    public long copyFile(Path source, Path target, boolean replace, int mode) throws IOException {
        if (!Native.hasCopyFileRange()) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            Native nat = new Native(arena);
            MemorySegment src = arena.allocateFrom(source.toAbsolutePath().toString());
            MemorySegment dst = arena.allocateFrom(target.toAbsolutePath().toString());
            int in = nat.open(src, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
            if (in < 0) {
                throw new ErrnoException("open", in, String.valueOf(source));
            }
            try {
                int flags = OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC
                        | (replace ? OpenFlags.O_TRUNC : OpenFlags.O_EXCL);
                int out = nat.open(dst, flags, mode);
                if (out < 0) {
                    throw new ErrnoException("open", out, String.valueOf(target));
                }
                try {
                    return copyAll(nat, in, out, source, target);
                } finally {
                    nat.close(out);
                }
            } finally {
                nat.close(in);
            }
        }
    }

    private static long copyAll(Native nat, int in, int out, Path source, Path target) throws ErrnoException {
        long total = 0;
        while (true) {
            long n = nat.copyFileRange(in, out, CHUNK);
            if (n == 0) {
                return total;
            }
            if (n < 0) {
                int e = (int) -n;
                if (total == 0 && (e == EXDEV || e == Errno.ENOSYS || e == Errno.EOPNOTSUPP || e == Errno.EINVAL)) {
                    return -1;
                }
                if (e == Errno.EINTR) {
                    continue;
                }
                throw new ErrnoException("copy_file_range", e, source + " -> " + target);
            }
            total += n;
        }
    }
}
