package io.zokio.loop.uring;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;

import io.zokio.loop.uring.ffi.UringFeatures;
import java.util.Locale;

/**
 * Which setup flags a backend asks for and which kernels it accepts. Stateless; any thread.
 */
final class UringPolicy {
    /** Single issuer with deferred task work; the ring is enabled by its first submitter (R_DISABLED). */
    static final int FLAGS_SINGLE_ISSUER = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN
            | IORING_SETUP_TASKRUN_FLAG | IORING_SETUP_R_DISABLED | IORING_SETUP_SUBMIT_ALL;
    /** The default: cooperative task work, flagged in sq_flags so poll(0) knows when to enter. */
    static final int FLAGS_COOP = IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG | IORING_SETUP_SUBMIT_ALL;
    static final int FLAGS_PLAIN = IORING_SETUP_SUBMIT_ALL;

    /** Opcodes every {@link io.zokio.loop.Op} but TIMEOUT maps onto (SHUTDOWN, the newest, is from 5.11). */
    private static final int[] REQUIRED_OPS = {IORING_OP_NOP, IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC,
            IORING_OP_POLL_ADD, IORING_OP_TIMEOUT, IORING_OP_ACCEPT, IORING_OP_ASYNC_CANCEL, IORING_OP_CONNECT,
            IORING_OP_OPENAT, IORING_OP_CLOSE, IORING_OP_STATX, IORING_OP_READ, IORING_OP_WRITE, IORING_OP_SEND,
            IORING_OP_RECV, IORING_OP_SHUTDOWN};

    /** {@code -Dzokio.uring.setup=single|coop|plain}; default {@code coop} (see the package doc). */
    static int flagsFromProperty() {
        String p = System.getProperty("zokio.uring.setup", "coop").trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "single", "single_issuer", "defer" -> FLAGS_SINGLE_ISSUER;
            case "plain" -> FLAGS_PLAIN;
            default -> FLAGS_COOP;
        };
    }

    /** What a usable kernel lacks, or {@code null}: the {@link #REQUIRED_OPS} and NODROP (no lost completions). */
    static String missing(UringFeatures f) {
        if (!f.available()) {
            return null; // IoUring.open throws the setup failure itself, with its errno and detail
        }
        StringBuilder sb = new StringBuilder();
        if (!f.hasFeature(IORING_FEAT_NODROP)) {
            sb.append("IORING_FEAT_NODROP ");
        }
        if (f.lastOp() < 0) {
            sb.append("IORING_REGISTER_PROBE ");
        } else {
            for (int op : REQUIRED_OPS) {
                if (!f.supportsOp(op)) {
                    sb.append("IORING_OP_").append(opName(op)).append(' ');
                }
            }
        }
        return sb.isEmpty() ? null : sb.toString().trim() + " (kernel 5.11 or newer needed)";
    }

    private UringPolicy() {
    }
}
