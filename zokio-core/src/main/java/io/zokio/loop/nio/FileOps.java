package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import io.zokio.loop.FsyncFlags;
import io.zokio.loop.RenameFlags;
import io.zokio.loop.UnlinkFlags;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.FileStat;
import io.zokio.loop.Op;
import io.zokio.sys.OpenFlags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The blocking file operations of the NIO backend. Stateless; runs on file-pool threads (never on the loop
 * thread). Each returns the operation's result as {@link io.zokio.loop.Op} defines it, or throws, and the pool
 * maps the exception through {@link NioErrno}.
 *
 * <p>Known differences from io_uring, all forced by java.nio: {@code O_DIRECT} and {@code O_CLOEXEC} are
 * ignored (every Java descriptor is close-on-exec; O_DIRECT only changes caching); {@code O_RDWR|O_APPEND}
 * fails {@code -EINVAL}; positional vectored I/O is a loop of positional reads/writes (not atomic); STATX
 * reports {@code blocks} and {@code blockSizeBytes} as 0, and on a descriptor re-reads its path (fstat would
 * see through a rename).
 */
final class FileOps {
    private static final int O_ACCMODE = 3;
    private static final int O_DSYNC = 010000;
    private static final int O_SYNC = 04010000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int S_IFSOCK = 0140000;
    private static final boolean UNIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final boolean POSIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private FileOps() {
    }

    static int execute(NioOp op) throws IOException {
        Completion c = op.completion;
        Handle h = op.handle;
        Op kind = c.op();
        if (kind == Op.OPENAT || kind == Op.STATX) {
            // h is the directory handle a relative path was resolved against (null for AT_FDCWD)
            if (h != null && h.kind == Handle.Kind.FILE && !Files.isDirectory(h.path)) {
                return -Errno.ENOTDIR;
            }
        }
        return switch (kind) {
            case READ -> read(channel(h), op.buffer, c.offset());
            case WRITE -> write(channel(h), op.buffer, c.offset());
            case READV -> readv(channel(h), op.buffers, c.offset());
            case WRITEV -> writev(channel(h), op.buffers, c.offset());
            case FSYNC -> fsync(h, (c.flags() & FsyncFlags.FSYNC_DATASYNC) == 0);
            case OPENAT -> open(op, c.flags(), c.mode());
            case STATX -> statx(op.path, c.flags(), c.stat());
            case CLOSE -> close(h);
            case READ_FIXED -> read(channel(h), op.buffer, c.offset());
            case WRITE_FIXED -> write(channel(h), op.buffer, c.offset());
            case FALLOCATE -> FilePathOps.fallocate(channel(h), c.mode(), c.offset(), c.length());
            case FTRUNCATE -> FilePathOps.ftruncate(channel(h), c.length());
            case UNLINKAT -> FilePathOps.unlink(op.path, (c.flags() & UnlinkFlags.AT_REMOVEDIR) != 0);
            case RENAMEAT -> FilePathOps.rename(op.path, op.path2, (c.flags() & RenameFlags.RENAME_NOREPLACE) != 0);
            case MKDIRAT -> FilePathOps.mkdir(op.path, c.mode());
            default -> -Errno.EINVAL;
        };
    }

    private static FileChannel channel(Handle h) throws ErrnoException {
        if (h.file == null) {
            throw new ErrnoException("read", Errno.EISDIR); // a directory Java could not open as a channel
        }
        return h.file;
    }

    static int read(FileChannel ch, ByteBuffer b, long offset) throws IOException {
        int n = offset == Completion.OFFSET_CURRENT ? ch.read(b) : ch.read(b, offset);
        return Math.max(n, 0); // -1 is end of file: 0 bytes, as read(2)
    }

    static int write(FileChannel ch, ByteBuffer b, long offset) throws IOException {
        return offset == Completion.OFFSET_CURRENT ? ch.write(b) : ch.write(b, offset);
    }

    static int readv(FileChannel ch, ByteBuffer[] bs, long offset) throws IOException {
        if (offset == Completion.OFFSET_CURRENT) {
            return (int) Math.max(ch.read(bs), 0);
        }
        long total = 0;
        for (ByteBuffer b : bs) { // preadv semantics: stop at the first short read
            int n = ch.read(b, offset + total);
            if (n > 0) {
                total += n;
            }
            if (b.hasRemaining()) {
                break;
            }
        }
        return (int) total;
    }

    static int writev(FileChannel ch, ByteBuffer[] bs, long offset) throws IOException {
        if (offset == Completion.OFFSET_CURRENT) {
            return (int) ch.write(bs);
        }
        long total = 0;
        for (ByteBuffer b : bs) {
            total += ch.write(b, offset + total);
            if (b.hasRemaining()) {
                break;
            }
        }
        return (int) total;
    }

    private static int fsync(Handle h, boolean metadata) throws IOException {
        if (h.file != null) {
            h.file.force(metadata);
        }
        return 0;
    }

    private static int close(Handle h) throws IOException {
        if (h.file != null) {
            h.file.close();
        }
        return 0;
    }

    /** Opens {@code op.path}; the loop installs {@code op.openedChannel} as a handle. Returns 0. */
    static int open(NioOp op, int flags, int mode) throws IOException {
        Path p = op.path;
        int access = flags & O_ACCMODE;
        LinkOption[] links = (flags & O_NOFOLLOW) != 0 ? NOFOLLOW : FOLLOW;
        if ((flags & OpenFlags.O_DIRECTORY) != 0) {
            if (!Files.readAttributes(p, BasicFileAttributes.class, links).isDirectory()) {
                return -Errno.ENOTDIR;
            }
            if (access != OpenFlags.O_RDONLY) {
                return -Errno.EISDIR;
            }
            op.openedChannel = openDirectory(p);
            op.openedDirectory = true;
            return 0;
        }
        Set<OpenOption> options = new HashSet<>();
        switch (access) {
            case OpenFlags.O_WRONLY -> options.add(StandardOpenOption.WRITE);
            case OpenFlags.O_RDWR -> {
                options.add(StandardOpenOption.READ);
                options.add(StandardOpenOption.WRITE);
            }
            default -> options.add(StandardOpenOption.READ);
        }
        boolean create = (flags & OpenFlags.O_CREAT) != 0;
        boolean exclusive = create && (flags & OpenFlags.O_EXCL) != 0;
        if (create) {
            options.add(exclusive ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((flags & OpenFlags.O_TRUNC) != 0) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if ((flags & OpenFlags.O_APPEND) != 0 && access != OpenFlags.O_RDONLY) {
            options.add(StandardOpenOption.APPEND); // Java rejects READ+APPEND: O_RDWR|O_APPEND is -EINVAL
        }
        if ((flags & O_SYNC) == O_SYNC) {
            options.add(StandardOpenOption.SYNC);
        } else if ((flags & O_DSYNC) != 0) {
            options.add(StandardOpenOption.DSYNC);
        }
        if (links == NOFOLLOW) {
            options.add(LinkOption.NOFOLLOW_LINKS);
        }
        FileAttribute<?>[] attrs = create && POSIX_VIEW
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(mode))}
                : new FileAttribute<?>[0];
        if (create && access == OpenFlags.O_RDONLY) {
            createForReading(p, exclusive, attrs); // Java ignores CREATE without WRITE; open(2) does not
            options.remove(StandardOpenOption.CREATE);
            options.remove(StandardOpenOption.CREATE_NEW);
        }
        op.openedChannel = FileChannel.open(p, options, attrs);
        op.openedDirectory = false;
        return 0;
    }

    private static void createForReading(Path p, boolean exclusive, FileAttribute<?>[] attrs) throws IOException {
        try {
            Files.createFile(p, attrs);
        } catch (FileAlreadyExistsException e) {
            if (exclusive) {
                throw e;
            }
        }
    }

    private static FileChannel openDirectory(Path p) {
        try {
            return FileChannel.open(p, StandardOpenOption.READ); // works on Linux; lets FSYNC reach the directory
        } catch (IOException | UnsupportedOperationException e) {
            return null; // still a handle: STATX and CLOSE work, reads report EISDIR
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE = 0400 .. 01
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                s.add(bits[i]);
            }
        }
        return s;
    }

    /** Fills {@code out}; a null {@code path} is a socket handle (AT_EMPTY_PATH on a socket). */
    static int statx(Path path, int flags, FileStat out) throws IOException {
        if (path == null) {
            out.set(0, S_IFSOCK | 0777, 0, 1, 0, 0, 0);
            return 0;
        }
        LinkOption[] links = (flags & AT_SYMLINK_NOFOLLOW) != 0 ? NOFOLLOW : FOLLOW;
        if (UNIX_VIEW) {
            Map<String, Object> a = Files.readAttributes(path, "unix:size,mode,ino,nlink,lastModifiedTime", links);
            out.set((Long) a.get("size"), (Integer) a.get("mode"), (Long) a.get("ino"),
                    ((Number) a.get("nlink")).longValue(), nanos((FileTime) a.get("lastModifiedTime")), 0, 0);
            return 0;
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, links);
        int type = a.isDirectory() ? FileStat.S_IFDIR : a.isSymbolicLink() ? FileStat.S_IFLNK : FileStat.S_IFREG;
        int perms = 0;
        if (POSIX_VIEW) {
            for (PosixFilePermission perm : Files.getPosixFilePermissions(path, links)) {
                perms |= 0400 >> perm.ordinal();
            }
        }
        out.set(a.size(), type | perms, 0, 1, nanos(a.lastModifiedTime()), 0, 0);
        return 0;
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }
}
