package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.KernelStructs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;

/**
 * Pins every struct size and field offset this package uses against include/uapi/linux/io_uring.h,
 * linux/stat.h, netinet/in.h and linux/time_types.h (numbers computed by hand from the C declarations).
 */
class KernelStructsTest {
    @Test
    void ioUringSqe() {
        assertEquals(64, IO_URING_SQE.byteSize());
        assertEquals(0, SQE_OPCODE);
        assertEquals(1, SQE_FLAGS);
        assertEquals(2, SQE_IOPRIO);
        assertEquals(4, SQE_FD);
        assertEquals(8, SQE_OFF);
        assertEquals(16, SQE_ADDR);
        assertEquals(24, SQE_LEN);
        assertEquals(28, SQE_OP_FLAGS);
        assertEquals(32, SQE_USER_DATA);
        assertEquals(40, SQE_BUF_INDEX);
        assertEquals(42, off(IO_URING_SQE, "personality"));
        assertEquals(44, SQE_SPLICE_FD_IN);
        assertEquals(48, SQE_ADDR3);
        assertEquals(56, SQE_PAD2);
    }

    @Test
    void ioUringCqe() {
        assertEquals(16, IO_URING_CQE.byteSize());
        assertEquals(0, CQE_USER_DATA);
        assertEquals(8, CQE_RES);
        assertEquals(12, CQE_FLAGS);
    }

    @Test
    void ringOffsetsAndParams() {
        assertEquals(40, IO_SQRING_OFFSETS.byteSize());
        assertEquals(0, SQOFF_HEAD);
        assertEquals(4, SQOFF_TAIL);
        assertEquals(8, SQOFF_RING_MASK);
        assertEquals(12, SQOFF_RING_ENTRIES);
        assertEquals(16, SQOFF_FLAGS);
        assertEquals(20, SQOFF_DROPPED);
        assertEquals(24, SQOFF_ARRAY);
        assertEquals(32, off(IO_SQRING_OFFSETS, "user_addr"));
        assertEquals(40, IO_CQRING_OFFSETS.byteSize());
        assertEquals(0, CQOFF_HEAD);
        assertEquals(4, CQOFF_TAIL);
        assertEquals(8, CQOFF_RING_MASK);
        assertEquals(12, CQOFF_RING_ENTRIES);
        assertEquals(16, CQOFF_OVERFLOW);
        assertEquals(20, CQOFF_CQES);
        assertEquals(24, off(IO_CQRING_OFFSETS, "flags"));
        assertEquals(120, IO_URING_PARAMS.byteSize());
        assertEquals(0, PARAMS_SQ_ENTRIES);
        assertEquals(4, PARAMS_CQ_ENTRIES);
        assertEquals(8, PARAMS_FLAGS);
        assertEquals(20, PARAMS_FEATURES);
        assertEquals(24, off(IO_URING_PARAMS, "wq_fd"));
        assertEquals(40, PARAMS_SQ_OFF);
        assertEquals(80, PARAMS_CQ_OFF);
    }

    @Test
    void smallStructs() {
        assertEquals(24, IO_URING_GETEVENTS_ARG.byteSize());
        assertEquals(8, GETEVENTS_SIGMASK_SZ);
        assertEquals(16, GETEVENTS_TS);
        assertEquals(16, KERNEL_TIMESPEC.byteSize());
        assertEquals(0, TIMESPEC_SEC);
        assertEquals(8, TIMESPEC_NSEC);
        assertEquals(16, IOVEC.byteSize());
        assertEquals(0, IOVEC_BASE);
        assertEquals(8, IOVEC_LEN);
        assertEquals(16, IO_URING_PROBE.byteSize());
        assertEquals(8, IO_URING_PROBE_OP.byteSize());
        assertEquals(0, PROBE_LAST_OP);
        assertEquals(1, PROBE_OPS_LEN);
        assertEquals(2, PROBE_OP_FLAGS);
    }

    @Test
    void sockaddrs() {
        assertEquals(16, SOCKADDR_IN.byteSize());
        assertEquals(0, SIN_FAMILY);
        assertEquals(2, SIN_PORT);
        assertEquals(4, SIN_ADDR);
        assertEquals(28, SOCKADDR_IN6.byteSize());
        assertEquals(0, SIN6_FAMILY);
        assertEquals(2, SIN6_PORT);
        assertEquals(4, SIN6_FLOWINFO);
        assertEquals(8, SIN6_ADDR);
        assertEquals(24, SIN6_SCOPE_ID);
    }

    @Test
    void statx() {
        assertEquals(256, STATX.byteSize());
        assertEquals(16, STATX_TIMESTAMP.byteSize());
        assertEquals(4, STX_BLKSIZE);
        assertEquals(0x10, STX_NLINK);
        assertEquals(0x1c, STX_MODE);
        assertEquals(0x20, STX_INO);
        assertEquals(0x28, STX_SIZE);
        assertEquals(0x30, STX_BLOCKS);
        assertEquals(0x70, STX_MTIME_SEC);
        assertEquals(0x78, STX_MTIME_NSEC);
        assertEquals(0x80, STATX.byteOffset(PathElement.groupElement("stx_rdev_major")));
        assertEquals(0x90, STATX.byteOffset(PathElement.groupElement("stx_mnt_id")));
        assertEquals(0xa0, STATX.byteOffset(PathElement.groupElement("__spare3")));
    }

    // provided buffer rings (struct io_uring_buf, io_uring_buf_ring, io_uring_buf_reg)
    @Test
    void providedBufferRing() {
        assertEquals(16, IO_URING_BUF.byteSize());
        assertEquals(0, BUF_ADDR);
        assertEquals(8, BUF_LEN);
        assertEquals(12, BUF_BID);
        assertEquals(14, off(IO_URING_BUF, "resv"));
        // the ring tail overlays entry 0's resv field
        assertEquals(16, IO_URING_BUF_RING_HEAD.byteSize());
        assertEquals(14, BUF_RING_TAIL);
        assertEquals(40, IO_URING_BUF_REG.byteSize());
        assertEquals(0, BUF_REG_RING_ADDR);
        assertEquals(8, BUF_REG_RING_ENTRIES);
        assertEquals(12, BUF_REG_BGID);
        assertEquals(14, off(IO_URING_BUF_REG, "flags"));
        assertEquals(16, off(IO_URING_BUF_REG, "resv"));
    }

    @Test
    void msghdr() {
        assertEquals(56, MSGHDR.byteSize());
        assertEquals(0, MSG_NAME);
        assertEquals(8, MSG_NAMELEN);
        assertEquals(16, MSG_IOV);
        assertEquals(24, MSG_IOVLEN);
        assertEquals(32, MSG_CONTROL);
        assertEquals(40, MSG_CONTROLLEN);
        assertEquals(48, MSG_FLAGS);
    }

    @Test
    void recvmsgOut() {
        assertEquals(16, IO_URING_RECVMSG_OUT.byteSize());
        assertEquals(0, RECVMSG_OUT_NAMELEN);
        assertEquals(8, RECVMSG_OUT_PAYLOADLEN);
        // the payload offset the loop API promises: header plus the reserved sockaddr room
        assertEquals(io.zokio.loop.Completion.RECVMSG_HEADER_BYTES,
                IO_URING_RECVMSG_OUT.byteSize() + NativeCodec.RECVMSG_NAME_BYTES);
        assertEquals(true, NativeCodec.RECVMSG_NAME_BYTES >= SOCKADDR_IN6.byteSize());
    }

    @Test
    void filesUpdate() {
        // struct io_uring_files_update { __u32 offset; __u32 resv; __aligned_u64 fds; }
        assertEquals(16, IO_URING_FILES_UPDATE.byteSize());
        assertEquals(0, FILES_UPDATE_OFFSET);
        assertEquals(4, off(IO_URING_FILES_UPDATE, "resv"));
        assertEquals(8, FILES_UPDATE_FDS);
    }
}
