package io.zokio.loop.uring.ffi;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * Memory layouts of the kernel structs this package reads and writes, each named after its C struct in
 * {@code include/uapi/linux/io_uring.h}, {@code linux/stat.h}, {@code netinet/in.h} and
 * {@code linux/time_types.h} (x86_64 and aarch64: little-endian, LP64). {@code KernelStructsTest} pins every size
 * and field offset against the numbers in those headers.
 *
 * <p>Immutable; any thread. Unions are flattened to the member this package uses (e.g. the SQE's
 * {@code rw_flags/msg_flags/...} union is {@code op_flags}).
 *
 * <pre>
 * io_uring_sqe (64 bytes)
 *  0 opcode u8 | 1 flags u8 | 2 ioprio u16 | 4 fd s32
 *  8 off / addr2 u64
 * 16 addr u64
 * 24 len u32 | 28 op_flags u32 (rw/fsync/poll32/msg/accept/cancel/open/statx flags)
 * 32 user_data u64
 * 40 buf_index u16 | 42 personality u16 | 44 splice_fd_in / file_index s32
 * 48 addr3 u64 | 56 __pad2 u64
 * </pre>
 */
public final class KernelStructs {
    /** Plain accessors with a (MemorySegment, long offset) coordinate pair; access modes give the ordering. */
    static final VarHandle U8 = JAVA_BYTE.varHandle();
    static final VarHandle U16 = JAVA_SHORT.varHandle();
    static final VarHandle U32 = JAVA_INT.varHandle();
    static final VarHandle U64 = JAVA_LONG.varHandle();

    public static final StructLayout IO_URING_SQE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"),
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_INT.withName("op_flags"),
            JAVA_LONG.withName("user_data"),
            JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("splice_fd_in"),
            JAVA_LONG.withName("addr3"),
            JAVA_LONG.withName("__pad2")).withName("io_uring_sqe");

    public static final StructLayout IO_URING_CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags")).withName("io_uring_cqe");

    public static final StructLayout IO_SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr")).withName("io_sqring_offsets");

    public static final StructLayout IO_CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("overflow"),
            JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr")).withName("io_cqring_offsets");

    public static final StructLayout IO_URING_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),
            JAVA_INT.withName("cq_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            IO_SQRING_OFFSETS.withName("sq_off"),
            IO_CQRING_OFFSETS.withName("cq_off")).withName("io_uring_params");

    public static final StructLayout IO_URING_GETEVENTS_ARG = MemoryLayout.structLayout(
            JAVA_LONG.withName("sigmask"),
            JAVA_INT.withName("sigmask_sz"),
            JAVA_INT.withName("min_wait_usec"),
            JAVA_LONG.withName("ts")).withName("io_uring_getevents_arg");

    public static final StructLayout KERNEL_TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("__kernel_timespec");

    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");

    public static final StructLayout IO_URING_PROBE_OP = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"),
            JAVA_BYTE.withName("resv"),
            JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("resv2")).withName("io_uring_probe_op");

    /** The fixed head of {@code struct io_uring_probe}; {@code ops[]} follows it. */
    public static final StructLayout IO_URING_PROBE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("last_op"),
            JAVA_BYTE.withName("ops_len"),
            JAVA_SHORT.withName("resv"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2")).withName("io_uring_probe");

    /** {@code struct sockaddr_in}; port and address are in network byte order. */
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    /**
     * {@code struct sockaddr_un} (Linux {@code <sys/un.h>}): {@code sa_family_t sun_family} (an unsigned short)
     * and {@code char sun_path[108]}. A path is NUL-terminated within {@code sun_path}; an abstract name starts
     * with a NUL and its length is the address length minus {@code sizeof(sa_family_t)}.
     */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");

    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");

    public static final StructLayout STATX_TIMESTAMP = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_INT.withName("tv_nsec"),
            JAVA_INT.withName("__reserved")).withName("statx_timestamp");

    /** {@code struct statx} (256 bytes); only the fields up to {@code stx_dio_offset_align} are named. */
    public static final StructLayout STATX = MemoryLayout.structLayout(
            JAVA_INT.withName("stx_mask"),
            JAVA_INT.withName("stx_blksize"),
            JAVA_LONG.withName("stx_attributes"),
            JAVA_INT.withName("stx_nlink"),
            JAVA_INT.withName("stx_uid"),
            JAVA_INT.withName("stx_gid"),
            JAVA_SHORT.withName("stx_mode"),
            JAVA_SHORT.withName("__spare0"),
            JAVA_LONG.withName("stx_ino"),
            JAVA_LONG.withName("stx_size"),
            JAVA_LONG.withName("stx_blocks"),
            JAVA_LONG.withName("stx_attributes_mask"),
            STATX_TIMESTAMP.withName("stx_atime"),
            STATX_TIMESTAMP.withName("stx_btime"),
            STATX_TIMESTAMP.withName("stx_ctime"),
            STATX_TIMESTAMP.withName("stx_mtime"),
            JAVA_INT.withName("stx_rdev_major"),
            JAVA_INT.withName("stx_rdev_minor"),
            JAVA_INT.withName("stx_dev_major"),
            JAVA_INT.withName("stx_dev_minor"),
            JAVA_LONG.withName("stx_mnt_id"),
            JAVA_INT.withName("stx_dio_mem_align"),
            JAVA_INT.withName("stx_dio_offset_align"),
            MemoryLayout.sequenceLayout(12, JAVA_LONG).withName("__spare3")).withName("statx");

    // ---- provided buffer rings (include/uapi/linux/io_uring.h) ----

    /** {@code struct io_uring_buf}: one ring entry. */
    public static final StructLayout IO_URING_BUF = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_SHORT.withName("bid"),
            JAVA_SHORT.withName("resv")).withName("io_uring_buf");

    /**
     * The header view of {@code struct io_uring_buf_ring}: a union of the entry array with this struct, so the
     * ring tail overlays the {@code resv} field of entry 0.
     */
    public static final StructLayout IO_URING_BUF_RING_HEAD = MemoryLayout.structLayout(
            JAVA_LONG.withName("resv1"),
            JAVA_INT.withName("resv2"),
            JAVA_SHORT.withName("resv3"),
            JAVA_SHORT.withName("tail")).withName("io_uring_buf_ring");

    /** {@code struct io_uring_buf_reg}: the argument of IORING_(UN)REGISTER_PBUF_RING. */
    public static final StructLayout IO_URING_BUF_REG = MemoryLayout.structLayout(
            JAVA_LONG.withName("ring_addr"),
            JAVA_INT.withName("ring_entries"),
            JAVA_SHORT.withName("bgid"),
            JAVA_SHORT.withName("flags"),
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("resv")).withName("io_uring_buf_reg");

    /**
     * {@code struct io_uring_files_update}: the argument of IORING_REGISTER_FILES_UPDATE ({@code fds} points to
     * {@code nr_args} s32 descriptors written from table entry {@code offset} on).
     */
    public static final StructLayout IO_URING_FILES_UPDATE = MemoryLayout.structLayout(
            JAVA_INT.withName("offset"),
            JAVA_INT.withName("resv"),
            JAVA_LONG.withName("fds")).withName("io_uring_files_update");

    /** {@code struct msghdr} (linux/socket.h user_msghdr; glibc's is the same on LP64). */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            JAVA_INT.withName("__pad1"),
            JAVA_LONG.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            JAVA_LONG.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            JAVA_INT.withName("__pad2")).withName("msghdr");

    /** {@code struct io_uring_recvmsg_out}: the head of each buffer a multishot RECVMSG fills. */
    public static final StructLayout IO_URING_RECVMSG_OUT = MemoryLayout.structLayout(
            JAVA_INT.withName("namelen"),
            JAVA_INT.withName("controllen"),
            JAVA_INT.withName("payloadlen"),
            JAVA_INT.withName("flags")).withName("io_uring_recvmsg_out");

    // ---- field offsets used by this package (the layout test pins each against the header) ----
    static final long SQE_OPCODE = off(IO_URING_SQE, "opcode");
    static final long SQE_FLAGS = off(IO_URING_SQE, "flags");
    static final long SQE_IOPRIO = off(IO_URING_SQE, "ioprio");
    static final long SQE_FD = off(IO_URING_SQE, "fd");
    static final long SQE_OFF = off(IO_URING_SQE, "off");
    static final long SQE_ADDR = off(IO_URING_SQE, "addr");
    static final long SQE_LEN = off(IO_URING_SQE, "len");
    static final long SQE_OP_FLAGS = off(IO_URING_SQE, "op_flags");
    static final long SQE_USER_DATA = off(IO_URING_SQE, "user_data");
    static final long SQE_BUF_INDEX = off(IO_URING_SQE, "buf_index");
    static final long SQE_SPLICE_FD_IN = off(IO_URING_SQE, "splice_fd_in");
    static final long SQE_ADDR3 = off(IO_URING_SQE, "addr3");
    static final long SQE_PAD2 = off(IO_URING_SQE, "__pad2");

    static final long CQE_USER_DATA = off(IO_URING_CQE, "user_data");
    static final long CQE_RES = off(IO_URING_CQE, "res");
    static final long CQE_FLAGS = off(IO_URING_CQE, "flags");

    static final long PARAMS_SQ_ENTRIES = off(IO_URING_PARAMS, "sq_entries");
    static final long PARAMS_CQ_ENTRIES = off(IO_URING_PARAMS, "cq_entries");
    static final long PARAMS_FLAGS = off(IO_URING_PARAMS, "flags");
    static final long PARAMS_FEATURES = off(IO_URING_PARAMS, "features");
    static final long PARAMS_SQ_OFF = off(IO_URING_PARAMS, "sq_off");
    static final long PARAMS_CQ_OFF = off(IO_URING_PARAMS, "cq_off");

    static final long SQOFF_HEAD = off(IO_SQRING_OFFSETS, "head");
    static final long SQOFF_TAIL = off(IO_SQRING_OFFSETS, "tail");
    static final long SQOFF_RING_MASK = off(IO_SQRING_OFFSETS, "ring_mask");
    static final long SQOFF_RING_ENTRIES = off(IO_SQRING_OFFSETS, "ring_entries");
    static final long SQOFF_FLAGS = off(IO_SQRING_OFFSETS, "flags");
    static final long SQOFF_DROPPED = off(IO_SQRING_OFFSETS, "dropped");
    static final long SQOFF_ARRAY = off(IO_SQRING_OFFSETS, "array");

    static final long CQOFF_HEAD = off(IO_CQRING_OFFSETS, "head");
    static final long CQOFF_TAIL = off(IO_CQRING_OFFSETS, "tail");
    static final long CQOFF_RING_MASK = off(IO_CQRING_OFFSETS, "ring_mask");
    static final long CQOFF_RING_ENTRIES = off(IO_CQRING_OFFSETS, "ring_entries");
    static final long CQOFF_OVERFLOW = off(IO_CQRING_OFFSETS, "overflow");
    static final long CQOFF_CQES = off(IO_CQRING_OFFSETS, "cqes");

    static final long GETEVENTS_SIGMASK_SZ = off(IO_URING_GETEVENTS_ARG, "sigmask_sz");
    static final long GETEVENTS_TS = off(IO_URING_GETEVENTS_ARG, "ts");

    static final long TIMESPEC_SEC = off(KERNEL_TIMESPEC, "tv_sec");
    static final long TIMESPEC_NSEC = off(KERNEL_TIMESPEC, "tv_nsec");

    static final long IOVEC_BASE = off(IOVEC, "iov_base");
    static final long IOVEC_LEN = off(IOVEC, "iov_len");

    static final long PROBE_LAST_OP = off(IO_URING_PROBE, "last_op");
    static final long PROBE_OPS_LEN = off(IO_URING_PROBE, "ops_len");
    static final long PROBE_OP_FLAGS = off(IO_URING_PROBE_OP, "flags");

    static final long SIN_FAMILY = off(SOCKADDR_IN, "sin_family");
    static final long SIN_PORT = off(SOCKADDR_IN, "sin_port");
    static final long SIN_ADDR = off(SOCKADDR_IN, "sin_addr");
    static final long SUN_FAMILY = off(SOCKADDR_UN, "sun_family");
    static final long SUN_PATH = off(SOCKADDR_UN, "sun_path");
    static final long SUN_PATH_BYTES = SOCKADDR_UN.select(groupElement("sun_path")).byteSize();
    static final long SIN6_FAMILY = off(SOCKADDR_IN6, "sin6_family");
    static final long SIN6_PORT = off(SOCKADDR_IN6, "sin6_port");
    static final long SIN6_FLOWINFO = off(SOCKADDR_IN6, "sin6_flowinfo");
    static final long SIN6_ADDR = off(SOCKADDR_IN6, "sin6_addr");
    static final long SIN6_SCOPE_ID = off(SOCKADDR_IN6, "sin6_scope_id");

    static final long STX_BLKSIZE = off(STATX, "stx_blksize");
    static final long STX_NLINK = off(STATX, "stx_nlink");
    static final long STX_MODE = off(STATX, "stx_mode");
    static final long STX_INO = off(STATX, "stx_ino");
    static final long STX_SIZE = off(STATX, "stx_size");
    static final long STX_BLOCKS = off(STATX, "stx_blocks");
    static final long STX_MTIME_SEC = STATX.byteOffset(groupElement("stx_mtime"), groupElement("tv_sec"));
    static final long STX_MTIME_NSEC = STATX.byteOffset(groupElement("stx_mtime"), groupElement("tv_nsec"));

    static final long RECVMSG_OUT_NAMELEN = off(IO_URING_RECVMSG_OUT, "namelen");
    static final long RECVMSG_OUT_PAYLOADLEN = off(IO_URING_RECVMSG_OUT, "payloadlen");

    static final long MSG_NAME = off(MSGHDR, "msg_name");
    static final long MSG_NAMELEN = off(MSGHDR, "msg_namelen");
    static final long MSG_IOV = off(MSGHDR, "msg_iov");
    static final long MSG_IOVLEN = off(MSGHDR, "msg_iovlen");
    static final long MSG_CONTROL = off(MSGHDR, "msg_control");
    static final long MSG_CONTROLLEN = off(MSGHDR, "msg_controllen");
    static final long MSG_FLAGS = off(MSGHDR, "msg_flags");

    static final long BUF_ADDR = off(IO_URING_BUF, "addr");
    static final long BUF_LEN = off(IO_URING_BUF, "len");
    static final long BUF_BID = off(IO_URING_BUF, "bid");
    static final long BUF_RING_TAIL = off(IO_URING_BUF_RING_HEAD, "tail");
    static final long BUF_REG_RING_ADDR = off(IO_URING_BUF_REG, "ring_addr");
    static final long BUF_REG_RING_ENTRIES = off(IO_URING_BUF_REG, "ring_entries");
    static final long BUF_REG_BGID = off(IO_URING_BUF_REG, "bgid");

    static final long FILES_UPDATE_OFFSET = off(IO_URING_FILES_UPDATE, "offset");
    static final long FILES_UPDATE_FDS = off(IO_URING_FILES_UPDATE, "fds");

    private KernelStructs() {
    }

    /** The byte offset of a named field; public so that the layout test can pin it. */
    public static long off(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }
}
