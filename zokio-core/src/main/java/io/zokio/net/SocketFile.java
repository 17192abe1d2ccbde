package io.zokio.net;

import io.zokio.sys.UnixAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * <b>Threading:</b> thread-safe; {@link #delete} runs once, on whichever thread asks first, and a concurrent
 * caller returns only once the file is gone (so that {@code close()} returning means the file was removed).
 *
 * <p>The socket file a {@link UnixListener}'s bind created, and its removal when the listener closes. The file
 * is identified by its file key (device and inode) read right after the bind: the listener removes the file at
 * its path only while it is still that same file, never one another process put there since (a bind never
 * removes anything either: an existing file fails it). An abstract-namespace address has no file; nothing to do.
 */
final class SocketFile {
    private final Path path;
    private final Object key;
    private boolean deleted;

    private SocketFile(Path path, Object key) {
        this.path = path;
        this.key = key;
    }

    /** The file just bound at {@code address}; null for an abstract name or when it cannot be read. */
    static SocketFile created(UnixAddress address) {
        if (address.isAbstract()) {
            return null;
        }
        Path p = address.path();
        Object key = key(p);
        return key == null ? null : new SocketFile(p, key);
    }

    /** Removes the file if it is still the one the bind created. Once; failures are ignored (best effort). */
    synchronized void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        if (Objects.equals(key, key(path))) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // the directory went away or became read-only: nothing left to clean up there
            }
        }
    }

    private static Object key(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
