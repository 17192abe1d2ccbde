package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static io.zokio.loop.uring.ffi.KernelStructs.*;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Creates and maps a ring, as liburing's setup.c does: {@code io_uring_setup} with the wanted flags (dropping
 * them one by one on EINVAL), then the SQ ring, CQ ring (one mapping with IORING_FEAT_SINGLE_MMAP) and SQE
 * array. Stateless; any thread.
 */
final class IoUringSetup {
    private static final long SQE_SIZE = IO_URING_SQE.byteSize();
    private static final long CQE_SIZE = IO_URING_CQE.byteSize();

    private IoUringSetup() {
    }

    private static long u32(MemorySegment s, long off) {
        return Integer.toUnsignedLong((int) U32.get(s, off));
    }

    /**
     * Creates a ring of {@code entries} SQEs and {@code 2 * entries} CQEs with as many of {@code wantedFlags}
     * as the kernel accepts (flags are dropped one by one on EINVAL, in {@link IoUringProbe#OPTIONAL} order).
     *
     * @throws ErrnoException {@code io_uring_setup} or {@code mmap} failed (with a detail such as
     *                        {@code kernel.io_uring_disabled=2})
     */
    static IoUring open(int entries, int wantedFlags) throws IOException {
        IoUringProbe.checkAvailable();
        UringFeatures probe = IoUringProbe.probe();
        int flags = IORING_SETUP_CQSIZE;
        for (UringFeatures.SetupFlag f : probe.flags()) {
            if (f.supported() && (wantedFlags & f.bit()) != 0) {
                flags |= f.bit();
            }
        }
        flags = fixup(flags);
        try (Arena tmp = Arena.ofConfined()) {
            Native nat = new Native(tmp);
            MemorySegment params = tmp.allocate(IO_URING_PARAMS);
            int fd;
            int drop = 0;
            String offCause = "not requested";
            while (true) {
                params.fill((byte) 0);
                U32.set(params, PARAMS_FLAGS, flags);
                U32.set(params, PARAMS_CQ_ENTRIES, 2 * entries);
                fd = nat.ioUringSetup(entries, params);
                if (fd >= 0) {
                    break;
                }
                if (fd != -Errno.EINVAL || drop >= IoUringProbe.OPTIONAL.length) {
                    throw new ErrnoException("io_uring_setup", fd, IoUringProbe.detail(fd));
                }
                while (drop < IoUringProbe.OPTIONAL.length && (flags & IoUringProbe.OPTIONAL[drop]) == 0) {
                    drop++;
                }
                if (drop < IoUringProbe.OPTIONAL.length) {
                    offCause = "dropped after EINVAL with the full set";
                    flags = fixup(flags & ~IoUringProbe.OPTIONAL[drop++]);
                }
            }
            return map(nat, fd, params, probe.withEnabled((int) U32.get(params, PARAMS_FLAGS),
                    (int) U32.get(params, PARAMS_FEATURES), offCause));
        }
    }

    /** Removes flags whose prerequisites are gone. */
    private static int fixup(int flags) {
        if ((flags & IORING_SETUP_SINGLE_ISSUER) == 0) {
            flags &= ~(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_R_DISABLED);
        }
        if ((flags & (IORING_SETUP_COOP_TASKRUN | IORING_SETUP_DEFER_TASKRUN)) == 0) {
            flags &= ~IORING_SETUP_TASKRUN_FLAG;
        }
        return flags;
    }

    private static IoUring map(Native nat, int fd, MemorySegment params, UringFeatures features)
            throws IOException {
        int sqEntries = (int) U32.get(params, PARAMS_SQ_ENTRIES);
        int cqEntries = (int) U32.get(params, PARAMS_CQ_ENTRIES);
        long sqSize = u32(params, PARAMS_SQ_OFF + SQOFF_ARRAY) + 4L * sqEntries;
        long cqSize = u32(params, PARAMS_CQ_OFF + CQOFF_CQES) + CQE_SIZE * cqEntries;
        boolean single = (features.features() & IORING_FEAT_SINGLE_MMAP) != 0;
        if (single) {
            sqSize = cqSize = Math.max(sqSize, cqSize);
        }
        int[] err = new int[1];
        MemorySegment sq = null;
        MemorySegment cq = null;
        MemorySegment sqes;
        try {
            sq = nat.mmapShared(fd, sqSize, IORING_OFF_SQ_RING, err);
            if (sq == null) {
                throw new ErrnoException("mmap", err[0], "SQ ring of " + sqSize + " bytes");
            }
            cq = single ? sq : nat.mmapShared(fd, cqSize, IORING_OFF_CQ_RING, err);
            if (cq == null) {
                throw new ErrnoException("mmap", err[0], "CQ ring of " + cqSize + " bytes");
            }
            sqes = nat.mmapShared(fd, SQE_SIZE * sqEntries, IORING_OFF_SQES, err);
            if (sqes == null) {
                throw new ErrnoException("mmap", err[0], "SQE array");
            }
        } catch (IOException | RuntimeException e) {
            if (cq != null && cq != sq) {
                nat.munmap(cq);
            }
            if (sq != null) {
                nat.munmap(sq);
            }
            nat.close(fd);
            throw e;
        }
        return IoUring.wrap(fd, params, sq, cq, sqes, features);
    }

}
