package io.zokio.fs;

import io.zokio.loop.DirectFileCalls;
import io.zokio.runtime.Runtime;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The body of {@link Files#copy}: runs on a blocking-pool platform thread (it makes blocking syscalls), one
 * copy per call, nothing shared. Where the runtime's backend offers {@link DirectFileCalls},
 * {@code copy_file_range(2)} moves the data inside the kernel (and lets filesystems that can reflink or copy
 * server-side do so); where it cannot (EXDEV before 5.3 or across some filesystems, ENOSYS, EOPNOTSUPP, EINVAL),
 * or the backend has no direct calls, {@link FileChannel#transferTo} copies.
 */
final class FileCopy {
    private FileCopy() {
    }

    static long copy(Runtime rt, Path source, Path target, boolean replace) throws IOException {
        int mode = java.nio.file.Files.getPosixFilePermissions(source).stream()
                .mapToInt(p -> 0400 >> p.ordinal()).sum();
        Optional<DirectFileCalls> calls = rt.backendFeatures().fileCalls();
        if (calls.isPresent()) {
            long n;
            try {
                n = calls.get().copyFile(source, target, replace, mode);
            } catch (ErrnoException e) {
                // the target's open is the step that can find it existing; the rest concern the source
                throw FsErrors.typed(e, e.errno() == Errno.EEXIST ? target : source);
            }
            if (n >= 0) {
                return n;
            }
            return transfer(source, target, true); // the kernel could not: overwrite the empty target
        }
        return transfer(source, target, replace);
    }

    /** Without {@code replace}, an existing target fails with EEXIST, as the direct path's {@code O_EXCL} does. */
    private static long transfer(Path source, Path target, boolean replace) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = openTarget(target, replace)) {
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

    private static FileChannel openTarget(Path target, boolean replace) throws IOException {
        try {
            return FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    replace ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw FsErrors.of("open", -Errno.EEXIST, target);
        }
    }
}
