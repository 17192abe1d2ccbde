package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.sys.Errno;
import io.zokio.loop.Op;
import io.zokio.sys.OpenFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * The file half of the NIO backend: validates file ops on the loop thread, resolves paths against directory
 * handles, hands the work to the {@link FilePool} and turns finished OPENATs into handles. Loop thread only.
 */
final class FileDriver {
    private final NioBackend backend;
    private final HandleTable table;
    private final FilePool pool;
    /** Handles removed from the table whose close waits for their pool ops (loop thread). */
    private final ArrayList<Handle> deferred = new ArrayList<>();
    private boolean shuttingDown;

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
                // once the ops submitted before this CLOSE are done, as the kernel keeps the file open for them
                table.remove(h);
                if (h.poolOps == 0) {
                    toPool(c, h, null);
                } else {
                    h.deferredClose = c;
                    NioBackend.prepare(c).finished = false; // neither queued nor finished: a cancel gets -EALREADY
                    deferred.add(h);
                }
            }
            case READ_FIXED, WRITE_FIXED, FALLOCATE, FTRUNCATE -> {
                if (h.file == null) {
                    backend.finish(c, c.op() == Op.READ_FIXED || c.op() == Op.WRITE_FIXED ? -Errno.EISDIR
                            : -Errno.EINVAL);
                } else {
                    toPool(c, h, null); // fixed buffers need no registration here: a plain read/write
                }
            }
            case POLL -> backend.finish(c, c.flags() & (PollEvents.POLLIN | PollEvents.POLLOUT)); // always ready
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

    /** UNLINKAT, MKDIRAT, RENAMEAT: paths resolved against their directory handles, run on the pool. */
    void pathOp(Completion c) {
        int error = checkDir(c.fd(), c.path());
        if (error == 0 && c.op() == Op.RENAMEAT) {
            error = checkDir(c.fd2(), c.path2());
        }
        if (error < 0) {
            backend.finish(c, error);
            return;
        }
        NioOp op = NioBackend.prepare(c);
        op.path = resolve(c.fd(), c.path());
        op.path2 = c.op() == Op.RENAMEAT ? resolve(c.fd2(), c.path2()) : null;
        NioBackend.markInPool(c);
        pool.submit(c, op);
    }

    private Path resolve(int dirfd, String path) {
        Handle dir = path.startsWith("/") || dirfd == OpenFlags.AT_FDCWD ? null : table.get(dirfd);
        return dir == null ? Path.of(path) : dir.path.resolve(path);
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
        if (op.handle != null) {
            op.handle.poolOps++;
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
            Handle h = op.handle;
            op.clearTask();
            backend.finish(c, r);
            if (h != null) {
                poolOpDone(h);
            }
            op = next;
        }
    }

    /** Loop thread: the pool gave back (or cancel removed) an op of {@code h}; runs a close waiting for it. */
    void poolOpDone(Handle h) {
        if (--h.poolOps > 0 || (h.deferredClose == null && !h.closeNowPending)) {
            return;
        }
        deferred.remove(h);
        Completion close = h.deferredClose;
        h.deferredClose = null;
        h.closeNowPending = false;
        if (close == null) {
            NioSockets.closeQuietly(h.channel()); // closeNow: nobody waits for the result
        } else if (shuttingDown) {
            NioSockets.closeQuietly(h.channel());
            backend.finish(close, 0);
        } else {
            toPool(close, h, null);
        }
    }

    /** Loop thread: closeNow of a file handle; the channel closes once its pool ops are done. */
    void closeNow(Handle h) throws IOException {
        table.remove(h);
        if (h.poolOps > 0) {
            h.closeNowPending = true;
            deferred.add(h);
        } else if (h.file != null) {
            h.file.close();
        }
    }

    /** Loop thread, at backend close after the pool stopped: closes what still waits and finishes the CLOSEs. */
    void shutdown() {
        shuttingDown = true;
    }

    void closeDeferred() {
        for (Handle h : deferred) {
            NioSockets.closeQuietly(h.channel());
            if (h.deferredClose != null) {
                backend.finish(h.deferredClose, 0);
                h.deferredClose = null;
            }
        }
        deferred.clear();
    }
}
