package io.zokio.fs;

import io.zokio.loop.Completion;
import io.zokio.loop.RenameFlags;
import io.zokio.loop.UnlinkFlags;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * <b>Threading:</b> every method blocks by parking the calling thread, so call them from a task of a
 * {@link Runtime} (a virtual thread, {@link Runtime#spawn}); they throw {@link IllegalStateException} outside a
 * runtime and on an event-loop thread.
 *
 * <p>Helpers in the spirit of {@link java.nio.file.Files}, built on {@link AsyncFile} and the loop's path
 * operations: on io_uring {@link #delete}, {@link #rename} and {@link #createDirectory} are single
 * UNLINKAT/RENAMEAT/MKDIRAT SQEs, on NIO they run on the loop's file pool. {@link #copy} uses
 * {@code copy_file_range(2)} (in-kernel copy, reflink where the filesystem can) on the runtime's blocking pool,
 * falling back to {@link FileChannel#transferTo} where the kernel or filesystem refuses it. Failures are
 * the {@code java.nio.file} exception types where the JDK has one ({@link java.nio.file.NoSuchFileException},
 * {@link java.nio.file.FileAlreadyExistsException}, {@link java.nio.file.AccessDeniedException},
 * {@link java.nio.file.NotDirectoryException}, {@link java.nio.file.DirectoryNotEmptyException}), naming the
 * path, with an {@link io.zokio.sys.ErrnoException} (syscall and errno) as the cause; other failures are
 * {@code ErrnoException}s naming the syscall, errno and path.
 *
 * <p><b>The name.</b> This class shares its simple name with {@link java.nio.file.Files}, and a file cannot
 * single-type import both. Import this one where it is the one used
 * ({@code import io.zokio.fs.Files;}) and write the JDK's out ({@code java.nio.file.Files.exists(p)}), or the
 * other way round; in code that uses both often, import neither and qualify each, which also keeps it obvious
 * at every call which one (blocking or loop-driven) runs.
 */
public final class Files {
    private static final int READ_CHUNK = 1 << 20;

    private Files() {
    }

    /** Reads the whole file. @throws OutOfMemoryError for a file of 2 GiB or more */
    public static byte[] readAllBytes(Path path) throws IOException {
        try (AsyncFile f = AsyncFile.open(runtime(), path, StandardOpenOption.READ);
             Arena arena = Arena.ofShared()) {
            long size = f.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("file too large for an array: " + path + " (" + size + " bytes)");
            }
            // the size is a hint: a file that grows or shrinks meanwhile is read to its real end
            MemorySegment buf = arena.allocate(Math.max((int) size, 1) + 1L);
            byte[] out = new byte[(int) size];
            long total = 0;
            while (true) {
                long room = Math.min(buf.byteSize(), READ_CHUNK);
                int n = f.read(buf.asSlice(0, room), total);
                if (n < 0) {
                    break;
                }
                if (total + n > out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(total + n, out.length * 2L)));
                }
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, out, (int) total, n);
                total += n;
            }
            return total == out.length ? out : Arrays.copyOf(out, (int) total);
        }
    }

    public static String readString(Path path) throws IOException {
        return readString(path, StandardCharsets.UTF_8);
    }

    public static String readString(Path path, Charset cs) throws IOException {
        return new String(readAllBytes(path), cs);
    }

    /** Writes {@code bytes}; by default CREATE, TRUNCATE_EXISTING, WRITE (as {@link java.nio.file.Files#write}). */
    public static Path write(Path path, byte[] bytes, OpenOption... options) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        OpenOption[] opts = options.length > 0 ? options : new OpenOption[] {
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE};
        try (AsyncFile f = AsyncFile.open(runtime(), path, opts); Arena arena = Arena.ofShared()) {
            MemorySegment src = arena.allocate(Math.max(1, bytes.length)).asSlice(0, bytes.length);
            MemorySegment.copy(bytes, 0, src, ValueLayout.JAVA_BYTE, 0, bytes.length);
            if (Arrays.asList(opts).contains(StandardOpenOption.APPEND)) {
                f.append(src);
            } else {
                f.writeAll(src, 0);
            }
        }
        return path;
    }

    public static Path writeString(Path path, CharSequence text, OpenOption... options) throws IOException {
        return write(path, text.toString().getBytes(StandardCharsets.UTF_8), options);
    }

    /**
     * Copies a regular file with {@code copy_file_range(2)} on the blocking pool. Without
     * {@link StandardCopyOption#REPLACE_EXISTING} an existing target fails with EEXIST.
     *
     * @return the number of bytes copied
     */
    public static long copy(Path source, Path target, CopyOption... options) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        boolean replace = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else {
                throw new UnsupportedOperationException("unsupported copy option: " + o);
            }
        }
        boolean r = replace;
        Runtime rt = runtime();
        try {
            return rt.blocking(() -> FileCopy.copy(rt, source, target, r)).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("copy of " + source + " interrupted");
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Deletes a file or an empty directory (UNLINKAT, then UNLINKAT with AT_REMOVEDIR for a directory). */
    public static void delete(Path path) throws IOException {
        delete(runtime(), path);
    }

    /** Deletes {@code path} if it exists; returns whether it did. */
    public static boolean deleteIfExists(Path path) throws IOException {
        try {
            delete(runtime(), path);
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    static void delete(Runtime rt, Path path) throws IOException {
        String p = Objects.requireNonNull(path, "path").toAbsolutePath().toString();
        int r = rt.submitAndAwait(new Completion().prepUnlinkAt(OpenFlags.AT_FDCWD, p, 0));
        if (r == -Errno.EISDIR) {
            r = rt.submitAndAwait(new Completion().prepUnlinkAt(OpenFlags.AT_FDCWD, p, UnlinkFlags.AT_REMOVEDIR));
            FsErrors.check("rmdir", r, path);
            return;
        }
        FsErrors.check("unlink", r, path);
    }

    /**
     * Renames {@code source} to {@code target} ({@code renameat2}); replaces an existing target only with
     * {@link StandardCopyOption#REPLACE_EXISTING} (else EEXIST). Atomic within one filesystem; across
     * filesystems it fails with EXDEV.
     */
    public static Path rename(Path source, Path target, CopyOption... options) throws IOException {
        boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
        Completion c = new Completion().prepRenameAt(OpenFlags.AT_FDCWD, source.toAbsolutePath().toString(),
                OpenFlags.AT_FDCWD, target.toAbsolutePath().toString(), replace ? 0 : RenameFlags.RENAME_NOREPLACE);
        FsErrors.check("renameat2", runtime().submitAndAwait(c), source);
        return target;
    }

    /** Creates a directory ({@code mkdirat}, mode 0777 before the umask). */
    public static Path createDirectory(Path dir) throws IOException {
        Completion c = new Completion().prepMkdirAt(OpenFlags.AT_FDCWD, dir.toAbsolutePath().toString(), 0777);
        FsErrors.check("mkdirat", runtime().submitAndAwait(c), dir);
        return dir;
    }

    /**
     * Maps {@code size} bytes of {@code path} from {@code offset} as a {@link MemorySegment} whose lifetime is
     * {@code arena}'s ({@link FileChannel#map(FileChannel.MapMode, long, long, Arena)}); the mapping outlives
     * the channel, which is closed before returning. READ_WRITE maps need a writable file; a mapping past the
     * end of the file is not grown for you. Accessing mapped memory can fault to disk: that is a page fault,
     * not a syscall, and does pin a virtual thread's carrier while it lasts.
     */
    public static MemorySegment map(Path path, FileChannel.MapMode mode, long offset, long size, Arena arena)
            throws IOException {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(arena, "arena");
        OpenOption[] opts = mode == FileChannel.MapMode.READ_ONLY
                ? new OpenOption[] {StandardOpenOption.READ}
                : new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        try (FileChannel ch = FileChannel.open(path, opts)) {
            return ch.map(mode, offset, size, arena);
        }
    }

    private static Runtime runtime() {
        Runtime rt = Runtime.current();
        if (rt == null) {
            throw new IllegalStateException("io.zokio.fs.Files needs a Zokio runtime: call it from a Runtime.spawn task");
        }
        return rt;
    }
}
