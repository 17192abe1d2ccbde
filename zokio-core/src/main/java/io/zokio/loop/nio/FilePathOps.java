package io.zokio.loop.nio;

import io.zokio.loop.FallocateFlags;
import io.zokio.loop.RenameFlags;
import io.zokio.sys.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The NIO backend's versions of the file operations FALLOCATE, FTRUNCATE, UNLINKAT,
 * RENAMEAT, MKDIRAT). Stateless; runs on file-pool threads. Results and errno values follow the Linux
 * syscalls; where java.nio cannot express a call exactly the difference is stated here:
 * <ul>
 *   <li>FALLOCATE mode 0 extends the file (a zero byte written at the new last offset) but does not reserve
 *       blocks; {@link FallocateFlags#FALLOC_FL_KEEP_SIZE} is accepted and does nothing; other modes (punch hole,
 *       zero range) are {@code -EOPNOTSUPP}.</li>
 *   <li>FTRUNCATE that grows a file writes one zero byte at the new last offset ({@code FileChannel.truncate}
 *       only shrinks).</li>
 *   <li>RENAMEAT with {@link RenameFlags#RENAME_NOREPLACE} checks then renames: not atomic against a concurrent
 *       creation of the target.</li>
 * </ul>
 */
final class FilePathOps {
    /** {@code ENOTEMPTY} on Linux. */
    static final int ENOTEMPTY = 39;
    private static final boolean POSIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private FilePathOps() {
    }

    static int fallocate(FileChannel ch, int mode, long offset, long length) throws IOException {
        if (mode == FallocateFlags.FALLOC_FL_KEEP_SIZE) {
            return 0;
        }
        if (mode != 0) {
            return -Errno.EOPNOTSUPP;
        }
        try {
            long end = offset + length;
            if (ch.size() < end) {
                growTo(ch, end);
            }
            return 0;
        } catch (NonWritableChannelException e) {
            return -Errno.EBADF; // fallocate(2) on a descriptor not open for writing
        }
    }

    static int ftruncate(FileChannel ch, long length) throws IOException {
        try {
            long size = ch.size();
            if (length < size) {
                ch.truncate(length);
            } else if (length > size) {
                growTo(ch, length);
            }
            return 0;
        } catch (NonWritableChannelException e) {
            return -Errno.EINVAL; // ftruncate(2) says EINVAL for a descriptor not open for writing
        }
    }

    private static void growTo(FileChannel ch, long size) throws IOException {
        ByteBuffer zero = ByteBuffer.allocate(1);
        while (zero.hasRemaining()) {
            ch.write(zero, size - 1); // past EOF: the byte was zero already, and the gap reads as zeros
        }
    }

    static int unlink(Path path, boolean directory) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        if (directory && !a.isDirectory()) {
            return -Errno.ENOTDIR;
        }
        if (!directory && a.isDirectory()) {
            return -Errno.EISDIR; // unlink(2) of a directory
        }
        try {
            Files.delete(path);
        } catch (DirectoryNotEmptyException e) {
            return -ENOTEMPTY;
        }
        return 0;
    }

    static int rename(Path from, Path to, boolean noReplace) throws IOException {
        if (noReplace) {
            Files.readAttributes(from, BasicFileAttributes.class, NOFOLLOW); // ENOENT first, as renameat2
            if (Files.exists(to, NOFOLLOW)) {
                return -Errno.EEXIST;
            }
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces an existing target
        } catch (DirectoryNotEmptyException e) {
            return -ENOTEMPTY;
        }
        return 0;
    }

    static int mkdir(Path path, int mode) throws IOException {
        FileAttribute<?>[] attrs = POSIX_VIEW
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FileOps.permissions(mode))}
                : new FileAttribute<?>[0];
        Files.createDirectory(path, attrs); // mkdir(2) with the mode: the umask applies, as in the kernel
        return 0;
    }
}
