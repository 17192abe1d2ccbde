package io.zokio.loop;

import io.zokio.sys.ErrnoException;
import java.util.Arrays;

/**
 * <b>Threading:</b> loop-thread only (the {@link EventLoop} that owns it checks the caller).
 *
 * <p>An event loop's registered-file table: the descriptors an operation marked {@link Completion#fixedFile()}
 * names by index. The loop keeps a copy of the table on every backend; when the backend has a native table
 * ({@link FixedFiles}, io_uring's {@code IORING_REGISTER_FILES}) each change goes to it first, so the kernel
 * resolves the indices, and otherwise the loop translates each index at submission ({@link #descriptor}).
 */
final class FileTable {
    /** The backend's table, or null: the loop translates indices itself. */
    private final FixedFiles nativeTable;
    /** The table's descriptors (-1: an empty entry); null when none is registered. */
    private int[] fds;

    FileTable(FixedFiles nativeTable) {
        this.nativeTable = nativeTable;
    }

    /** Registers {@code fds} as the table; see {@link EventLoop#registerFiles}. */
    void register(int[] fds) throws ErrnoException {
        if (fds.length == 0) {
            throw new IllegalArgumentException("no files to register");
        }
        if (this.fds != null) {
            throw new IllegalStateException("files are already registered: unregisterFiles() first");
        }
        if (nativeTable != null) {
            nativeTable.registerFiles(fds);
        }
        this.fds = fds.clone();
    }

    /** Registers a table of {@code slots} (positive) empty entries; see {@link EventLoop#registerFileSlots}. */
    void registerSlots(int slots) throws ErrnoException {
        int[] empty = new int[slots];
        Arrays.fill(empty, -1);
        register(empty);
    }

    /** Drops the table, if any. */
    void unregister() throws ErrnoException {
        if (fds == null) {
            return;
        }
        if (nativeTable != null) {
            nativeTable.unregisterFiles();
        }
        fds = null;
    }

    /** Entries of the table (0 when none). */
    int size() {
        return fds == null ? 0 : fds.length;
    }

    /** Sets entry {@code index} to {@code fd} (-1 empties it); see {@link EventLoop#updateFileSlot}. */
    void update(int index, int fd) throws ErrnoException {
        int[] table = fds;
        if (table == null) {
            throw new IllegalStateException("no registered-file table: registerFileSlots(n) first");
        }
        if (index < 0 || index >= table.length) {
            throw new IllegalArgumentException("index must be in 0.." + (table.length - 1) + ": " + index);
        }
        if (fd < -1) {
            throw new IllegalArgumentException("fd must be a descriptor or -1 (empty): " + fd);
        }
        if (nativeTable != null) {
            nativeTable.updateFile(index, fd);
        }
        table[index] = fd;
    }

    /** The descriptor at {@code index}, or -1 when no table is registered, the index is past it or empty. */
    int descriptor(int index) {
        int[] table = fds;
        if (table == null || index >= table.length) {
            return -1;
        }
        return table[index];
    }
}
