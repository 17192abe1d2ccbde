package io.zokio.loop;

import static io.zokio.loop.CompletionChecks.*;

import io.zokio.sys.Errno;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import io.zokio.sys.PeerAddress;
import io.zokio.sys.UnixAddress;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Not thread-safe: prepare and submit a completion on its loop's thread, and while {@link #isActive()} leave it
 * and every buffer it names alone, because they belong to the loop (and the kernel) until the callback runs.
 * A completion describes one asynchronous operation; its caller owns it and reuses it across submissions
 * (libxev's Completion).
 *
 * <p><b>Lifecycle:</b> {@code IDLE --submit--> ACTIVE --result--> IDLE (callback runs)}. The callback runs
 * exactly once per submission, with the completion already idle, so it may re-prepare and resubmit it.
 * Multishot operations ({@link Op#isMultishot()}) also call it with the completion still ACTIVE, once per
 * intermediate result, before that one final callback.
 *
 * <p><b>Preparing:</b> each {@code prepXxx} method checks its arguments ({@code CompletionChecks}) before it
 * writes anything, so a failed prep leaves the previous request intact, then clears every request field and
 * writes its own. Prep methods never allocate, and neither does the loop: it keeps its per-operation
 * bookkeeping in the package-private fields at the end of the field list.
 *
 * <p>Buffers are native {@link MemorySegment}s (off-heap: the kernel writes into them); their whole
 * {@code byteSize()} is the transfer length. Slice a segment to transfer less. Flags come from the classes
 * named by each prep method ({@link PollEvents}, {@link ShutdownHow}, {@link FsyncFlags}, ...).
 */
public final class Completion {
    // Limits and special values.
    /** {@link Op#READ}/{@link Op#WRITE} offset meaning "the file position" (and the only choice for sockets). */
    public static final long OFFSET_CURRENT = -1;
    /** The most buffers a vectored operation takes ({@code IOV_MAX}). */
    public static final int MAX_IOVECS = 1024;
    /** The most fixed buffers a ring registers ({@code buf_index} is 16 bits; the kernel caps at 16384). */
    public static final int MAX_FIXED_BUFFERS = 16384;
    /**
     * Bytes at the start of each buffer of a RECVMSG_MULTISHOT that belong to the backend (io_uring's
     * {@code struct io_uring_recvmsg_out} and room for a sockaddr_in6); the payload follows.
     */
    public static final int RECVMSG_HEADER_BYTES = 48;

    enum State { IDLE, ACTIVE }

    static {
        io.zokio.loop.internal.OpState.register(new LoopFields());
    }

    // Common: the operation, its descriptor, its op-specific flags and mode, whom to call back.
    private Op op = Op.NOP;
    private int fd = -1;
    /** {@code fd} is an index into the loop's registered-file table ({@link #fixedFile()}). */
    private boolean fixedFile;
    private int flags;
    private int mode;
    private Callback callback;
    private Object attachment;

    // Buffers and offsets: the memory a transfer uses, where in the file, how long a file range is.
    private MemorySegment buffer;
    private MemorySegment[] buffers;
    private long offset;
    private long length;
    private int bufIndex;
    private BufferGroup group;

    // Paths: the path operations' path, and RENAMEAT's new path and its directory.
    private String path;
    private String path2;
    private int fd2;

    // Socket addresses: CONNECT's and SENDMSG's destination, the holder RECVMSG writes the sender into.
    private InetSocketAddress address;
    /** CONNECT's destination when it is a Unix domain socket (then {@code address} is null). */
    private UnixAddress unixAddress;
    private PeerAddress peer;

    // Timers: TIMEOUT's duration.
    private long timeoutNs;

    // Per-family extras: CANCEL's target, STATX's output, SPLICE's and SENDFILE's input side and length.
    private Completion target;
    private FileStat stat;
    private int fdIn = -1;
    private long offsetIn;
    private int spliceLength;

    // Loop/backend-owned state, loop thread only (a prep method only clears bufferId and bufferOffset).
    State state = State.IDLE;
    int result;
    /** Loop timer heap: absolute deadline and heap index (-1 when not in the heap). */
    long deadlineNs;
    int heapIndex = -1;
    /** True while the operation lives in the backend (as opposed to the loop's timer heap). */
    boolean inBackend;
    /** Intrusive link for the loop's ready list. */
    Completion readyNext;
    /** A chain the loop runs itself ({@link EventLoop#submitLinked}): the member that starts after this one. */
    Completion linkNext;
    /** The backend's bookkeeping, reached through {@code io.zokio.loop.internal.OpState}. */
    long backendToken;
    Completion backendNext;
    Object backendData;
    /** RECV_MULTISHOT: the buffer the current result names (backend-written before each callback), or -1. */
    int bufferId = -1;
    /** RECVMSG_MULTISHOT: where the payload starts in that buffer. */
    int bufferOffset;
    /** While a fixed-file op is in a backend without native registered files: the index, restored at the end. */
    int emulatedIndex = -1;

    public Completion() {
    }

    // ------------------------------------------------------------------ no-op and timers

    public Completion prepNop() {
        return reset(Op.NOP, -1);
    }

    /** A timer that fires {@code durationNs} after the loop time of the turn it is submitted in. */
    public Completion prepTimeout(long durationNs) {
        long d = checkTimeout(durationNs);
        reset(Op.TIMEOUT, -1);
        this.timeoutNs = d;
        return this;
    }

    // ------------------------------------------------------------------ cancel

    /** Cancels {@code target}, which then completes with {@code -ECANCELED} (unless it already finished). */
    public Completion prepCancel(Completion target) {
        Completion t = checkCancelTarget(this, target);
        reset(Op.CANCEL, -1);
        this.target = t;
        return this;
    }

    // ------------------------------------------------------------------ file I/O

    /** Reads into {@code buffer} at {@code offset} (or {@link #OFFSET_CURRENT}). */
    public Completion prepRead(int fd, MemorySegment buffer, long offset) {
        return prepIo(Op.READ, fd, buffer, true, offset);
    }

    public Completion prepWrite(int fd, MemorySegment buffer, long offset) {
        return prepIo(Op.WRITE, fd, buffer, false, offset);
    }

    public Completion prepReadv(int fd, MemorySegment[] buffers, long offset) {
        return prepVectored(Op.READV, fd, buffers, true, offset);
    }

    public Completion prepWritev(int fd, MemorySegment[] buffers, long offset) {
        return prepVectored(Op.WRITEV, fd, buffers, false, offset);
    }

    /**
     * Reads into {@code buffer}, which must lie inside fixed buffer {@code bufIndex} registered with the
     * loop's backend (io_uring answers {@code -EFAULT} otherwise). Offset as {@link #prepRead}.
     */
    public Completion prepReadFixed(int fd, MemorySegment buffer, long offset, int bufIndex) {
        return prepFixed(Op.READ_FIXED, fd, buffer, offset, bufIndex, true);
    }

    /** Writes {@code buffer}, which must lie inside registered fixed buffer {@code bufIndex}. */
    public Completion prepWriteFixed(int fd, MemorySegment buffer, long offset, int bufIndex) {
        return prepFixed(Op.WRITE_FIXED, fd, buffer, offset, bufIndex, false);
    }

    /** {@code fsync}, or {@code fdatasync} with {@link FsyncFlags#FSYNC_DATASYNC}. */
    public Completion prepFsync(int fd, int fsyncFlags) {
        int f = checkFlags(fsyncFlags, FsyncFlags.FSYNC_DATASYNC, "fsync");
        reset(Op.FSYNC, checkFd(fd));
        this.flags = f;
        return this;
    }

    /**
     * {@code fallocate(fd, mode, offset, length)}: with mode 0 the file grows to at least
     * {@code offset + length} and the range is allocated; see {@link FallocateFlags} for the other modes.
     */
    public Completion prepFallocate(int fd, int mode, long offset, long length) {
        checkIdle();
        checkFallocateRange(offset, length);
        reset(Op.FALLOCATE, checkFd(fd));
        this.mode = mode;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** {@code ftruncate(fd, length)}: shrinks or extends (with zeros) the file to {@code length} bytes. */
    public Completion prepFtruncate(int fd, long length) {
        checkIdle();
        long len = checkFileLength(length);
        reset(Op.FTRUNCATE, checkFd(fd));
        this.length = len;
        return this;
    }

    // ------------------------------------------------------------------ path operations

    /** Opens {@code path} relative to {@code dirfd} ({@link OpenFlags#AT_FDCWD} for the current directory). */
    public Completion prepOpenAt(int dirfd, String path, int openFlags, int mode) {
        checkIdle();
        String p = checkPath(path);
        reset(Op.OPENAT, checkDirFd(dirfd));
        this.path = p;
        this.flags = openFlags;
        this.mode = mode;
        return this;
    }

    public Completion prepClose(int fd) {
        return reset(Op.CLOSE, checkFd(fd));
    }

    /**
     * Fills {@code out} with the status of {@code path} relative to {@code dirfd}; with
     * {@link OpenFlags#AT_EMPTY_PATH} and an empty path, of {@code dirfd} itself.
     */
    public Completion prepStatx(int dirfd, String path, int statxFlags, FileStat out) {
        checkIdle();
        String p = checkStatxPath(path);
        Objects.requireNonNull(out, "out");
        reset(Op.STATX, checkDirFd(dirfd));
        this.path = p;
        this.flags = statxFlags;
        this.stat = out;
        return this;
    }

    /** {@code unlinkat(dirfd, path, flags)}; flags 0 or {@link UnlinkFlags#AT_REMOVEDIR}. */
    public Completion prepUnlinkAt(int dirfd, String path, int unlinkFlags) {
        checkIdle();
        int f = checkFlags(unlinkFlags, UnlinkFlags.AT_REMOVEDIR, "unlinkat");
        String p = checkPath(path);
        reset(Op.UNLINKAT, checkDirFd(dirfd));
        this.path = p;
        this.flags = f;
        return this;
    }

    /**
     * {@code renameat2(oldDirfd, oldPath, newDirfd, newPath, flags)}; flags 0 or
     * {@link RenameFlags#RENAME_NOREPLACE}.
     */
    public Completion prepRenameAt(int oldDirfd, String oldPath, int newDirfd, String newPath, int renameFlags) {
        checkIdle();
        int f = checkFlags(renameFlags, RenameFlags.RENAME_NOREPLACE, "renameat");
        String from = checkPath(oldPath);
        String to = checkPath(newPath);
        int newDir = checkDirFd(newDirfd);
        reset(Op.RENAMEAT, checkDirFd(oldDirfd));
        this.path = from;
        this.path2 = to;
        this.fd2 = newDir;
        this.flags = f;
        return this;
    }

    /** {@code mkdirat(dirfd, path, mode)} (the process umask applies). */
    public Completion prepMkdirAt(int dirfd, String path, int mode) {
        checkIdle();
        String p = checkPath(path);
        reset(Op.MKDIRAT, checkDirFd(dirfd));
        this.path = p;
        this.mode = mode;
        return this;
    }

    // ------------------------------------------------------------------ sockets

    /** Accepts one connection on listening socket {@code fd}; the result is the new (non-blocking) socket. */
    public Completion prepAccept(int fd) {
        return reset(Op.ACCEPT, checkFd(fd));
    }

    public Completion prepConnect(int fd, InetSocketAddress address) {
        InetSocketAddress a = checkResolved(address, "address");
        reset(Op.CONNECT, checkFd(fd));
        this.address = a;
        return this;
    }

    /**
     * Connects Unix domain socket {@code fd} (from {@link SocketCalls#openUnixSocket}) to the path or abstract
     * name {@code address}.
     */
    public Completion prepConnectUnix(int fd, UnixAddress address) {
        UnixAddress a = Objects.requireNonNull(address, "address");
        if (a.isUnnamed() || !a.fits()) {
            throw new IllegalArgumentException("not a connectable Unix domain address: '" + a + "'");
        }
        reset(Op.CONNECT, checkFd(fd));
        this.unixAddress = a;
        return this;
    }

    /** Receives into {@code buffer}; {@code msgFlags} as in {@code recv(2)} (0 for none). */
    public Completion prepRecv(int fd, MemorySegment buffer, int msgFlags) {
        return prepMsg(Op.RECV, fd, buffer, true, msgFlags);
    }

    /** Sends {@code buffer}; {@code msgFlags} as in {@code send(2)}. SIGPIPE is never raised. */
    public Completion prepSend(int fd, MemorySegment buffer, int msgFlags) {
        return prepMsg(Op.SEND, fd, buffer, false, msgFlags);
    }

    /** {@code shutdown(fd, how)}, {@code how} one of {@link ShutdownHow}. */
    public Completion prepShutdown(int fd, int how) {
        int h = checkShutdownHow(how);
        reset(Op.SHUTDOWN, checkFd(fd));
        this.flags = h;
        return this;
    }

    /** One-shot readiness poll for {@link PollEvents} {@code events}; the result is the ready mask. */
    public Completion prepPoll(int fd, int events) {
        int e = checkPollEvents(events);
        reset(Op.POLL, checkFd(fd));
        this.flags = e;
        return this;
    }

    /** One datagram of {@code buffer} to {@code to} on UDP socket {@code fd}; {@code msgFlags} as sendmsg(2). */
    public Completion prepSendMsg(int fd, MemorySegment buffer, InetSocketAddress to, int msgFlags) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, false);
        InetSocketAddress a = checkResolved(to, "to");
        reset(Op.SENDMSG, checkFd(fd));
        this.buffer = b;
        this.address = a;
        this.flags = msgFlags;
        return this;
    }

    /** Receives one datagram into {@code buffer} on UDP socket {@code fd}; its sender goes to {@code from}. */
    public Completion prepRecvMsg(int fd, MemorySegment buffer, PeerAddress from, int msgFlags) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, true);
        Objects.requireNonNull(from, "from");
        reset(Op.RECVMSG, checkFd(fd));
        this.buffer = b;
        this.peer = from;
        this.flags = msgFlags;
        return this;
    }

    /** Multishot accept on listening socket {@code fd}: one callback per connection (see {@link Op}). */
    public Completion prepAcceptMultishot(int fd) {
        return reset(Op.ACCEPT_MULTISHOT, checkFd(fd));
    }

    /**
     * Multishot receive on {@code fd} into buffers the backend picks from {@code group}: one callback per
     * message, naming {@link #bufferId()}; give each buffer back with {@link BufferGroup#release}.
     */
    public Completion prepRecvMultishot(int fd, BufferGroup group, int msgFlags) {
        checkIdle();
        BufferGroup g = checkGroup(group);
        reset(Op.RECV_MULTISHOT, checkFd(fd));
        this.group = g;
        this.flags = msgFlags;
        return this;
    }

    /**
     * Batched datagram receive on UDP socket {@code fd} into buffers of {@code group} (each larger than
     * {@link #RECVMSG_HEADER_BYTES}): one callback per datagram, its sender in {@code from} (see
     * {@link Op#RECVMSG_MULTISHOT}).
     */
    public Completion prepRecvMsgMultishot(int fd, BufferGroup group, PeerAddress from, int msgFlags) {
        checkIdle();
        BufferGroup g = checkRecvMsgGroup(group, from);
        reset(Op.RECVMSG_MULTISHOT, checkFd(fd));
        this.group = g;
        this.peer = from;
        this.flags = msgFlags;
        return this;
    }

    /**
     * Zero-copy send of {@code buffer}: the callback runs once the kernel has finished reading the buffer, so
     * it is reusable then. Same result as {@link #prepSend}.
     */
    public Completion prepSendZc(int fd, MemorySegment buffer, int msgFlags) {
        return prepMsg(Op.SEND_ZC, fd, buffer, false, msgFlags);
    }

    // ------------------------------------------------------------------ splice and sendfile

    /**
     * Moves up to {@code length} bytes from {@code fdIn} (at {@code offsetIn}, or {@link #OFFSET_CURRENT} for a
     * pipe or socket) to {@code fdOut} (at {@code offsetOut}, or {@link #OFFSET_CURRENT}); one side must be a
     * pipe on io_uring. {@code spliceFlags} from {@link SpliceFlags}. See {@link Op#SPLICE} for the NIO subset.
     */
    public Completion prepSplice(int fdIn, long offsetIn, int fdOut, long offsetOut, int length, int spliceFlags) {
        checkIdle();
        long offIn = checkOffset(offsetIn);
        long offOut = checkOffset(offsetOut);
        int len = checkLength(length);
        int f = checkFlags(spliceFlags, SpliceFlags.SPLICE_F_MOVE | SpliceFlags.SPLICE_F_NONBLOCK
                | SpliceFlags.SPLICE_F_MORE | SpliceFlags.SPLICE_F_GIFT, "splice");
        int in = checkFd(fdIn);
        reset(Op.SPLICE, checkFd(fdOut));
        this.fdIn = in;
        this.offsetIn = offIn;
        this.offset = offOut;
        this.spliceLength = len;
        this.flags = f;
        return this;
    }

    /**
     * Sends up to {@code length} bytes of file {@code fileFd}, from {@code fileOffset}, to socket
     * {@code socketFd} without copying them through user memory; the result may be short (see
     * {@link Op#SENDFILE}).
     */
    public Completion prepSendFile(int socketFd, int fileFd, long fileOffset, int length) {
        checkIdle();
        long off = checkFileOffset(fileOffset);
        int len = checkLength(length);
        int in = checkFd(fileFd);
        reset(Op.SENDFILE, checkFd(socketFd));
        this.fdIn = in;
        this.offsetIn = off;
        this.spliceLength = len;
        return this;
    }

    // ------------------------------------------------------------------ callback, caller data, registered files

    /** Sets the callback run when the operation finishes. */
    public Completion callback(Callback callback) {
        checkIdle();
        this.callback = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /** Attaches caller data; the loop never reads it. */
    public Completion attach(Object attachment) {
        this.attachment = attachment;
        return this;
    }

    /**
     * Marks the prepared operation's descriptor as an index into the loop's registered-file table
     * ({@link EventLoop#registerFiles}) instead of a descriptor: io_uring then skips the per-operation file
     * lookup and reference count ({@code IOSQE_FIXED_FILE}); NIO translates the index. For READ, WRITE, READV,
     * WRITEV, FSYNC, READ_FIXED, WRITE_FIXED, FALLOCATE, RECV and SEND; call it after the {@code prep} method.
     *
     * @throws IllegalStateException for another operation, or while in flight
     */
    public Completion fixedFile() {
        checkIdle();
        checkFixedFileOp(op);
        this.fixedFile = true;
        return this;
    }

    /**
     * {@link #fixedFile()} naming registered-file slot {@code index} ({@link EventLoop#updateFileSlot}) in place
     * of the descriptor given to the {@code prep} method, so that code which holds both can prep as usual and
     * switch to the slot in one call.
     *
     * @throws IllegalStateException for an operation that cannot name a registered file, or while in flight
     * @throws IllegalArgumentException when {@code index} is negative
     */
    public Completion fixedFile(int index) {
        checkIdle();
        checkFixedFileOp(op);
        this.fd = checkFixedFileIndex(index);
        this.fixedFile = true;
        return this;
    }

    // ------------------------------------------------------------------ accessors

    public Op op() {
        return op;
    }

    public int fd() {
        return fd;
    }

    /** True when {@link #fd()} is a registered-file index ({@link #fixedFile()}). */
    public boolean isFixedFile() {
        return fixedFile;
    }

    /** Op-specific flags: msg, open, fsync, statx, unlinkat, renameat or splice flags; poll events; shutdown how. */
    public int flags() {
        return flags;
    }

    /** {@link Op#OPENAT} and {@link Op#MKDIRAT} file mode; {@link Op#FALLOCATE} mode. */
    public int mode() {
        return mode;
    }

    public Callback callback() {
        return callback;
    }

    public Object attachment() {
        return attachment;
    }

    public MemorySegment buffer() {
        return buffer;
    }

    public MemorySegment[] buffers() {
        return buffers;
    }

    public long offset() {
        return offset;
    }

    /** {@link Op#FALLOCATE}, {@link Op#FTRUNCATE}: the length in bytes. */
    public long length() {
        return length;
    }

    /** {@link Op#READ_FIXED}, {@link Op#WRITE_FIXED}: the registered buffer's index. */
    public int bufIndex() {
        return bufIndex;
    }

    /** RECV_MULTISHOT, RECVMSG_MULTISHOT: the buffer group. */
    public BufferGroup group() {
        return group;
    }

    /**
     * RECV_MULTISHOT: the id of the {@link BufferGroup} buffer that holds the current result's bytes, valid in
     * the callback that reports them; -1 when the result names no buffer (final results).
     */
    public int bufferId() {
        return bufferId;
    }

    /** RECVMSG_MULTISHOT: the payload offset in buffer {@link #bufferId()} (0 for RECV_MULTISHOT). */
    public int bufferOffset() {
        return bufferOffset;
    }

    public String path() {
        return path;
    }

    /** {@link Op#RENAMEAT}: the new path. */
    public String path2() {
        return path2;
    }

    /** {@link Op#RENAMEAT}: the directory of the new path. */
    public int fd2() {
        return fd2;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** CONNECT to a Unix domain socket: its address; null for an internet address ({@link #address()}). */
    public UnixAddress unixAddress() {
        return unixAddress;
    }

    /** RECVMSG: where the backend writes the sender. */
    public PeerAddress peer() {
        return peer;
    }

    public long timeoutNs() {
        return timeoutNs;
    }

    public Completion target() {
        return target;
    }

    public FileStat stat() {
        return stat;
    }

    /** SPLICE/SENDFILE: the input descriptor. */
    public int fdIn() {
        return fdIn;
    }

    /** SPLICE: the input offset ({@link #OFFSET_CURRENT}: none); SENDFILE: the file offset. */
    public long offsetIn() {
        return offsetIn;
    }

    /** SPLICE/SENDFILE: the most bytes to move. */
    public int spliceLength() {
        return spliceLength;
    }

    /** The last result: {@code >= 0} success, negated {@link Errno} failure. Valid once idle again. */
    public int result() {
        return result;
    }

    /** True from submission until just before the callback runs. */
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    @Override
    public String toString() {
        return "Completion[" + op + ", fd=" + fd + ", " + state + ", result=" + result + "]";
    }

    // ------------------------------------------------------------------ package-private helpers (loop only)

    /** Swaps the registered index for the descriptor a backend without native support needs. */
    void swapInDescriptor(int descriptor) {
        emulatedIndex = fd;
        fd = descriptor;
    }

    /** Puts the registered index back once the operation has ended. */
    void restoreIndex() {
        if (emulatedIndex >= 0) {
            fd = emulatedIndex;
            emulatedIndex = -1;
        }
    }

    // ------------------------------------------------------------------ private: shared prep bodies

    /** READ and WRITE; {@code kernelWrites} for READ. */
    private Completion prepIo(Op op, int fd, MemorySegment buffer, boolean kernelWrites, long offset) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, kernelWrites);
        long off = checkOffset(offset);
        reset(op, checkFd(fd));
        this.buffer = b;
        this.offset = off;
        return this;
    }

    /** READV and WRITEV. */
    private Completion prepVectored(Op op, int fd, MemorySegment[] buffers, boolean kernelWrites, long offset) {
        checkIdle();
        MemorySegment[] bs = checkBuffers(buffers, kernelWrites);
        long off = checkOffset(offset);
        reset(op, checkFd(fd));
        this.buffers = bs;
        this.offset = off;
        return this;
    }

    /** READ_FIXED and WRITE_FIXED. */
    private Completion prepFixed(Op op, int fd, MemorySegment buffer, long offset, int bufIndex,
            boolean kernelWrites) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, kernelWrites);
        long off = checkOffset(offset);
        int index = checkFixedBufferIndex(bufIndex);
        reset(op, checkFd(fd));
        this.buffer = b;
        this.offset = off;
        this.bufIndex = index;
        return this;
    }

    /** RECV, SEND and SEND_ZC. */
    private Completion prepMsg(Op op, int fd, MemorySegment buffer, boolean kernelWrites, int msgFlags) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, kernelWrites);
        reset(op, checkFd(fd));
        this.buffer = b;
        this.flags = msgFlags;
        return this;
    }

    /** Starts a new request: every request field back to its idle value; callback and attachment stay. */
    private Completion reset(Op op, int fd) {
        checkIdle();
        this.op = op;
        this.fd = fd;
        this.fixedFile = false;
        this.flags = 0;
        this.mode = 0;
        this.buffer = null;
        this.buffers = null;
        this.offset = 0;
        this.length = 0;
        this.bufIndex = 0;
        this.group = null;
        this.path = null;
        this.path2 = null;
        this.fd2 = 0;
        this.address = null;
        this.unixAddress = null;
        this.peer = null;
        this.timeoutNs = 0;
        this.target = null;
        this.stat = null;
        this.fdIn = -1;
        this.offsetIn = 0;
        this.spliceLength = 0;
        this.bufferId = -1;
        this.bufferOffset = 0;
        return this;
    }

    private void checkIdle() {
        if (state != State.IDLE) {
            throw new IllegalStateException("completion is in flight; wait for its callback before reusing it");
        }
    }
}
