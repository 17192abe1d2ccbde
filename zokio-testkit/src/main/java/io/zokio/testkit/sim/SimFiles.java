package io.zokio.testkit.sim;

import io.zokio.loop.Completion;
import io.zokio.loop.FsyncFlags;
import io.zokio.loop.Op;
import io.zokio.sys.Errno;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The file half of {@link SimBackend}: operations on the real file system, performed synchronously on the loop
 * thread when they are submitted (local files answer deterministically), their results held back until the
 * operation's virtual completion time. Loop thread only.
 *
 * <p>Subset, documented in the package: O_DIRECT, O_CLOEXEC, O_SYNC and O_NOFOLLOW are ignored; {@code mode}
 * is ignored (files are created with the process umask); {@code O_RDWR|O_APPEND} is {@code -EINVAL} (as on the
 * NIO backend, a java.nio limit); STATX reports {@code blocks} and {@code blockSizeBytes} as 0.
 */
final class SimFiles {
    private static final int O_ACCMODE = 3;
    private static final int S_IFSOCK = 0140000;
    private static final boolean UNIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final LinkOption[] FOLLOW = {};

    private final SimBackend backend;

    /** An open file or directory ({@code channel} null for a directory). */
    record FileHandle(Path path, FileChannel channel) {
    }

    SimFiles(SimBackend backend) {
        this.backend = backend;
    }

    /** OPENAT and STATX: the result, installing the new descriptor for OPENAT. */
    int pathOp(Completion c) {
        Path p;
        Object dir = c.fd() == OpenFlags.AT_FDCWD ? null : backend.handle(c.fd());
        if (c.fd() != OpenFlags.AT_FDCWD && dir == null) {
            return -Errno.EBADF;
        }
        if (c.path().isEmpty() && (c.flags() & OpenFlags.AT_EMPTY_PATH) != 0 && c.op() == Op.STATX) {
            return dir instanceof FileHandle f ? stat(f.path(), c.stat())
                    : dir instanceof SimSocket ? socketStat(c.stat()) : -Errno.EBADF;
        }
        Path rel = Path.of(c.path());
        if (rel.isAbsolute() || dir == null) {
            p = rel;
        } else if (dir instanceof FileHandle f && f.channel() == null) {
            p = f.path().resolve(rel);
        } else {
            return -Errno.ENOTDIR;
        }
        return c.op() == Op.STATX ? stat(p, c.stat()) : open(p, c.flags());
    }

    private int open(Path p, int flags) {
        int access = flags & O_ACCMODE;
        try {
            if ((flags & OpenFlags.O_DIRECTORY) != 0 || Files.isDirectory(p)) {
                if (!Files.isDirectory(p)) {
                    return -Errno.ENOTDIR;
                }
                if (access != OpenFlags.O_RDONLY) {
                    return -Errno.EISDIR;
                }
                return backend.install(new FileHandle(p, null));
            }
            Set<OpenOption> options = new HashSet<>();
            options.add(access == OpenFlags.O_RDONLY ? StandardOpenOption.READ : StandardOpenOption.WRITE);
            if (access == OpenFlags.O_RDWR) {
                options.add(StandardOpenOption.READ);
            }
            boolean create = (flags & OpenFlags.O_CREAT) != 0;
            if (create && (flags & OpenFlags.O_EXCL) != 0) {
                options.add(StandardOpenOption.CREATE_NEW);
            } else if (create) {
                options.add(StandardOpenOption.CREATE);
            }
            if ((flags & OpenFlags.O_TRUNC) != 0) {
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            if ((flags & OpenFlags.O_APPEND) != 0 && access != OpenFlags.O_RDONLY) {
                options.add(StandardOpenOption.APPEND); // Java refuses READ+APPEND: O_RDWR|O_APPEND is -EINVAL
            }
            if (create && access == OpenFlags.O_RDONLY && !Files.exists(p)) {
                Files.createFile(p); // Java ignores CREATE without WRITE; open(2) does not
            }
            return backend.install(new FileHandle(p, FileChannel.open(p, options)));
        } catch (IOException | RuntimeException e) {
            return -errno(e);
        }
    }

    /** READ, WRITE, READV, WRITEV, FSYNC, CLOSE on an open file. */
    int fdOp(int fd, FileHandle f, SimOp op) {
        Completion c = op.completion;
        if (c.op() == Op.CLOSE) {
            return close(fd, f);
        }
        FileChannel ch = f.channel();
        if (ch == null) {
            return c.op() == Op.FSYNC ? 0 : -Errno.EISDIR;
        }
        try {
            return switch (c.op()) {
                case READ -> read(ch, backend.shortened(op, readable(ch, c.buffer(), c.offset())), c.offset());
                case WRITE -> write(ch, backend.shortened(op, c.buffer()), c.offset());
                case READV -> readv(ch, c.buffers(), c.offset());
                case WRITEV -> writev(ch, c.buffers(), c.offset());
                case FSYNC -> {
                    ch.force((c.flags() & FsyncFlags.FSYNC_DATASYNC) == 0);
                    yield 0;
                }
                default -> -Errno.EINVAL;
            };
        } catch (IOException | RuntimeException e) {
            return -errno(e);
        }
    }

    /** The part of {@code b} a read can fill (so a short read is short of what the file could give). */
    private static MemorySegment readable(FileChannel ch, MemorySegment b, long offset) throws IOException {
        long pos = offset == Completion.OFFSET_CURRENT ? ch.position() : offset;
        return b.asSlice(0, Math.min(b.byteSize(), Math.max(0, ch.size() - pos)));
    }

    private static int read(FileChannel ch, MemorySegment b, long offset) throws IOException {
        ByteBuffer bb = b.asByteBuffer();
        int n = offset == Completion.OFFSET_CURRENT ? ch.read(bb) : ch.read(bb, offset);
        return Math.max(n, 0); // -1 is end of file: 0 bytes, as read(2)
    }

    private static int write(FileChannel ch, MemorySegment b, long offset) throws IOException {
        ByteBuffer bb = b.asByteBuffer();
        return offset == Completion.OFFSET_CURRENT ? ch.write(bb) : ch.write(bb, offset);
    }

    private static int readv(FileChannel ch, MemorySegment[] bs, long offset) throws IOException {
        long total = 0;
        long pos = offset == Completion.OFFSET_CURRENT ? ch.position() : offset;
        for (MemorySegment b : bs) { // preadv: stop at the first short read
            ByteBuffer bb = b.asByteBuffer();
            int n = ch.read(bb, pos + total);
            total += Math.max(n, 0);
            if (bb.hasRemaining()) {
                break;
            }
        }
        if (offset == Completion.OFFSET_CURRENT) {
            ch.position(pos + total);
        }
        return (int) total;
    }

    private static int writev(FileChannel ch, MemorySegment[] bs, long offset) throws IOException {
        long total = 0;
        long pos = offset == Completion.OFFSET_CURRENT ? ch.position() : offset;
        for (MemorySegment b : bs) {
            ByteBuffer bb = b.asByteBuffer();
            total += ch.write(bb, pos + total);
            if (bb.hasRemaining()) {
                break;
            }
        }
        if (offset == Completion.OFFSET_CURRENT) {
            ch.position(pos + total);
        }
        return (int) total;
    }

    /** Closes {@code fd} (a file); the descriptor is gone even when the channel's close fails, as close(2). */
    int close(int fd, FileHandle f) {
        backend.uninstall(fd);
        try {
            if (f.channel() != null) {
                f.channel().close();
            }
            return 0;
        } catch (IOException e) {
            return -errno(e);
        }
    }

    private static int stat(Path p, FileStat out) {
        try {
            if (UNIX_VIEW) {
                Map<String, Object> a = Files.readAttributes(p, "unix:size,mode,ino,nlink,lastModifiedTime", FOLLOW);
                out.set((Long) a.get("size"), (Integer) a.get("mode"), (Long) a.get("ino"),
                        ((Number) a.get("nlink")).longValue(), nanos((FileTime) a.get("lastModifiedTime")), 0, 0);
                return 0;
            }
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, FOLLOW);
            int type = a.isDirectory() ? FileStat.S_IFDIR : a.isSymbolicLink() ? FileStat.S_IFLNK : FileStat.S_IFREG;
            out.set(a.size(), type | 0644, 0, 1, nanos(a.lastModifiedTime()), 0, 0);
            return 0;
        } catch (IOException | RuntimeException e) {
            return -errno(e);
        }
    }

    private static int socketStat(FileStat out) {
        out.set(0, S_IFSOCK | 0777, 0, 1, 0, 0, 0);
        return 0;
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    /** The positive errno of a java.nio failure (the subset a local file system produces). */
    static int errno(Throwable t) {
        return switch (t) {
            case NoSuchFileException e -> Errno.ENOENT;
            case FileAlreadyExistsException e -> Errno.EEXIST;
            case AccessDeniedException e -> Errno.EACCES;
            case NotDirectoryException e -> Errno.ENOTDIR;
            case NonReadableChannelException e -> Errno.EBADF;
            case NonWritableChannelException e -> Errno.EBADF;
            case ClosedChannelException e -> Errno.EBADF;
            case FileSystemException e when String.valueOf(e.getReason()).contains("Is a directory") -> Errno.EISDIR;
            case FileSystemException e when String.valueOf(e.getReason()).contains("Not a directory") ->
                    Errno.ENOTDIR;
            case IllegalArgumentException e -> Errno.EINVAL;
            default -> Errno.EIO;
        };
    }
}
