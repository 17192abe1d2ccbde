package io.zokio.loop.uring.ffi;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.OpenFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Whole-file copies inside the kernel with {@code copy_file_range(2)}: plain blocking syscalls on the caller's
 * thread, which must be one that may block. Any thread; nothing shared.
 */
public final class FileCopies {
    private static final long CHUNK = 1L << 30;
    /** {@code EXDEV}: cross-device copy (copy_file_range before Linux 5.3, and between some filesystems). */
    private static final int EXDEV = 18;

    private FileCopies() {
    }

    /**
     * Copies {@code source} to {@code target}, created with {@code mode} ({@code O_EXCL} unless {@code replace}).
     * {@code EXDEV}, {@code ENOSYS}, {@code EOPNOTSUPP} and {@code EINVAL} on the first chunk mean the kernel
     * cannot copy between these files.
     *
     * @return bytes copied, or -1 when the kernel cannot copy here (the target may exist, empty)
     * @throws ErrnoException when an open or the copy fails otherwise (e.g. {@code EEXIST}, {@code ENOENT})
     */
    public static long copy(Path source, Path target, boolean replace, int mode) throws ErrnoException {
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
