package io.zokio.fs;

import io.zokio.sys.OpenFlags;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Translates {@link OpenOption}s into {@code open(2)} flags with the meaning {@link java.nio.channels.FileChannel#open}
 * gives them: CREATE and TRUNCATE_EXISTING are ignored unless the file is opened for writing, READ with APPEND is
 * refused, and a file is read-only unless WRITE or APPEND is given. Stateless.
 */
final class OpenOptions {
    static final int O_DSYNC = 010000;
    static final int O_SYNC = 04010000;
    static final int O_NOFOLLOW = 0400000;
    /** Permissions of a created file before the umask, as FileChannel.open uses. */
    static final int DEFAULT_MODE = 0666;

    private OpenOptions() {
    }

    /** The parsed options: open flags, and what AsyncFile itself must remember. */
    record Parsed(int flags, boolean append, boolean deleteOnClose, boolean direct, boolean writable,
            boolean registered) {
    }

    static Parsed parse(OpenOption... options) {
        Objects.requireNonNull(options, "options");
        boolean read = false, write = false, append = false, create = false, createNew = false, truncate = false;
        boolean dsync = false, sync = false, noFollow = false, deleteOnClose = false, direct = false;
        boolean registered = false;
        for (OpenOption o : options) {
            Objects.requireNonNull(o, "open option");
            if (o == StandardOpenOption.READ) {
                read = true;
            } else if (o == StandardOpenOption.WRITE) {
                write = true;
            } else if (o == StandardOpenOption.APPEND) {
                append = true;
            } else if (o == StandardOpenOption.CREATE) {
                create = true;
            } else if (o == StandardOpenOption.CREATE_NEW) {
                createNew = true;
            } else if (o == StandardOpenOption.TRUNCATE_EXISTING) {
                truncate = true;
            } else if (o == StandardOpenOption.DSYNC) {
                dsync = true;
            } else if (o == StandardOpenOption.SYNC) {
                sync = true;
            } else if (o == StandardOpenOption.DELETE_ON_CLOSE) {
                deleteOnClose = true;
            } else if (o == StandardOpenOption.SPARSE) {
                continue; // a hint; Linux files are sparse anyway
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                noFollow = true;
            } else if (o == ZokioOpenOption.DIRECT) {
                direct = true;
            } else if (o == ZokioOpenOption.REGISTERED) {
                registered = true;
            } else {
                throw new UnsupportedOperationException("unsupported open option: " + o);
            }
        }
        if (read && append) {
            throw new IllegalArgumentException("READ + APPEND not allowed (as FileChannel.open)");
        }
        if (append && truncate) {
            throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed (as FileChannel.open)");
        }
        boolean writable = write || append;
        int flags = OpenFlags.O_CLOEXEC;
        flags |= writable ? (read ? OpenFlags.O_RDWR : OpenFlags.O_WRONLY) : OpenFlags.O_RDONLY;
        if (writable) {
            if (createNew) {
                flags |= OpenFlags.O_CREAT | OpenFlags.O_EXCL;
            } else if (create) {
                flags |= OpenFlags.O_CREAT;
            }
            if (truncate) {
                flags |= OpenFlags.O_TRUNC;
            }
        }
        if (append) {
            flags |= OpenFlags.O_APPEND;
        }
        if (sync) {
            flags |= O_SYNC;
        } else if (dsync) {
            flags |= O_DSYNC;
        }
        if (noFollow) {
            flags |= O_NOFOLLOW;
        }
        if (direct) {
            flags |= OpenFlags.O_DIRECT;
        }
        return new Parsed(flags, append, deleteOnClose, direct, writable, registered);
    }
}
