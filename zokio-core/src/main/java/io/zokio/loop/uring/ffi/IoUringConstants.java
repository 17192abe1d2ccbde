package io.zokio.loop.uring.ffi;

/**
 * Opcode, flag and register-opcode values from {@code include/uapi/linux/io_uring.h} (liburing's copy of the
 * header, 2026) and the Linux/glibc headers for the socket, mmap and eventfd constants. Immutable.
 */
public final class IoUringConstants {
    // ---- syscall numbers: new syscalls share one number on x86_64 and aarch64 (asm-generic/unistd.h) ----
    static final long NR_IO_URING_SETUP = 425;
    static final long NR_IO_URING_ENTER = 426;
    static final long NR_IO_URING_REGISTER = 427;

    // ---- enum io_uring_op ----
    public static final int IORING_OP_NOP = 0;
    public static final int IORING_OP_READV = 1;
    public static final int IORING_OP_WRITEV = 2;
    public static final int IORING_OP_FSYNC = 3;
    public static final int IORING_OP_POLL_ADD = 6;
    public static final int IORING_OP_TIMEOUT = 11;
    public static final int IORING_OP_ACCEPT = 13;
    public static final int IORING_OP_ASYNC_CANCEL = 14;
    public static final int IORING_OP_CONNECT = 16;
    public static final int IORING_OP_OPENAT = 18;
    public static final int IORING_OP_CLOSE = 19;
    public static final int IORING_OP_STATX = 21;
    public static final int IORING_OP_READ = 22;
    public static final int IORING_OP_WRITE = 23;
    public static final int IORING_OP_SEND = 26;
    public static final int IORING_OP_RECV = 27;
    public static final int IORING_OP_SHUTDOWN = 34;
    public static final int IORING_OP_MSG_RING = 40;
    public static final int IORING_OP_SEND_ZC = 47;
    // file operations; numbers from enum io_uring_op in liburing's io_uring.h
    public static final int IORING_OP_READ_FIXED = 4;
    public static final int IORING_OP_WRITE_FIXED = 5;
    public static final int IORING_OP_FALLOCATE = 17;
    public static final int IORING_OP_RENAMEAT = 35;
    public static final int IORING_OP_UNLINKAT = 36;
    public static final int IORING_OP_MKDIRAT = 37;
    /** Linux 6.9. */
    public static final int IORING_OP_FTRUNCATE = 55;

    // ---- io_uring_setup() flags ----
    public static final int IORING_SETUP_IOPOLL = 1;
    public static final int IORING_SETUP_SQPOLL = 1 << 1;
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    public static final int IORING_SETUP_R_DISABLED = 1 << 6;
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    public static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;
    public static final int IORING_SETUP_NO_SQARRAY = 1 << 16;

    // ---- io_uring_params.features ----
    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    public static final int IORING_FEAT_NODROP = 1 << 1;
    public static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;
    public static final int IORING_FEAT_RW_CUR_POS = 1 << 3;
    public static final int IORING_FEAT_CUR_PERSONALITY = 1 << 4;
    public static final int IORING_FEAT_FAST_POLL = 1 << 5;
    public static final int IORING_FEAT_POLL_32BITS = 1 << 6;
    public static final int IORING_FEAT_SQPOLL_NONFIXED = 1 << 7;
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;
    public static final int IORING_FEAT_NATIVE_WORKERS = 1 << 9;
    public static final int IORING_FEAT_RSRC_TAGS = 1 << 10;
    public static final int IORING_FEAT_CQE_SKIP = 1 << 11;
    public static final int IORING_FEAT_LINKED_FILE = 1 << 12;
    public static final int IORING_FEAT_REG_REG_RING = 1 << 13;
    public static final int IORING_FEAT_RECVSEND_BUNDLE = 1 << 14;
    public static final int IORING_FEAT_MIN_TIMEOUT = 1 << 15;
    public static final int IORING_FEAT_RW_ATTR = 1 << 16;
    public static final int IORING_FEAT_NO_IOWAIT = 1 << 17;

    // ---- sq_ring->flags ----
    public static final int IORING_SQ_NEED_WAKEUP = 1;
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    public static final int IORING_SQ_TASKRUN = 1 << 2;

    // ---- io_uring_enter(2) flags ----
    public static final int IORING_ENTER_GETEVENTS = 1;
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;

    // ---- sqe->fsync_flags, cancel_flags ----
    public static final int IORING_FSYNC_DATASYNC = 1;
    public static final int IORING_ASYNC_CANCEL_ALL = 1;
    public static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;

    // ---- enum io_uring_register_op ----
    public static final int IORING_REGISTER_BUFFERS = 0;
    public static final int IORING_UNREGISTER_BUFFERS = 1;
    public static final int IORING_REGISTER_FILES = 2;
    public static final int IORING_UNREGISTER_FILES = 3;
    public static final int IORING_REGISTER_EVENTFD = 4;
    public static final int IORING_UNREGISTER_EVENTFD = 5;
    public static final int IORING_REGISTER_PROBE = 8;
    public static final int IORING_REGISTER_ENABLE_RINGS = 12;

    // ---- registered-file slots: enum io_uring_register_op ----
    /** Replaces entries of the registered-file table ({@code struct io_uring_files_update}; fd -1 clears). */
    public static final int IORING_REGISTER_FILES_UPDATE = 6;

    /** {@code io_uring_probe_op.flags}: the opcode is supported. */
    public static final int IO_URING_OP_SUPPORTED = 1;

    // ---- magic mmap offsets ----
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    // ---- mmap(2), eventfd(2), socket(2) (x86_64 and aarch64 share these values) ----
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_POPULATE = 0x8000;
    static final int EFD_CLOEXEC = 02000000;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_DONTWAIT = 0x40;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_KEEPALIVE = 9;
    static final int SO_LINGER = 13;
    static final int SO_REUSEPORT = 15;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    /** {@code STATX_BASIC_STATS} from linux/stat.h. */
    public static final int STATX_BASIC_STATS = 0x7ff;

    // ---- splice, multishot, zero-copy send, buffer rings (include/uapi/linux/io_uring.h, fcntl.h) ----
    public static final int IORING_OP_SENDMSG = 9;
    public static final int IORING_OP_RECVMSG = 10;
    public static final int IORING_OP_SPLICE = 30;
    public static final int IORING_OP_SENDMSG_ZC = 48;
    /** sqe->flags: link the next SQE; select a buffer from sqe->buf_group. */
    /** {@code sqe->fd} is an index into the registered-file table. */
    public static final int IOSQE_FIXED_FILE = 1;
    public static final int IOSQE_IO_LINK = 1 << 2;
    public static final int IOSQE_BUFFER_SELECT = 1 << 5;
    /** cqe->flags. */
    public static final int IORING_CQE_F_BUFFER = 1;
    public static final int IORING_CQE_F_MORE = 1 << 1;
    public static final int IORING_CQE_F_SOCK_NONEMPTY = 1 << 2;
    public static final int IORING_CQE_F_NOTIF = 1 << 3;
    public static final int IORING_CQE_BUFFER_SHIFT = 16;
    /** sqe->ioprio for send/recv and accept. */
    public static final int IORING_RECVSEND_POLL_FIRST = 1;
    public static final int IORING_RECV_MULTISHOT = 1 << 1;
    public static final int IORING_ACCEPT_MULTISHOT = 1;
    /** io_uring_register opcodes for provided buffer rings. */
    public static final int IORING_REGISTER_PBUF_RING = 22;
    public static final int IORING_UNREGISTER_PBUF_RING = 23;
    /** pipe2(2) and fcntl(2) (asm-generic/fcntl.h; F_LINUX_SPECIFIC_BASE + 7 and + 8). */
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    static final int F_SETPIPE_SZ = 1031;
    static final int F_GETPIPE_SZ = 1032;
    /** POLL_ADD events. */
    public static final int POLLOUT = 0x004;

    private IoUringConstants() {
    }

    /** A readable name for an opcode this package knows, else its number. */
    public static String opName(int op) {
        return switch (op) {
            case IORING_OP_SPLICE -> "SPLICE";
            case IORING_OP_SENDMSG -> "SENDMSG";
            case IORING_OP_RECVMSG -> "RECVMSG";
            case IORING_OP_NOP -> "NOP";
            case IORING_OP_READV -> "READV";
            case IORING_OP_WRITEV -> "WRITEV";
            case IORING_OP_FSYNC -> "FSYNC";
            case IORING_OP_POLL_ADD -> "POLL_ADD";
            case IORING_OP_TIMEOUT -> "TIMEOUT";
            case IORING_OP_ACCEPT -> "ACCEPT";
            case IORING_OP_ASYNC_CANCEL -> "ASYNC_CANCEL";
            case IORING_OP_CONNECT -> "CONNECT";
            case IORING_OP_OPENAT -> "OPENAT";
            case IORING_OP_CLOSE -> "CLOSE";
            case IORING_OP_STATX -> "STATX";
            case IORING_OP_READ -> "READ";
            case IORING_OP_WRITE -> "WRITE";
            case IORING_OP_SEND -> "SEND";
            case IORING_OP_RECV -> "RECV";
            case IORING_OP_SHUTDOWN -> "SHUTDOWN";
            case IORING_OP_MSG_RING -> "MSG_RING";
            case IORING_OP_SEND_ZC -> "SEND_ZC";
            case IORING_OP_READ_FIXED -> "READ_FIXED";
            case IORING_OP_WRITE_FIXED -> "WRITE_FIXED";
            case IORING_OP_FALLOCATE -> "FALLOCATE";
            case IORING_OP_RENAMEAT -> "RENAMEAT";
            case IORING_OP_UNLINKAT -> "UNLINKAT";
            case IORING_OP_MKDIRAT -> "MKDIRAT";
            case IORING_OP_FTRUNCATE -> "FTRUNCATE";
            default -> "op" + op;
        };
    }
}
