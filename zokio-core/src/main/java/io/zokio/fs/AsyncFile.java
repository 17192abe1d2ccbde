package io.zokio.fs;

import static io.zokio.fs.FileArgs.checkPosition;
import static io.zokio.fs.FileArgs.shareable;
import static io.zokio.fs.FileArgs.total;

import io.zokio.loop.BackendFeatures;
import io.zokio.loop.Completion;
import io.zokio.loop.DirectFileCalls;
import io.zokio.loop.FsyncFlags;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * <b>Threading:</b> any thread may use an AsyncFile, concurrently. The blocking methods park the calling
 * thread until the kernel answers (a virtual thread unmounts: no carrier is pinned) and throw
 * {@link IllegalStateException} on an event-loop thread; the {@code *Async} methods never block and may be
 * called anywhere, including from a loop callback.
 *
 * <p>A file opened through a {@link Runtime}'s event loops: on io_uring every operation is one SQE (no thread
 * pool), on the NIO backend it runs on the loop's bounded file pool. Buffers are native
 * {@link MemorySegment}s (or direct ByteBuffers); a heap ByteBuffer is copied through a temporary native one.
 *
 * <p><b>Which loop runs an operation.</b> NIO descriptors are per-loop handles, so on NIO every operation goes
 * to the worker that opened the file. An io_uring descriptor is process-wide, so a blocking operation goes to
 * the calling thread's home worker ({@link Runtime#submitAndAwait(Completion)}): concurrent readers spread
 * over all rings instead of queueing on one, and each thread keeps using one ring. An asynchronous operation
 * goes to the caller's loop when it is called on a loop thread (a completion chaining the next operation
 * stays on its ring), otherwise to the workers in turn, so chains started from one outside thread spread
 * over the rings.
 *
 * <p><b>Offsets and results.</b> Offsets are absolute ({@code pread}/{@code pwrite}); the file position is used
 * only by {@link #append}. {@link #read} may transfer fewer bytes than asked (at end of file or for a signal)
 * and returns -1 at end of file, as {@link java.nio.channels.FileChannel#read(ByteBuffer, long)}; {@link
 * #readFully} and {@link #writeAll} loop. Kernel failures throw the {@code java.nio.file} exception the JDK uses
 * for the errno ({@link java.nio.file.NoSuchFileException} and the like, see the package documentation) with an
 * {@link io.zokio.sys.ErrnoException} as the cause, else an {@code ErrnoException} (syscall, errno, path);
 * misuse throws {@link IllegalArgumentException}, {@link NullPointerException} or
 * {@link ClosedChannelException} before anything is submitted. Once the runtime is shut down, operations
 * throw (or complete with) {@link io.zokio.runtime.RuntimeClosedException} (a {@link ClosedChannelException}:
 * "runtime is shut down") and {@link #isOpen()} is false once its close finished; the runtime's close closed the
 * descriptor (every loop closes the descriptors its operations created and nobody closed), and
 * {@link #close} then just marks the file closed.
 *
 * <p><b>Cancellation keeps buffers safe:</b> an interrupted blocking call cancels its operation and returns
 * only after the kernel's completion for it (then throws {@link java.io.InterruptedIOException} with the
 * interrupt status set); {@link #close} waits for every operation that is still running on the descriptor.
 */
public final class AsyncFile implements AutoCloseable {
    private final Runtime rt;
    private final int worker;
    private final int fd;
    private final Path path;
    private final OpenOptions.Parsed options;
    private final boolean uring;
    private final UseCount use = new UseCount();
    /** Page-cache hits may be read inline ({@link InlineReads}); cleared when the filesystem refuses NOWAIT. */
    private volatile boolean inline;
    /** The backend's direct file calls (page-cache reads on the caller's thread), or null. */
    private final DirectFileCalls fileCalls;
    /** Which threads read inline while {@link #inline} holds. */
    private final InlineReads.Policy inlinePolicy;
    /**
     * The runtime's registered-file index of this file ({@link #register()}), or -1. Written while holding the
     * use count (register) or after the gate closed and drained (close), so an operation that entered the use
     * count sees an index that stays registered until it exits.
     */
    private volatile int slot = -1;
    /** Serializes {@link #register()} calls. */
    private final Object registering = new Object();
    /** Starts the asynchronous operations. */
    private final AsyncStarts asyncOps;

    private AsyncFile(Runtime rt, int worker, int fd, Path path, OpenOptions.Parsed options) {
        this.rt = rt;
        this.worker = worker;
        this.fd = fd;
        this.path = path;
        this.options = options;
        BackendFeatures features = rt.backendFeatures();
        this.uring = features.kernelDescriptors();
        this.fileCalls = features.fileCalls().orElse(null);
        this.inlinePolicy = InlineReads.policy();
        this.inline = fileCalls != null && !options.direct() && inlinePolicy.appliesTo(fileCalls);
        this.asyncOps = new AsyncStarts(this, rt, worker, uring);
    }

    // ------------------------------------------------------------------ open

    /** Opens {@code path} on the runtime of the calling task; see {@link #open(Runtime, Path, OpenOption...)}. */
    public static AsyncFile open(Path path, OpenOption... options) throws IOException {
        Runtime rt = Runtime.current();
        if (rt == null) {
            throw new IllegalStateException("not inside a Zokio runtime: use AsyncFile.open(runtime, path, ...)");
        }
        return open(rt, path, options);
    }

    /**
     * Opens {@code path} with {@link java.nio.file.StandardOpenOption}s (READ, WRITE, APPEND, CREATE,
     * CREATE_NEW, TRUNCATE_EXISTING, DSYNC, SYNC, DELETE_ON_CLOSE, SPARSE), {@code NOFOLLOW_LINKS} and
     * {@link ZokioOpenOption#DIRECT}, with the meanings {@link java.nio.channels.FileChannel#open} gives them.
     * Blocking (parks).
     *
     * @throws java.nio.file.NoSuchFileException the file does not exist (ENOENT; without CREATE)
     * @throws java.nio.file.FileAlreadyExistsException it exists (EEXIST; with CREATE_NEW)
     * @throws java.nio.file.AccessDeniedException permission denied (EACCES, EPERM)
     * @throws io.zokio.sys.ErrnoException another {@code openat} failure, e.g. EMFILE (too many open files)
     * @throws IllegalArgumentException for READ with APPEND, or APPEND with TRUNCATE_EXISTING (as FileChannel)
     * @throws UnsupportedOperationException for an option not listed above
     */
    public static AsyncFile open(Runtime rt, Path path, OpenOption... options) throws IOException {
        Objects.requireNonNull(rt, "runtime");
        Objects.requireNonNull(path, "path");
        OpenOptions.Parsed o = OpenOptions.parse(options);
        int worker = (int) (Thread.currentThread().threadId() % rt.workers());
        Completion c = new Completion().prepOpenAt(OpenFlags.AT_FDCWD, path.toAbsolutePath().toString(), o.flags(),
                OpenOptions.DEFAULT_MODE);
        int fd = FsErrors.check("openat", shutDownIsIo(() -> rt.submitAndAwait(worker, c)), path);
        AsyncFile f = new AsyncFile(rt, worker, fd, path, o);
        if (o.registered()) {
            f.register(); // soft: an unregistered file works the same
        }
        return f;
    }

    /** Opens {@code path} without blocking; the stage completes on a loop thread. */
    public static CompletionStage<AsyncFile> openAsync(Runtime rt, Path path, OpenOption... options) {
        Objects.requireNonNull(rt, "runtime");
        Objects.requireNonNull(path, "path");
        OpenOptions.Parsed o = OpenOptions.parse(options);
        if (rt.isClosed()) {
            return CompletableFuture.failedFuture(new io.zokio.runtime.RuntimeClosedException());
        }
        WorkerLoops loops = WorkerLoops.of(rt);
        int worker = (int) (Thread.currentThread().threadId() % rt.workers());
        AsyncOp op = new AsyncOp(loops.loop(worker), null, "openat", path, AsyncOp.PLAIN);
        op.completion.prepOpenAt(OpenFlags.AT_FDCWD, path.toAbsolutePath().toString(), o.flags(),
                OpenOptions.DEFAULT_MODE);
        CompletableFuture<AsyncFile> opened = op.start().thenApply(fd -> new AsyncFile(rt, worker, fd, path, o));
        if (!o.registered()) {
            return opened;
        }
        // registering waits for every worker's loop, which a loop thread must not do: a task does it
        return opened.thenCompose(f -> rt.spawn(() -> {
            f.register();
            return f;
        }).toCompletableFuture());
    }

    // ------------------------------------------------------------------ blocking reads and writes

    /**
     * Reads into {@code dst} at {@code position}; returns bytes read (may be short) or -1 at end of file. One
     * READ on the loop; on io_uring a page-cache hit is first tried inline, without parking, from platform threads
     * and AFFINE virtual threads ({@code -Dzokio.fs.inlineReads=auto|true|false}; see {@code InlineReads}).
     */
    public int read(MemorySegment dst, long position) throws IOException {
        checkPosition(position);
        shareable(dst, "dst");
        if (inline) {
            int n = InlineReads.tryRead(this, dst, position);
            if (n != InlineReads.MISS) {
                return n == 0 && dst.byteSize() > 0 ? -1 : n;
            }
        }
        Completion c = new Completion().prepRead(fd, dst, position);
        int n = run("pread", c);
        return n == 0 && dst.byteSize() > 0 ? -1 : n;
    }

    /**
     * Reads at the file position and advances it ({@code read(2)}): for pipes, FIFOs and devices, where
     * positional reads fail with ESPIPE. Returns bytes read or -1 at end of stream.
     */
    public int read(MemorySegment dst) throws IOException {
        Completion c = new Completion().prepRead(fd, shareable(dst, "dst"), Completion.OFFSET_CURRENT);
        int n = run("read", c);
        return n == 0 && dst.byteSize() > 0 ? -1 : n;
    }

    /** Writes at the file position and advances it ({@code write(2)}); returns bytes written (may be short). */
    public int write(MemorySegment src) throws IOException {
        return run("write", new Completion().prepWrite(fd, shareable(src, "src"), Completion.OFFSET_CURRENT));
    }

    /** Writes {@code src} at {@code position}; returns bytes written (may be short). */
    public int write(MemorySegment src, long position) throws IOException {
        checkPosition(position);
        return run("pwrite", new Completion().prepWrite(fd, shareable(src, "src"), position));
    }

    /** As {@link #read(MemorySegment, long)}, advancing {@code dst}'s position by the bytes read. */
    public int read(ByteBuffer dst, long position) throws IOException {
        return BufferIo.read(this, dst, position);
    }

    /** As {@link #write(MemorySegment, long)}, advancing {@code src}'s position by the bytes written. */
    public int write(ByteBuffer src, long position) throws IOException {
        return BufferIo.write(this, src, position);
    }

    /** Fills {@code dst} from {@code position}. @throws EOFException when the file ends first */
    public void readFully(MemorySegment dst, long position) throws IOException {
        Objects.requireNonNull(dst, "dst");
        checkPosition(position);
        long done = 0;
        while (done < dst.byteSize()) {
            int n = read(dst.asSlice(done), position + done);
            if (n < 0) {
                throw new EOFException("end of " + path + " at " + (position + done) + " with "
                        + (dst.byteSize() - done) + " bytes still to read");
            }
            done += n;
        }
    }

    /** Writes all of {@code src} at {@code position}, looping on short writes. */
    public void writeAll(MemorySegment src, long position) throws IOException {
        Objects.requireNonNull(src, "src");
        checkPosition(position);
        long done = 0;
        while (done < src.byteSize()) {
            done += write(src.asSlice(done), position + done);
        }
    }

    /** Vectored read ({@code preadv}): fills the buffers in order; returns bytes read or -1 at end of file. */
    public long read(MemorySegment[] dsts, long position) throws IOException {
        checkPosition(position);
        int n = run("preadv", new Completion().prepReadv(fd, shareable(dsts, "dsts"), position));
        return n == 0 && total(dsts) > 0 ? -1 : n;
    }

    /** Vectored write ({@code pwritev}); returns bytes written (may be short). */
    public long write(MemorySegment[] srcs, long position) throws IOException {
        checkPosition(position);
        return run("pwritev", new Completion().prepWritev(fd, shareable(srcs, "srcs"), position));
    }

    /**
     * Appends all of {@code src} at the end of the file (O_APPEND: each write lands at the then-current end,
     * atomically with respect to other appenders). Requires {@link java.nio.file.StandardOpenOption#APPEND}.
     *
     * @throws IllegalStateException if the file was not opened with APPEND
     */
    public void append(MemorySegment src) throws IOException {
        Objects.requireNonNull(src, "src");
        if (!options.append()) {
            throw new IllegalStateException(path + " was not opened with APPEND");
        }
        long done = 0;
        while (done < src.byteSize()) {
            done += run("write", new Completion().prepWrite(fd, src.asSlice(done), Completion.OFFSET_CURRENT));
        }
    }

    // ------------------------------------------------------------------ metadata and space

    /** {@code fsync(2)}: data and metadata reach stable storage. */
    public void fsync() throws IOException {
        run("fsync", new Completion().prepFsync(fd, 0));
    }

    /** {@code fdatasync(2)}: data (and the metadata needed to read it) reach stable storage. */
    public void fdatasync() throws IOException {
        run("fdatasync", new Completion().prepFsync(fd, FsyncFlags.FSYNC_DATASYNC));
    }

    /** {@code fallocate(2)} mode 0: allocates {@code [offset, offset + length)}, growing the file if needed. */
    public void fallocate(long offset, long length) throws IOException {
        checkPosition(offset);
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        run("fallocate", new Completion().prepFallocate(fd, 0, offset, length));
    }

    /**
     * Sets the file's size to {@code size} bytes ({@code ftruncate(2)}): shrinks it, or grows it with zeros.
     * (Unlike {@link java.nio.channels.FileChannel#truncate}, which never grows a file.)
     */
    public void truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        run("ftruncate", new Completion().prepFtruncate(fd, size));
    }

    /** The file's current size in bytes ({@code statx}). */
    public long size() throws IOException {
        return stat().sizeBytes();
    }

    /** The file's status ({@code statx} of the descriptor). */
    public FileStat stat() throws IOException {
        FileStat st = new FileStat();
        run("statx", new Completion().prepStatx(fd, "", OpenFlags.AT_EMPTY_PATH, st));
        return st;
    }

    public Path path() {
        return path;
    }

    /** False once closed, or once its runtime's close has finished (which closed every file of it). */
    public boolean isOpen() {
        return !use.isClosed() && !rt.isTerminated();
    }

    /**
     * Closes the descriptor after every operation still running on it finished (parks until then). Idempotent.
     * With DELETE_ON_CLOSE the file is then unlinked.
     */
    @Override
    public void close() throws IOException {
        if (Runtime.isWorkerThread()) {
            throw new IllegalStateException("AsyncFile.close() on an event-loop thread would block the loop: "
                    + "close from a task");
        }
        if (!use.close()) {
            return;
        }
        int s = slot;
        if (s >= 0) { // no operation can name the index any more: the gate is shut and drained
            slot = -1;
            rt.unregisterFile(s).join(); // every worker's entry is empty before the descriptor closes
        }
        int r;
        try {
            r = rt.submitAndAwait(worker, new Completion().prepClose(fd));
        } catch (RejectedExecutionException shutDown) {
            // the runtime is shut down: closing its loops closes every descriptor their operations created and
            // nobody closed (NIO handles, and io_uring's record of them), so this one is closed or will be when
            // its loop closes; closing the number here could close a descriptor someone else got since
            r = 0;
        }
        FsErrors.check("close", r, path);
        if (options.deleteOnClose()) {
            Files.delete(rt, path);
        }
    }

    // ------------------------------------------------------------------ registered files

    /**
     * Registers this file at one index of the runtime's registered-file tables ({@link Runtime#registerFile}):
     * its reads, writes (plain, vectored and fixed-buffer), fsyncs and fallocates then name the index, and on
     * io_uring the kernel skips the file lookup and reference count of each. Worth it for hot files; the
     * tables hold a bounded number of files ({@code RuntimeBuilder.registeredFileSlots}). Soft: returns false,
     * and the file goes on with its descriptor, when the tables are full, disabled or refused. {@link #close}
     * unregisters. Idempotent; blocking (parks), not on an event-loop thread.
     *
     * @return whether the file is registered
     * @throws ClosedChannelException when the file is closed
     */
    public boolean register() throws IOException {
        if (Runtime.isWorkerThread()) {
            throw new IllegalStateException("AsyncFile.register() on an event-loop thread would block the loop: "
                    + "register from a task");
        }
        synchronized (registering) {
            if (slot >= 0) {
                return true;
            }
            if (!use.enter()) { // close waits for this registration, then finds the index to unregister
                throw new ClosedChannelException();
            }
            try {
                slot = rt.registerFile(fd);
            } finally {
                use.exit();
            }
            return slot >= 0;
        }
    }

    /** True while the file holds a registered-file index ({@link #register()}). */
    public boolean isRegistered() {
        return slot >= 0;
    }

    /** Under the use count: names the registered index instead of the descriptor, for the ops that can. */
    void useSlot(Completion c) {
        int s = slot;
        if (s >= 0) {
            switch (c.op()) {
                case READ, WRITE, READV, WRITEV, FSYNC, READ_FIXED, WRITE_FIXED, FALLOCATE -> c.fixedFile(s);
                default -> { } // ftruncate, statx, close: by descriptor
            }
        }
    }

    // ------------------------------------------------------------------ asynchronous style

    /** Reads into {@code dst} without blocking; completes with bytes read or -1 at end of file. */
    public CompletionStage<Integer> readAsync(MemorySegment dst, long position) {
        checkPosition(position);
        shareable(dst, "dst");
        return asyncOps.start("pread", AsyncOp.READ, op -> op.completion.prepRead(fd, dst, position));
    }

    /** {@link #read(MemorySegment)} (at the file position) without blocking. */
    public CompletionStage<Integer> readAsync(MemorySegment dst) {
        shareable(dst, "dst");
        return asyncOps.start("read", AsyncOp.READ, op -> op.completion.prepRead(fd, dst, Completion.OFFSET_CURRENT));
    }

    /** Writes {@code src} without blocking; completes with bytes written (may be short). */
    public CompletionStage<Integer> writeAsync(MemorySegment src, long position) {
        checkPosition(position);
        shareable(src, "src");
        return asyncOps.start("pwrite", AsyncOp.PLAIN, op -> op.completion.prepWrite(fd, src, position));
    }

    /** {@code fsync} or, with {@code dataOnly}, {@code fdatasync}, without blocking. */
    public CompletionStage<Integer> fsyncAsync(boolean dataOnly) {
        return asyncOps.start(dataOnly ? "fdatasync" : "fsync", AsyncOp.PLAIN,
                op -> op.completion.prepFsync(fd, dataOnly ? FsyncFlags.FSYNC_DATASYNC : 0));
    }

    // ------------------------------------------------------------------ internals

    /** Runs {@code c} on the chosen worker, parked, holding the use count; throws on a negative result. */
    private int run(String syscall, Completion c) throws IOException {
        if (!use.enter()) {
            throw new ClosedChannelException();
        }
        int r;
        try {
            useSlot(c);
            r = shutDownIsIo(() -> uring ? rt.submitAndAwait(c) : rt.submitAndAwait(worker, c));
        } finally {
            use.exit();
        }
        return FsErrors.check(syscall, r, path);
    }

    /**
     * Runs a submission; a runtime that is shut down refuses it with RejectedExecutionException, which the file
     * API reports as a {@link io.zokio.runtime.RuntimeClosedException}, as the socket API does.
     */
    private static int shutDownIsIo(java.util.function.IntSupplier submit) throws IOException {
        try {
            return submit.getAsInt();
        } catch (RejectedExecutionException e) {
            throw new io.zokio.runtime.RuntimeClosedException(e);
        }
    }

    /** The io_uring fixed-buffer path of {@link FixedBuffers}: same as a read or write, with the index. */
    int runFixed(String syscall, Completion c) throws IOException {
        return run(syscall, c);
    }

    int fd() {
        return fd;
    }

    /** The worker that opened the file (on NIO, the only one whose loop knows its descriptor). */
    int worker() {
        return worker;
    }

    UseCount use() {
        return use;
    }

    boolean inlineReads() {
        return inline;
    }

    DirectFileCalls fileCalls() {
        return fileCalls;
    }

    InlineReads.Policy inlinePolicy() {
        return inlinePolicy;
    }

    void disableInline() {
        inline = false;
    }

    Runtime runtime() {
        return rt;
    }

    @Override
    public String toString() {
        return "AsyncFile[" + path + ", fd=" + fd + ", " + rt.backendName() + (isOpen() ? "" : ", closed") + "]";
    }
}
