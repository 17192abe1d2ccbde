package io.zokio.fs;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.OpenFlags;
import io.zokio.loop.uring.ffi.Native;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The body of {@link Files#copy}: runs on a blocking-pool platform thread (it makes blocking syscalls), one
 * copy per call, nothing shared. {@code copy_file_range(2)} moves the data inside the kernel (and lets
 * filesystems that can reflink or copy server-side do so); EXDEV (before 5.3 / across some filesystems),
 * ENOSYS, EOPNOTSUPP and EINVAL on the first call fall back to {@link FileChannel#transferTo}.
 */
final class FileCopy {
    private static final long CHUNK = 1L << 30;
    /** {@code EXDEV}: cross-device copy (copy_file_range before Linux 5.3, and between some filesystems). */
    private static final int EXDEV = 18;

    private FileCopy() {
    }

    static long copy(Path source, Path target, boolean replace) throws IOException {
        int mode = java.nio.file.Files.getPosixFilePermissions(source).stream()
                .mapToInt(p -> 0400 >> p.ordinal()).sum();
        if (!Native.hasCopyFileRange()) {
            return transfer(source, target, replace);
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
                    long total = 0;
                    while (true) {
                        long n = nat.copyFileRange(in, out, CHUNK);
                        if (n == 0) {
                            return total;
                        }
                        if (n < 0) {
                            int e = (int) -n;
                            if (total == 0 && (e == EXDEV || e == Errno.ENOSYS || e == Errno.EOPNOTSUPP
                                    || e == Errno.EINVAL)) {
                                break; // not possible here: the fallback below overwrites the empty target
                            }
                            if (e == Errno.EINTR) {
                                continue;
                            }
                            throw new ErrnoException("copy_file_range", e, source + " -> " + target);
                        }
                        total += n;
                    }
                } finally {
                    nat.close(out);
                }
            } finally {
                nat.close(in);
            }
        }
        return transfer(source, target, true);
    }

    private static long transfer(Path source, Path target, boolean replace) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                     replace ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.CREATE_NEW)) {
            long size = in.size();
            long total = 0;
            while (total < size) {
                long n = in.transferTo(total, size - total, out);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
            return total;
        }
    }
}
