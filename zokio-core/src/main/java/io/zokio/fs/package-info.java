/**
 * Files on the Zokio runtime: {@link io.zokio.fs.AsyncFile} for positional, vectored and
 * appending I/O, sync, space management and stat; {@link io.zokio.fs.Files} helpers (read/write whole files,
 * copy, delete, rename, mkdir, memory mapping); {@link io.zokio.fs.FixedBuffers} for io_uring registered
 * buffers; {@link io.zokio.fs.GroupCommitLog}, a durable append-only log with group commit.
 *
 * <p><b>Names.</b> {@code io.zokio.fs.Files} shares its simple name with {@link java.nio.file.Files}: import the
 * one a file mostly uses and write the other with its package ({@code java.nio.file.Files.exists(p)}), or
 * qualify both; a single-type import of each in one file does not compile.
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li><b>Never pin for I/O.</b> A blocking call submits one loop operation and parks through
 *       {@code Runtime.submitAndAwait}; the thread that waits never sits in a native frame waiting for a
 *       device. On io_uring the kernel does the I/O (no thread pool); on NIO the loop's bounded file pool does,
 *       and the caller still only parks.</li>
 *   <li><b>Page-cache hits are copied inline.</b> On io_uring a positional read from a platform thread or an
 *       AFFINE task first tries {@code preadv2(RWF_NOWAIT)} on the calling thread: a memory copy that never
 *       waits for the disk (that answers EAGAIN and takes the loop path), under a fairness budget (a yield every
 *       32 reads); {@code -Dzokio.fs.inlineReads=auto|true|false}, see {@code InlineReads}.</li>
 *   <li><b>Descriptors belong to their loop on NIO.</b> An NIO descriptor is an index into one loop's handle
 *       table, so every operation on an AsyncFile opened on NIO goes to the worker that opened it. io_uring
 *       descriptors are process-wide, so blocking operations go to the calling thread's home worker, and
 *       asynchronous ones to the caller's loop when a completion chains them, otherwise to the workers in turn
 *       (spreading load over the rings).</li>
 *   <li><b>A descriptor is closed once, after its operations.</b> Each operation holds the file's
 *       {@code UseCount} from before submission until its completion; {@code close()} shuts the gate and waits
 *       for the count to drain before it submits CLOSE, so the kernel can never hand the descriptor number to
 *       another file while an operation of ours could still be submitted with it.</li>
 *   <li><b>Registered files are opt-in and soft.</b> {@code ZokioOpenOption.REGISTERED} or
 *       {@code AsyncFile.register()} puts the descriptor at one index of every worker's registered-file table
 *       ({@code Runtime.registerFile}); operations that entered the use count name the index, and
 *       {@code close()} empties it on every worker after the count drained and before CLOSE. A full, disabled
 *       or refused table leaves the file on its descriptor, with the same behaviour.</li>
 *   <li><b>Kernel-buffer lifetime.</b> An interrupted blocking call, or a cancelled asynchronous one, returns
 *       only after the operation's own completion: a buffer is never released while the kernel may write
 *       into it.</li>
 *   <li><b>Errors at the edge.</b> Negative errno results become the {@code java.nio.file} exception the JDK
 *       throws for them (ENOENT {@link java.nio.file.NoSuchFileException}, EEXIST
 *       {@link java.nio.file.FileAlreadyExistsException}, EACCES and EPERM
 *       {@link java.nio.file.AccessDeniedException}, ENOTDIR {@link java.nio.file.NotDirectoryException},
 *       ENOTEMPTY {@link java.nio.file.DirectoryNotEmptyException}) with the path, and an
 *       {@link io.zokio.sys.ErrnoException} with the syscall and errno as the cause
 *       ({@link io.zokio.sys.ErrnoException#errnoOf(Throwable)}); other errnos are {@code ErrnoException}s with
 *       the syscall, errno and path. Use of a closed file is a {@link java.nio.channels.ClosedChannelException};
 *       misuse (negative position, null or heap segment) throws before anything is submitted.</li>
 *   <li><b>Group commit is durable, ordered and fail-stop.</b> {@code GroupCommitLog} keeps its state on one
 *       worker's loop (the file's): appenders hand their record over under a short lock (a blocking append a
 *       view of the caller's buffer, which stays untouched while it waits; an asynchronous one a copy); the loop
 *       builds a batch from what arrived, in arrival order, copies it into the batch's staging buffer and
 *       submits a positional WRITE linked to FDATASYNC ({@code EventLoop.submitLinked}: one io_uring submission
 *       with {@code IOSQE_IO_LINK}; on NIO the loop runs the sync after the write). Up to two batches are in
 *       flight (what arrives during one's sync starts at once); batches complete in start order. An append
 *       completes only after its batch's sync succeeded; a failed or short write or a failed sync fails the
 *       whole batch, every batch after it and every later append, since pages a failed {@code fdatasync} did
 *       not flush may be gone. The page cache is used (no {@code O_DIRECT}); what survives a crash is every
 *       acknowledged record (a prefix of the log) and possibly parts of the batches in flight. The loop thread
 *       only tries the hand-over lock (a worker blocked on it could wait for a virtual thread only it would
 *       run). {@code close()} refuses new appends, waits for the accepted ones, then closes the file.</li>
 * </ol>
 */
package io.zokio.fs;
