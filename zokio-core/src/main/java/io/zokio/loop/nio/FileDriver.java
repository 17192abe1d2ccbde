package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import io.zokio.loop.Errno;
import io.zokio.loop.Op;
import io.zokio.loop.OpenFlags;
import java.nio.file.Path;

/**
 * The file half of the NIO backend: validates file ops on the loop thread, resolves paths against directory
 * handles, hands the work to the {@link FilePool} and turns finished OPENATs into handles. Loop thread only.
 */
final class FileDriver {
    private final NioBackend backend;
    private final HandleTable table;
    private final FilePool pool;

    FileDriver(NioBackend backend, HandleTable table, FilePool pool) {
        this.backend = backend;
        this.table = table;
        this.pool = pool;
    }

    /** An op on a file or directory handle. */
    void dispatch(Handle h, Completion c) {
        switch (c.op()) {
            case READ, WRITE, READV, WRITEV, FSYNC -> {
                if (h.kind == Handle.Kind.DIRECTORY && h.file == null && c.op() != Op.FSYNC) {
                    backend.finish(c, -Errno.EISDIR);
                } else {
                    toPool(c, h, null);
                }
            }
            case CLOSE -> {
                // the descriptor is gone at once (lowest-free reuse, EBADF for later ops); the channel closes
                // on the pool, after ops queued before this CLOSE, which see `closed` and end -ECANCELED
                h.closed = true;
                table.remove(h);
                toPool(c, h, null);
            }
            case POLL -> backend.finish(c, c.flags() & (Completion.POLLIN | Completion.POLLOUT)); // always ready
            case SHUTDOWN, ACCEPT, CONNECT, RECV, SEND -> backend.finish(c, -Errno.ENOTSOCK);
            default -> backend.finish(c, -Errno.EINVAL);
        }
    }

    void openAt(Completion c) {
        int error = checkDir(c.fd(), c.path());
        if (error < 0) {
            backend.finish(c, error);
        } else {
            toPool(c, null, c.path());
        }
    }

    void statx(Completion c) {
        String p = c.path();
        if (!p.isEmpty()) {
            openAt(c); // same path rules
            return;
        }
        if ((c.flags() & OpenFlags.AT_EMPTY_PATH) == 0) {
            backend.finish(c, -Errno.ENOENT);
        } else if (c.fd() == OpenFlags.AT_FDCWD) {
            toPool(c, null, ".");
        } else {
            Handle h = table.get(c.fd());
            if (h == null) {
                backend.finish(c, -Errno.EBADF);
            } else {
                NioOp op = NioBackend.prepare(c);
                op.path = h.path; // null for a socket: FileOps reports S_IFSOCK
                NioBackend.markInPool(c);
                pool.submit(c, op);
            }
        }
    }

    /** Errno for a path relative to {@code dirfd}, or 0 when it can be resolved. */
    private int checkDir(int dirfd, String path) {
        if (dirfd == OpenFlags.AT_FDCWD || path.startsWith("/")) {
            return 0; // openat(2) ignores dirfd for an absolute path
        }
        Handle h = table.get(dirfd);
        if (h == null) {
            return -Errno.EBADF;
        }
        // a FILE handle may be a directory opened without O_DIRECTORY: the pool thread checks (a stat)
        return h.path != null ? 0 : -Errno.ENOTDIR;
    }

    /** Hands {@code c} to the pool; {@code path} (OPENAT, STATX) is resolved against {@code c.fd()}. */
    private void toPool(Completion c, Handle h, String path) {
        NioOp op = NioBackend.prepare(c);
        op.handle = h;
        if (path != null) {
            Handle dir = path.startsWith("/") || c.fd() == OpenFlags.AT_FDCWD ? null : table.get(c.fd());
            op.handle = dir; // FileOps checks that a FILE handle used as a directory is one
            op.path = dir == null ? Path.of(path) : dir.path.resolve(path);
        }
        NioBackend.markInPool(c);
        pool.submit(c, op);
    }

    /** Finishes every op the pool completed; an opened file becomes the lowest free handle. */
    void takeResults() {
        NioOp op = pool.takeDone();
        while (op != null) {
            NioOp next = op.nextDone;
            Completion c = op.completion;
            int r = op.result;
            if (c.op() == Op.OPENAT && r >= 0) {
                r = table.nextIndex();
                table.put(Handle.file(r, op.openedChannel, op.path, op.openedDirectory));
            }
            op.clearTask();
            backend.finish(c, r);
            op = next;
        }
    }
}
