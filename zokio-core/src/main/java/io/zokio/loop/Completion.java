package io.zokio.loop;

import io.zokio.sys.Errno;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import io.zokio.sys.PeerAddress;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One asynchronous operation, described by its caller and reused across submissions (libxev's Completion).
 *
 * <p><b>Threading:</b> not thread-safe. Prepare and submit on the loop thread; while {@link #isActive()} the
 * completion and every buffer it names belong to the loop (and the kernel): do not touch them until the
 * callback ran. The loop never allocates per operation: it stores its bookkeeping in this object.
 *
 * <p><b>Lifecycle:</b> {@code IDLE --submit--> ACTIVE --result--> IDLE (callback runs)}. The callback runs
 * exactly once per submission, with the completion already idle, so it may re-prepare and resubmit it.
 * Multishot operations ({@link Op#isMultishot()}) also call it with the completion still ACTIVE, once per
 * intermediate result, before that one final callback.
 *
 * <p>Buffers are native {@link MemorySegment}s (off-heap: the kernel writes into them); their whole
 * {@code byteSize()} is the transfer length. Slice a segment to transfer less.
 */
public final class Completion {
    /** {@link Op#READ}/{@link Op#WRITE} offset meaning "the file position" (and the only choice for sockets). */
    public static final long OFFSET_CURRENT = -1;
    /** The most buffers a vectored operation takes ({@code IOV_MAX}). */
    public static final int MAX_IOVECS = 1024;

    enum State { IDLE, ACTIVE }

    // ---- request: written by prep methods, read by the loop and backends ----
    private Op op = Op.NOP;
    private int fd = -1;
    /** {@link #fixedFile()}: {@code fd} is an index into the loop's registered-file table. */
    private boolean fixedFile;
    /** While a fixed-file op is in a backend without native registered files: the index, restored at the end. */
    int emulatedIndex = -1;
    private MemorySegment buffer;
    private MemorySegment[] buffers;
    private long offset;
    private int flags;
    private int mode;
    private long timeoutNs;
    private Completion target;
    private InetSocketAddress address;
    private String path;
    private FileStat stat;
    private Callback callback;
    private Object attachment;
    // ---- file ops (issue 5): second path and directory of RENAMEAT, length of FALLOCATE/FTRUNCATE, fixed index
    private String path2;
    private int fd2;
    private long length;
    private int bufIndex;

    // ---- loop-owned state (loop thread only) ----
    State state = State.IDLE;
    int result;
    /** Loop timer heap: absolute deadline and heap index (-1 when not in the heap). */
    long deadlineNs;
    int heapIndex = -1;
    /** True while the operation lives in the backend (as opposed to the loop's timer heap). */
    boolean inBackend;
    /** Intrusive link for the loop's ready list. */
    Completion readyNext;

    // ---- backend-owned state (loop thread only), reached through Backend's protected accessors ----
    long backendToken;
    Completion backendNext;
    Object backendData;
    // ---- ringops request fields (caller, through prep methods): SPLICE/SENDFILE input side and length,
    // the buffer group of multishot receives, the sender holder of RECVMSG ----
    private int fdIn = -1;
    private long offsetIn;
    private int spliceLength;
    private BufferGroup group;
    private PeerAddress peer;
    /** RECV_MULTISHOT: the buffer the current result names (backend-written before each callback), or -1. */
    int bufferId = -1;
    /** RECVMSG_MULTISHOT: where the payload starts in that buffer. */
    int bufferOffset;

    public Completion() {
    }

    // ------------------------------------------------------------------ prep methods

    public Completion prepNop() {
        return reset(Op.NOP, -1);
    }

    /** A timer that fires {@code durationNs} after the loop time of the turn it is submitted in. */
    public Completion prepTimeout(long durationNs) {
        if (durationNs < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + durationNs + " ns");
        }
        reset(Op.TIMEOUT, -1);
        this.timeoutNs = durationNs;
        return this;
    }

    /** Cancels {@code target}, which then completes with {@code -ECANCELED} (unless it already finished). */
    public Completion prepCancel(Completion target) {
        Objects.requireNonNull(target, "target");
        if (target == this) {
            throw new IllegalArgumentException("a completion cannot cancel itself");
        }
        reset(Op.CANCEL, -1);
        this.target = target;
        return this;
    }

    /** Reads into {@code buffer} at {@code offset} (or {@link #OFFSET_CURRENT}). */
    public Completion prepRead(int fd, MemorySegment buffer, long offset) {
        // validate everything before reset(): a failed prep must not leave a half-written request behind
        checkIdle();
        MemorySegment b = checkBuffer(buffer, true);
        long off = checkOffset(offset);
        reset(Op.READ, checkFd(fd));
        this.buffer = b;
        this.offset = off;
        return this;
    }

    public Completion prepWrite(int fd, MemorySegment buffer, long offset) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, false);
        long off = checkOffset(offset);
        reset(Op.WRITE, checkFd(fd));
        this.buffer = b;
        this.offset = off;
        return this;
    }

    public Completion prepReadv(int fd, MemorySegment[] buffers, long offset) {
        checkIdle();
        MemorySegment[] bs = checkBuffers(buffers, true);
        long off = checkOffset(offset);
        reset(Op.READV, checkFd(fd));
        this.buffers = bs;
        this.offset = off;
        return this;
    }

    public Completion prepWritev(int fd, MemorySegment[] buffers, long offset) {
        checkIdle();
        MemorySegment[] bs = checkBuffers(buffers, false);
        long off = checkOffset(offset);
        reset(Op.WRITEV, checkFd(fd));
        this.buffers = bs;
        this.offset = off;
        return this;
    }

    /** {@code fsync}, or {@code fdatasync} with {@link FsyncFlags#FSYNC_DATASYNC}. */
    public Completion prepFsync(int fd, int fsyncFlags) {
        if ((fsyncFlags & ~FsyncFlags.FSYNC_DATASYNC) != 0) {
            throw new IllegalArgumentException("unknown fsync flags: " + fsyncFlags);
        }
        reset(Op.FSYNC, checkFd(fd));
        this.flags = fsyncFlags;
        return this;
    }

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
        Objects.requireNonNull(path, "path");
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL");
        }
        Objects.requireNonNull(out, "out");
        reset(Op.STATX, checkDirFd(dirfd));
        this.path = path;
        this.flags = statxFlags;
        this.stat = out;
        return this;
    }

    /** Accepts one connection on listening socket {@code fd}; the result is the new (non-blocking) socket. */
    public Completion prepAccept(int fd) {
        return reset(Op.ACCEPT, checkFd(fd));
    }

    public Completion prepConnect(int fd, InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + address);
        }
        reset(Op.CONNECT, checkFd(fd));
        this.address = address;
        return this;
    }

    /** Receives into {@code buffer}; {@code msgFlags} as in {@code recv(2)} (0 for none). */
    public Completion prepRecv(int fd, MemorySegment buffer, int msgFlags) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, true);
        reset(Op.RECV, checkFd(fd));
        this.buffer = b;
        this.flags = msgFlags;
        return this;
    }

    /** Sends {@code buffer}; {@code msgFlags} as in {@code send(2)}. SIGPIPE is never raised. */
    public Completion prepSend(int fd, MemorySegment buffer, int msgFlags) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, false);
        reset(Op.SEND, checkFd(fd));
        this.buffer = b;
        this.flags = msgFlags;
        return this;
    }

    public Completion prepShutdown(int fd, int how) {
        if (how != ShutdownHow.SHUT_RD && how != ShutdownHow.SHUT_WR && how != ShutdownHow.SHUT_RDWR) {
            throw new IllegalArgumentException("shutdown how must be SHUT_RD, SHUT_WR or SHUT_RDWR: " + how);
        }
        reset(Op.SHUTDOWN, checkFd(fd));
        this.flags = how;
        return this;
    }

    /** One-shot readiness poll; the result is the ready mask. */
    public Completion prepPoll(int fd, int events) {
        if (events == 0) {
            throw new IllegalArgumentException("poll events must not be empty");
        }
        reset(Op.POLL, checkFd(fd));
        this.flags = events;
        return this;
    }

    // ------------------------------------------------------------------ file ops (issue 5)

    /** The most fixed buffers a ring registers ({@code buf_index} is 16 bits; the kernel caps at 16384). */
    public static final int MAX_FIXED_BUFFERS = 16384;

    /**
     * {@code fallocate(fd, mode, offset, length)}: with mode 0 the file grows to at least
     * {@code offset + length} and the range is allocated.
     */
    public Completion prepFallocate(int fd, int mode, long offset, long length) {
        checkIdle();
        if (offset < 0 || length <= 0 || offset + length < 0) {
            throw new IllegalArgumentException("fallocate needs offset >= 0 and length > 0: " + offset + ", " + length);
        }
        reset(Op.FALLOCATE, checkFd(fd));
        this.mode = mode;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** {@code ftruncate(fd, length)}: shrinks or extends (with zeros) the file to {@code length} bytes. */
    public Completion prepFtruncate(int fd, long length) {
        checkIdle();
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        reset(Op.FTRUNCATE, checkFd(fd));
        this.length = length;
        return this;
    }

    /** {@code unlinkat(dirfd, path, flags)}; flags 0 or {@link UnlinkFlags#AT_REMOVEDIR}. */
    public Completion prepUnlinkAt(int dirfd, String path, int unlinkFlags) {
        checkIdle();
        if ((unlinkFlags & ~UnlinkFlags.AT_REMOVEDIR) != 0) {
            throw new IllegalArgumentException("unknown unlinkat flags: " + unlinkFlags);
        }
        String p = checkPath(path);
        reset(Op.UNLINKAT, checkDirFd(dirfd));
        this.path = p;
        this.flags = unlinkFlags;
        return this;
    }

    /**
     * {@code renameat2(oldDirfd, oldPath, newDirfd, newPath, flags)}; flags 0 or
     * {@link RenameFlags#RENAME_NOREPLACE}.
     */
    public Completion prepRenameAt(int oldDirfd, String oldPath, int newDirfd, String newPath, int renameFlags) {
        checkIdle();
        if ((renameFlags & ~RenameFlags.RENAME_NOREPLACE) != 0) {
            throw new IllegalArgumentException("unknown renameat flags: " + renameFlags);
        }
        String from = checkPath(oldPath);
        String to = checkPath(newPath);
        int newDir = checkDirFd(newDirfd);
        reset(Op.RENAMEAT, checkDirFd(oldDirfd));
        this.path = from;
        this.path2 = to;
        this.fd2 = newDir;
        this.flags = renameFlags;
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

    private Completion prepFixed(Op op, int fd, MemorySegment buffer, long offset, int bufIndex, boolean read) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, read);
        long off = checkOffset(offset);
        if (bufIndex < 0 || bufIndex >= MAX_FIXED_BUFFERS) {
            throw new IllegalArgumentException("fixed buffer index out of range: " + bufIndex);
        }
        reset(op, checkFd(fd));
        this.buffer = b;
        this.offset = off;
        this.bufIndex = bufIndex;
        return this;
    }

    /** {@link Op#RENAMEAT}: the new path. */
    public String path2() {
        return path2;
    }

    /** {@link Op#RENAMEAT}: the directory of the new path. */
    public int fd2() {
        return fd2;
    }

    /** {@link Op#FALLOCATE}, {@link Op#FTRUNCATE}: the length in bytes. */
    public long length() {
        return length;
    }

    /** {@link Op#READ_FIXED}, {@link Op#WRITE_FIXED}: the registered buffer's index. */
    public int bufIndex() {
        return bufIndex;
    }

    private void resetFileOps() {
        this.path2 = null;
        this.fd2 = 0;
        this.length = 0;
        this.bufIndex = 0;
    }

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

    // ------------------------------------------------------------------ ringops: network strengths

    /**
     * Moves up to {@code length} bytes from {@code fdIn} (at {@code offsetIn}, or {@link #OFFSET_CURRENT} for a
     * pipe or socket) to {@code fdOut} (at {@code offsetOut}, or {@link #OFFSET_CURRENT}); one side must be a
     * pipe on io_uring. See {@link Op#SPLICE} for the NIO subset.
     */
    public Completion prepSplice(int fdIn, long offsetIn, int fdOut, long offsetOut, int length, int spliceFlags) {
        checkIdle();
        long offIn = checkOffset(offsetIn);
        long offOut = checkOffset(offsetOut);
        checkLength(length);
        if ((spliceFlags & ~(SpliceFlags.SPLICE_F_MOVE | SpliceFlags.SPLICE_F_NONBLOCK | SpliceFlags.SPLICE_F_MORE
                | SpliceFlags.SPLICE_F_GIFT)) != 0) {
            throw new IllegalArgumentException("unknown splice flags: " + spliceFlags);
        }
        int in = checkFd(fdIn);
        reset(Op.SPLICE, checkFd(fdOut));
        this.fdIn = in;
        this.offsetIn = offIn;
        this.offset = offOut;
        this.spliceLength = length;
        this.flags = spliceFlags;
        return this;
    }

    /**
     * Sends up to {@code length} bytes of file {@code fileFd}, from {@code fileOffset}, to socket
     * {@code socketFd} without copying them through user memory; the result may be short (see
     * {@link Op#SENDFILE}).
     */
    public Completion prepSendFile(int socketFd, int fileFd, long fileOffset, int length) {
        checkIdle();
        if (fileOffset < 0) {
            throw new IllegalArgumentException("file offset must not be negative: " + fileOffset);
        }
        checkLength(length);
        int in = checkFd(fileFd);
        reset(Op.SENDFILE, checkFd(socketFd));
        this.fdIn = in;
        this.offsetIn = fileOffset;
        this.spliceLength = length;
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
        Objects.requireNonNull(group, "group");
        group.checkOpen();
        reset(Op.RECV_MULTISHOT, checkFd(fd));
        this.group = group;
        this.flags = msgFlags;
        return this;
    }

    /**
     * Zero-copy send of {@code buffer}: the callback runs once the kernel no longer reads the buffer, so it is
     * reusable then. Same result as {@link #prepSend}.
     */
    public Completion prepSendZc(int fd, MemorySegment buffer, int msgFlags) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, false);
        reset(Op.SEND_ZC, checkFd(fd));
        this.buffer = b;
        this.flags = msgFlags;
        return this;
    }

    /** One datagram of {@code buffer} to {@code to} on UDP socket {@code fd}; {@code msgFlags} as sendmsg(2). */
    public Completion prepSendMsg(int fd, MemorySegment buffer, InetSocketAddress to, int msgFlags) {
        checkIdle();
        MemorySegment b = checkBuffer(buffer, false);
        Objects.requireNonNull(to, "to");
        if (to.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + to);
        }
        reset(Op.SENDMSG, checkFd(fd));
        this.buffer = b;
        this.address = to;
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

    /**
     * Bytes at the start of each buffer of a RECVMSG_MULTISHOT that belong to the backend (io_uring's
     * {@code struct io_uring_recvmsg_out} and room for a sockaddr_in6); the payload follows.
     */
    public static final int RECVMSG_HEADER_BYTES = 48;

    /**
     * Batched datagram receive on UDP socket {@code fd} into buffers of {@code group} (each larger than
     * {@link #RECVMSG_HEADER_BYTES}): one callback per datagram, its sender in {@code from} (see
     * {@link Op#RECVMSG_MULTISHOT}).
     */
    public Completion prepRecvMsgMultishot(int fd, BufferGroup group, PeerAddress from, int msgFlags) {
        checkIdle();
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(from, "from");
        group.checkOpen();
        if (group.bufferBytes() <= RECVMSG_HEADER_BYTES) {
            throw new IllegalArgumentException("buffers must be larger than " + RECVMSG_HEADER_BYTES + " bytes");
        }
        reset(Op.RECVMSG_MULTISHOT, checkFd(fd));
        this.group = group;
        this.peer = from;
        this.flags = msgFlags;
        return this;
    }

    /** RECVMSG_MULTISHOT: the payload offset in buffer {@link #bufferId()} (0 for RECV_MULTISHOT). */
    public int bufferOffset() {
        return bufferOffset;
    }

    /** RECVMSG: where the backend writes the sender. */
    public PeerAddress peer() {
        return peer;
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

    /** RECV_MULTISHOT: the buffer group. */
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

    private void resetRingOps() {
        this.fdIn = -1;
        this.offsetIn = 0;
        this.spliceLength = 0;
        this.group = null;
        this.peer = null;
        this.bufferId = -1;
        this.bufferOffset = 0;
    }

    private static void checkLength(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
    }

    // ------------------------------------------------------------------ accessors

    public Op op() {
        return op;
    }

    public int fd() {
        return fd;
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
        switch (op) {
            case READ, WRITE, READV, WRITEV, FSYNC, READ_FIXED, WRITE_FIXED, FALLOCATE, RECV, SEND -> fixedFile = true;
            default -> throw new IllegalStateException(op + " cannot name a registered file (fixedFile)");
        }
        return this;
    }

    /**
     * Registered-file slots (issue 4 item 3, issue 5 item 1): {@link #fixedFile()} naming slot {@code index}
     * ({@link EventLoop#updateFileSlot}) in place of the descriptor the {@code prep} method was given, so that
     * code which holds both can prep as usual and switch to the slot in one call.
     *
     * @throws IllegalStateException for an operation that cannot name a registered file, or while in flight
     * @throws IllegalArgumentException when {@code index} is negative
     */
    public Completion fixedFile(int index) {
        checkIdle();
        switch (op) {
            case READ, WRITE, READV, WRITEV, FSYNC, READ_FIXED, WRITE_FIXED, FALLOCATE, RECV, SEND -> { }
            default -> throw new IllegalStateException(op + " cannot name a registered file (fixedFile)");
        }
        if (index < 0) {
            throw new IllegalArgumentException("registered-file index must not be negative: " + index);
        }
        this.fd = index;
        this.fixedFile = true;
        return this;
    }

    /** True when {@link #fd()} is a registered-file index ({@link #fixedFile()}). */
    public boolean isFixedFile() {
        return fixedFile;
    }

    /** Loop only: swaps the registered index for the descriptor a backend without native support needs. */
    void swapInDescriptor(int descriptor) {
        emulatedIndex = fd;
        fd = descriptor;
    }

    /** Loop only: puts the registered index back once the operation has ended. */
    void restoreIndex() {
        if (emulatedIndex >= 0) {
            fd = emulatedIndex;
            emulatedIndex = -1;
        }
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

    /** Op-specific flags: msg flags, open flags, poll events, shutdown mode, fsync or statx flags. */
    public int flags() {
        return flags;
    }

    /** {@link Op#OPENAT} file mode. */
    public int mode() {
        return mode;
    }

    public long timeoutNs() {
        return timeoutNs;
    }

    public Completion target() {
        return target;
    }

    public InetSocketAddress address() {
        return address;
    }

    public String path() {
        return path;
    }

    public FileStat stat() {
        return stat;
    }

    public Callback callback() {
        return callback;
    }

    public Object attachment() {
        return attachment;
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

    // ------------------------------------------------------------------ validation

    private Completion reset(Op op, int fd) {
        checkIdle();
        resetRingOps();
        this.op = op;
        this.fd = fd;
        this.fixedFile = false;
        this.buffer = null;
        this.buffers = null;
        this.offset = 0;
        this.flags = 0;
        this.mode = 0;
        this.timeoutNs = 0;
        this.target = null;
        this.address = null;
        this.path = null;
        this.stat = null;
        resetFileOps();
        return this;
    }

    private void checkIdle() {
        if (state != State.IDLE) {
            throw new IllegalStateException("completion is in flight; wait for its callback before reusing it");
        }
    }

    private static int checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must not be negative: " + fd);
        }
        return fd;
    }

    private static int checkDirFd(int dirfd) {
        if (dirfd < 0 && dirfd != OpenFlags.AT_FDCWD) {
            throw new IllegalArgumentException("dirfd must be a descriptor or AT_FDCWD: " + dirfd);
        }
        return dirfd;
    }

    private static long checkOffset(long offset) {
        if (offset < OFFSET_CURRENT) {
            throw new IllegalArgumentException("offset must be >= 0 or OFFSET_CURRENT: " + offset);
        }
        return offset;
    }

    private static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL");
        }
        return path;
    }

    static MemorySegment checkBuffer(MemorySegment buffer, boolean writable) {
        Objects.requireNonNull(buffer, "buffer");
        if (!buffer.isNative()) {
            throw new IllegalArgumentException("buffer must be a native (off-heap) segment: the kernel writes into it");
        }
        if (!buffer.scope().isAlive()) { // its memory is freed: the kernel would write into whatever reuses it
            throw new IllegalArgumentException("buffer's arena is already closed");
        }
        if (writable && buffer.isReadOnly()) {
            throw new IllegalArgumentException("buffer is read-only");
        }
        if (buffer.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer larger than 2 GiB - 1: " + buffer.byteSize());
        }
        return buffer;
    }

    private static MemorySegment[] checkBuffers(MemorySegment[] buffers, boolean writable) {
        Objects.requireNonNull(buffers, "buffers");
        if (buffers.length == 0 || buffers.length > MAX_IOVECS) {
            throw new IllegalArgumentException("vectored I/O takes 1.." + MAX_IOVECS + " buffers: " + buffers.length);
        }
        long total = 0;
        for (MemorySegment b : buffers) {
            total += checkBuffer(b, writable).byteSize();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("vectored transfer larger than 2 GiB - 1: " + total);
        }
        return buffers;
    }
}
