package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static io.zokio.loop.uring.ffi.KernelStructs.*;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds out, once per process, whether io_uring works and which optional setup flags and opcodes the kernel
 * has: each flag is tried alone (with its prerequisites) on a two-entry ring, then
 * {@code IORING_REGISTER_PROBE} lists the opcodes. Thread-safe: the result is computed under the class lock
 * and then immutable.
 */
public final class IoUringProbe {
    /** Optional setup flags in the order {@link IoUring#open} drops them when the kernel says EINVAL. */
    static final int[] OPTIONAL = {IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_R_DISABLED,
            IORING_SETUP_TASKRUN_FLAG, IORING_SETUP_COOP_TASKRUN, IORING_SETUP_SUBMIT_ALL, IORING_SETUP_CQSIZE};
    private static final int PROBE_OPS = 256;

    private static UringFeatures cached;
    private static ErrnoException failure;

    private IoUringProbe() {
    }

    /** The process-wide probe result; never throws. */
    public static synchronized UringFeatures probe() {
        if (cached == null) {
            try {
                cached = run();
            } catch (ErrnoException e) {
                failure = e;
                cached = UringFeatures.unavailable(e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                cached = UringFeatures.unavailable(e.toString());
            }
        }
        return cached;
    }

    /** Throws the setup failure that made io_uring unavailable, if any. */
    static synchronized void checkAvailable() throws IOException {
        UringFeatures f = probe();
        if (!f.available()) {
            if (failure != null) {
                throw new ErrnoException(failure.syscall(), failure.errno(), detail(failure.errno()));
            }
            throw new UnsupportedOperationException("io_uring unavailable: " + f.cause());
        }
    }

    static String name(int bit) {
        return switch (bit) {
            case IORING_SETUP_DEFER_TASKRUN -> "DEFER_TASKRUN";
            case IORING_SETUP_SINGLE_ISSUER -> "SINGLE_ISSUER";
            case IORING_SETUP_R_DISABLED -> "R_DISABLED";
            case IORING_SETUP_TASKRUN_FLAG -> "TASKRUN_FLAG";
            case IORING_SETUP_COOP_TASKRUN -> "COOP_TASKRUN";
            case IORING_SETUP_SUBMIT_ALL -> "SUBMIT_ALL";
            case IORING_SETUP_CQSIZE -> "CQSIZE";
            default -> "0x" + Integer.toHexString(bit);
        };
    }

    /** Flags a flag needs to be accepted at all. */
    static int prerequisites(int bit) {
        return switch (bit) {
            case IORING_SETUP_DEFER_TASKRUN -> IORING_SETUP_SINGLE_ISSUER;
            case IORING_SETUP_TASKRUN_FLAG -> IORING_SETUP_COOP_TASKRUN;
            default -> 0;
        };
    }

    /** Why {@code io_uring_setup} may have failed with {@code errno}, for the exception detail. */
    static String detail(int errno) {
        String disabled = readSysctl("/proc/sys/kernel/io_uring_disabled");
        return switch (Math.abs(errno)) {
            case Errno.EPERM -> disabled != null && !disabled.equals("0")
                    ? "kernel.io_uring_disabled=" + disabled
                    : "not permitted (seccomp profile or container policy; kernel.io_uring_disabled="
                            + disabled + ")";
            case Errno.ENOSYS -> "io_uring_setup is not implemented (kernel older than 5.1, "
                    + "CONFIG_IO_URING=n, or blocked by seccomp)";
            case Errno.ENOMEM -> "RLIMIT_MEMLOCK too low for the rings (raise ulimit -l) or out of memory";
            case Errno.EINVAL -> "the kernel rejected the ring parameters";
            default -> null;
        };
    }

    private static String readSysctl(String path) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static UringFeatures run() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            Native nat = new Native(arena);
            MemorySegment params = arena.allocate(IO_URING_PARAMS);
            int fd = nat.ioUringSetup(2, params);
            if (fd < 0) {
                throw new ErrnoException("io_uring_setup", fd, detail(fd));
            }
            int features = (int) U32.get(params, PARAMS_FEATURES);
            boolean[] ops = new boolean[PROBE_OPS];
            int lastOp = -1;
            try {
                long size = IO_URING_PROBE.byteSize() + PROBE_OPS * IO_URING_PROBE_OP.byteSize();
                MemorySegment probe = arena.allocate(size, 8);
                if (nat.ioUringRegister(fd, IORING_REGISTER_PROBE, probe, PROBE_OPS) >= 0) {
                    lastOp = Byte.toUnsignedInt((byte) U8.get(probe, PROBE_LAST_OP));
                    int len = Byte.toUnsignedInt((byte) U8.get(probe, PROBE_OPS_LEN));
                    for (int i = 0; i < len && i < PROBE_OPS; i++) {
                        long at = IO_URING_PROBE.byteSize() + i * IO_URING_PROBE_OP.byteSize();
                        int flags = Short.toUnsignedInt((short) U16.get(probe, at + PROBE_OP_FLAGS));
                        ops[i] = (flags & IO_URING_OP_SUPPORTED) != 0;
                    }
                }
            } finally {
                nat.close(fd);
            }
            List<UringFeatures.SetupFlag> flags = new ArrayList<>();
            for (int bit : OPTIONAL) {
                int try1 = bit | prerequisites(bit);
                params.fill((byte) 0);
                if (bit == IORING_SETUP_CQSIZE) {
                    U32.set(params, PARAMS_CQ_ENTRIES, 8);
                }
                U32.set(params, PARAMS_FLAGS, try1);
                int r = nat.ioUringSetup(2, params);
                if (r >= 0) {
                    nat.close(r);
                    flags.add(new UringFeatures.SetupFlag(name(bit), bit, true, false, "not requested"));
                } else {
                    flags.add(new UringFeatures.SetupFlag(name(bit), bit, false, false,
                            "io_uring_setup said " + Errno.name(r) + (r == -Errno.EINVAL ? " (kernel too old)" : "")));
                }
            }
            return new UringFeatures(true, null, flags, features, ops, lastOp);
        }
    }
}
